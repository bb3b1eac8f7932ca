import ScopeFlowEigenMath

// TF's float32 Tanh and Sigmoid, 16 lanes at a time: the scalar Eigen approximations of
// ScopeFlowEigenMath, vectorized by the compiler for AVX-512 (see ConvolutionTile.swift). Each
// lane runs the same operations as the scalar function, so the bits are the same.

/// Replaces each of the `count` floats at `values` with Eigen's tanh of it (TF's `Tanh`).
@inline(never)
public func avx512EigenTanh(_ values: UnsafeMutablePointer<Float>, count: Int) {
    mapInPlace(values, count: count) { Float.eigenTanh($0) }
}

/// Replaces each of the `count` floats at `values` with Eigen's logistic of it (TF's `Sigmoid`).
@inline(never)
public func avx512EigenLogistic(_ values: UnsafeMutablePointer<Float>, count: Int) {
    mapInPlace(values, count: count) { Float.eigenLogistic($0) }
}

/// Elements per iteration of the vectorized loops: 4 vectors of 16 lanes.
private let loopWidth = 64

/// ``mapInPlace(_:count:blockWidth:_:)`` in blocks of ``loopWidth``.
@inline(__always)
private func mapInPlace(_ values: UnsafeMutablePointer<Float>, count: Int, _ f: (Float) -> Float) {
    ScopeFlowEigenMath.mapInPlace(values, count: count, blockWidth: loopWidth, f)
}
