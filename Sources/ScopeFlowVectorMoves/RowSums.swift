// Float32 sums over leading axes, accumulated in float64 as ScopeFlow's reductions do: compiled
// for AVX-512, 8 conversions and adds per instruction instead of the baseline build's 2. Each
// output's additions happen in the same order, so the bits are the same.

/// Adds each of `rows` rows of `width` floats at `source`, `rowStride` floats apart, into `sums`,
/// in row order: `sums[j] += Double(source[r·rowStride + j])` for `r = 0 ..< rows`.
///
/// Each group of 16 columns is one pass down the rows with its sums in two registers, the columns
/// past the last group one pass each: a loop over a row of a few dozen floats would leave the
/// vectorizer's 64-float iterations unused and add in memory, one row after the other.
@inlinable @inline(__always)
public func addRows(
    _ source: UnsafePointer<Float>, rows: Int, width: Int, rowStride: Int, into sums: UnsafeMutablePointer<Double>
) {
    var j = 0
    while j + 16 <= width {
        let target = UnsafeMutableRawPointer(sums + j)
        var low = target.loadUnaligned(as: SIMD8<Double>.self)
        var high = target.loadUnaligned(fromByteOffset: 64, as: SIMD8<Double>.self)
        var row = UnsafeRawPointer(source + j)
        let step = rowStride &* MemoryLayout<Float>.stride
        for _ in 0..<rows {
            let values = row.loadUnaligned(as: SIMD16<Float>.self)
            low += SIMD8<Double>(values.lowHalf)
            high += SIMD8<Double>(values.highHalf)
            row += step
        }
        target.storeBytes(of: low, as: SIMD8<Double>.self)
        target.storeBytes(of: high, toByteOffset: 64, as: SIMD8<Double>.self)
        j += 16
    }
    while j < width {
        var sum = sums[j]
        var element = source + j
        for _ in 0..<rows {
            sum += Double(element.pointee)
            element += rowStride
        }
        sums[j] = sum
        j += 1
    }
}
