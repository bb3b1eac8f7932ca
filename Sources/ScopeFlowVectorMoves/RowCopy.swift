// Copies of short rows between buffers: the data-movement steps of compiled plans (a split of the
// seed RNN's gates moves rows of 11 floats).

/// Copies `rows` rows of `length` floats: row `r` from `source + r·sourceStride` to
/// `target + r·targetStride`. Rows must not overlap. Each row is whole vectors, the last one
/// overlapping the one before rather than a scalar tail: one or two moves for a row of 4 to 32
/// floats.
@inlinable @inline(__always)
public func copyRows(
    rows: Int, length: Int, source: UnsafePointer<Float>, sourceStride: Int, target: UnsafeMutablePointer<Float>,
    targetStride: Int
) {
    let strides = (sourceStride &* 4, targetStride &* 4)
    if length >= 16 {
        copyRows(SIMD16<Float>.self, rows, length, UnsafeRawPointer(source), UnsafeMutableRawPointer(target), strides)
    } else if length >= 8 {
        copyRows(SIMD8<Float>.self, rows, length, UnsafeRawPointer(source), UnsafeMutableRawPointer(target), strides)
    } else if length >= 4 {
        copyRows(SIMD4<Float>.self, rows, length, UnsafeRawPointer(source), UnsafeMutableRawPointer(target), strides)
    } else {
        for r in 0..<rows {
            for j in 0..<length { target[r &* targetStride &+ j] = source[r &* sourceStride &+ j] }
        }
    }
}

/// `rows` rows of `length >= V.scalarCount` floats, `strides` bytes apart, each as vectors of `V`,
/// the last one ending the row.
@inlinable @inline(__always)
func copyRows<V: SIMD>(
    _: V.Type, _ rows: Int, _ length: Int, _ source: UnsafeRawPointer, _ target: UnsafeMutableRawPointer,
    _ strides: (source: Int, target: Int)
) where V.Scalar == Float {
    let width = V.scalarCount
    let last = (length &- width) &* 4
    var (from, to) = (source, target)
    for _ in 0..<rows {
        var offset = 0
        while offset < last {
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: offset, as: V.self), toByteOffset: offset, as: V.self)
            offset &+= width &* 4
        }
        to.storeBytes(of: from.loadUnaligned(fromByteOffset: last, as: V.self), toByteOffset: last, as: V.self)
        (from, to) = (from + strides.source, to + strides.target)
    }
}
