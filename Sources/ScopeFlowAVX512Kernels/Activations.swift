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

/// Applies `f` to each float in place: whole iterations of ``loopWidth`` floats, then the rest
/// through a zero-padded block of that width, so no float goes through a scalar remainder loop
/// (the seed RNN's 220-float gates left 28 of them there, most of the loop's time).
@inline(__always)
private func mapInPlace(_ values: UnsafeMutablePointer<Float>, count: Int, _ f: (Float) -> Float) {
    let whole = count / loopWidth * loopWidth
    for i in 0..<whole { values[i] = f(values[i]) }
    let rest = count - whole
    guard rest > 0 else { return }
    withUnsafeTemporaryAllocation(of: Float.self, capacity: loopWidth) { buffer in
        let block = buffer.baseAddress!
        block.initialize(repeating: 0, count: loopWidth)
        block.update(from: values + whole, count: rest)
        for i in 0..<loopWidth { block[i] = f(block[i]) }
        (values + whole).update(from: block, count: rest)
    }
}
