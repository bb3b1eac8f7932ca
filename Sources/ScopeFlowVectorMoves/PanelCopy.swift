// ScopeFlowVectorMoves: the data movement around ScopeFlow's register tiles (panel copies of B,
// patches of convolution windows, short row copies, float64 row sums, the direct convolution's
// epilogue), written once over SIMD16<Float>. Every function is inlinable and is only ever
// called from the thin entry points of `ScopeFlowAVX512Kernels` and `ScopeFlowWideKernels`, so
// each body is compiled for its caller's vector unit (AVX-512 in the one, AVX2 + FMA in the
// other): this module itself emits no code that runs.
//
// Copies of B into the 32-float rows the register tiles read. Short rows are whole-vector loads
// with the lanes past the row zeroed, not element loops: the unroll threshold the AVX-512 module
// needs for its tile would unroll a 32-step element loop into 32 compares and branches.

/// Copies `rows` rows of `columns` floats (`columns <= 32`) into rows of 32 floats, zero past
/// `columns`: `destination[r·destinationStride + j] = source[r·rowStride + j·columnStride]`.
///
/// The source must be exactly those rows and columns of a matrix: a short contiguous row is read
/// as 32 floats whenever that stays at or before the last float of the last row.
///
/// - Parameters:
///   - rows: rows to copy.
///   - columns: floats of each row to copy, 1...32.
///   - source: the first float of the first row.
///   - rowStride: floats between the starts of neighbouring source rows.
///   - columnStride: floats between neighbouring floats of a source row.
///   - destination: where the first 32-float row goes.
///   - destinationStride: floats between the starts of neighbouring destination rows.
@inlinable @inline(__always)
public func copyPanelRows(
    rows: Int, columns: Int, source: UnsafePointer<Float>, rowStride: Int, columnStride: Int,
    destination: UnsafeMutablePointer<Float>, destinationStride: Int
) {
    guard columnStride == 1 else {
        copyStridedPanelRows(
            rows: rows, columns: columns, source: source, rowStride: rowStride, columnStride: columnStride,
            destination: destination, destinationStride: destinationStride)
        return
    }
    let lanes = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
    let width = SIMD16<Int32>(repeating: Int32(columns))
    for r in 0..<rows {
        let from = UnsafeRawPointer(source + r &* rowStride)
        let to = UnsafeMutableRawPointer(destination + r &* destinationStride)
        var low = SIMD16<Float>(), high = SIMD16<Float>()
        if (rows &- 1 &- r) &* rowStride &+ columns >= 32 {
            low = from.loadUnaligned(as: SIMD16<Float>.self)
            high = from.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            if columns < 32 {
                low.replace(with: 0, where: lanes .>= width)
                high.replace(with: 0, where: lanes &+ 16 .>= width)
            }
        } else {
            let row = from.assumingMemoryBound(to: Float.self)
            for j in 0..<min(columns, 16) { low[j] = row[j] }
            for j in 16..<max(columns, 16) { high[j &- 16] = row[j] }
        }
        to.storeBytes(of: low, as: SIMD16<Float>.self)
        to.storeBytes(of: high, toByteOffset: 64, as: SIMD16<Float>.self)
    }
}

/// ``copyPanelRows(rows:columns:source:rowStride:columnStride:destination:destinationStride:)``
/// for rows whose floats are not contiguous (B a transposed matrix, whose columns usually are):
/// the rows are zeroed, then the floats go column by column, each column read in order.
@inlinable @inline(__always)
func copyStridedPanelRows(
    rows: Int, columns: Int, source: UnsafePointer<Float>, rowStride: Int, columnStride: Int,
    destination: UnsafeMutablePointer<Float>, destinationStride: Int
) {
    for r in 0..<rows {
        let to = UnsafeMutableRawPointer(destination + r &* destinationStride)
        to.storeBytes(of: SIMD16<Float>(), as: SIMD16<Float>.self)
        to.storeBytes(of: SIMD16<Float>(), toByteOffset: 64, as: SIMD16<Float>.self)
    }
    for j in 0..<columns {
        let column = source + j &* columnStride, to = destination + j
        for r in 0..<rows { to[r &* destinationStride] = column[r &* rowStride] }
    }
}
