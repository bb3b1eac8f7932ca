// Float32 sums over leading axes, accumulated in float64 as ScopeFlow's reductions do, compiled
// for AVX-512 (see ConvolutionTile.swift): 8 conversions and adds per instruction instead of the
// baseline build's 2. Each output's additions happen in the same order, so the bits are the same.

/// Adds each of `rows` consecutive rows of `width` floats at `source` into `sums`, in row order:
/// `sums[j] += Double(source[r·width + j])` for `r = 0 ..< rows`.
@inline(never)
public func avx512AddRows(_ source: UnsafePointer<Float>, rows: Int, width: Int, into sums: UnsafeMutablePointer<Double>) {
    var row = source
    for _ in 0..<rows {
        for j in 0..<width { sums[j] += Double(row[j]) }
        row += width
    }
}
