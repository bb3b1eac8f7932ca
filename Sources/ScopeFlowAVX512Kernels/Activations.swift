import ScopeFlowEigenMath

// TF's float32 Tanh and Sigmoid, 16 lanes at a time: the scalar Eigen approximations of
// ScopeFlowEigenMath, vectorized by the compiler for AVX-512 (see ConvolutionTile.swift). Each
// lane runs the same operations as the scalar function, so the bits are the same.

/// Replaces each of the `count` floats at `values` with Eigen's tanh of it (TF's `Tanh`).
@inline(never)
public func avx512EigenTanh(_ values: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count { values[i] = Float.eigenTanh(values[i]) }
}

/// Replaces each of the `count` floats at `values` with Eigen's logistic of it (TF's `Sigmoid`).
@inline(never)
public func avx512EigenLogistic(_ values: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count { values[i] = Float.eigenLogistic(values[i]) }
}
