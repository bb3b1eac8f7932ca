import ScopeFlowEigenMath

// float32 Tanh and Sigmoid over a buffer, with the same element functions as ScopeFlow's
// baseline loops (`ScopeFlowEigenMath`), so the bits are the same; compiled here for AVX2, the
// loops run 8 lanes at a time instead of 4. Only called after ScopeFlow's CPU check.

/// Elements per iteration of the vectorized loops: 2 vectors of 8 lanes on AVX2 (the module's
/// interleave); the rest of a buffer goes through one zero-padded block of this width instead of
/// a scalar loop (Sigmoid on the seed RNN's 220-float gates left 12 floats there).
private let loopWidth = 16

/// Replaces each of the `count` floats at `values` with Eigen's `tanh` of it (TF's `Tanh`).
@inline(never)
public func wideEigenTanh(_ values: UnsafeMutablePointer<Float>, count: Int) {
    mapInPlace(values, count: count, blockWidth: loopWidth) { Float.eigenTanh($0) }
}

/// Replaces each of the `count` floats at `values` with Eigen's logistic of it (TF's `Sigmoid`).
@inline(never)
public func wideEigenLogistic(_ values: UnsafeMutablePointer<Float>, count: Int) {
    mapInPlace(values, count: count, blockWidth: loopWidth) { Float.eigenLogistic($0) }
}
