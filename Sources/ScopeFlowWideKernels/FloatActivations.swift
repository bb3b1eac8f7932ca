import ScopeFlowEigenMath

// float32 Tanh and Sigmoid over a buffer, with the same element functions as ScopeFlow's
// baseline loops (`ScopeFlowEigenMath`), so the bits are the same; compiled here for AVX2, the
// loops run 8 lanes at a time instead of 4. Only called after ScopeFlow's CPU check.

/// Replaces each of the `count` floats at `values` with Eigen's `tanh` of it (TF's `Tanh`).
@inline(never)
public func wideEigenTanh(_ values: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count { values[i] = Float.eigenTanh(values[i]) }
}

/// Replaces each of the `count` floats at `values` with Eigen's logistic of it (TF's `Sigmoid`).
@inline(never)
public func wideEigenLogistic(_ values: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count { values[i] = Float.eigenLogistic(values[i]) }
}
