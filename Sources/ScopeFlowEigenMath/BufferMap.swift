/// Applies `f` to each of the `count` floats at `values` in place: whole blocks of `blockWidth`
/// floats, then the rest through a zero-padded block of that width, so no float goes through a
/// scalar remainder loop. A vectorized loop of `blockWidth` floats per iteration would otherwise
/// leave up to `blockWidth - 1` of them to its scalar rest (the seed RNN's 220-float gates left 28
/// of them there on AVX-512, most of the loop's time).
///
/// Inlinable, like the element functions, so the loops are compiled (and vectorized) for the
/// calling module's target; `blockWidth` is meant to be a constant that matches that target's
/// vector width times the vectorizer's interleave, and at most 64.
@inlinable @inline(__always)
public func mapInPlace(
    _ values: UnsafeMutablePointer<Float>, count: Int, blockWidth: Int, _ f: (Float) -> Float
) {
    let whole = count / blockWidth * blockWidth
    for i in 0..<whole { values[i] = f(values[i]) }
    let rest = count - whole
    guard rest > 0 else { return }
    withUnsafeTemporaryAllocation(of: Float.self, capacity: blockWidth) { buffer in
        let block = buffer.baseAddress!
        block.initialize(repeating: 0, count: blockWidth)
        block.update(from: values + whole, count: rest)
        for i in 0..<blockWidth { block[i] = f(block[i]) }
        (values + whole).update(from: block, count: rest)
    }
}
