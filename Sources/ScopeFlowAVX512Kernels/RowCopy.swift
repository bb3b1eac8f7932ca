// Copies of short rows between buffers, compiled for AVX-512 (see ConvolutionTile.swift): the
// data-movement steps of compiled plans (a split of the seed RNN's gates moves rows of 11 floats).

/// Copies `rows` rows of `length` floats: row `r` from `source + r·sourceStride` to
/// `target + r·targetStride`. Rows must not overlap. Each row is whole vectors, the last one
/// overlapping the one before rather than a scalar tail: one or two moves for a row of 4 to 32
/// floats.
@inline(never)
public func avx512CopyRows(
    rows: Int, length: Int, source: UnsafePointer<Float>, sourceStride: Int, target: UnsafeMutablePointer<Float>,
    targetStride: Int
) {
    var (from, to) = (UnsafeRawPointer(source), UnsafeMutableRawPointer(target))
    let (fromStep, toStep) = (sourceStride &* 4, targetStride &* 4)
    if length >= 16 {
        for _ in 0..<rows {
            copyRow(SIMD16<Float>.self, from, to, length)
            (from, to) = (from + fromStep, to + toStep)
        }
    } else if length >= 8 {
        for _ in 0..<rows {
            copyRow(SIMD8<Float>.self, from, to, length)
            (from, to) = (from + fromStep, to + toStep)
        }
    } else if length >= 4 {
        for _ in 0..<rows {
            copyRow(SIMD4<Float>.self, from, to, length)
            (from, to) = (from + fromStep, to + toStep)
        }
    } else {
        for _ in 0..<rows {
            for j in 0..<length {
                to.storeBytes(of: from.load(fromByteOffset: j &* 4, as: Float.self), toByteOffset: j &* 4, as: Float.self)
            }
            (from, to) = (from + fromStep, to + toStep)
        }
    }
}

/// One row of `length >= V.scalarCount` floats as vectors of `V`, the last one ending the row.
@inline(__always)
private func copyRow<V: SIMD>(_: V.Type, _ from: UnsafeRawPointer, _ to: UnsafeMutableRawPointer, _ length: Int)
where V.Scalar == Float {
    let width = V.scalarCount
    var j = 0
    while j &+ width < length {
        to.storeBytes(of: from.loadUnaligned(fromByteOffset: j &* 4, as: V.self), toByteOffset: j &* 4, as: V.self)
        j &+= width
    }
    let last = (length &- width) &* 4
    to.storeBytes(of: from.loadUnaligned(fromByteOffset: last, as: V.self), toByteOffset: last, as: V.self)
}
