import ScopeFlowPrefetch

// The float32 register tile of ScopeFlow's direct convolution, on 16-float vectors.
//
// On x86-64 this module is compiled for AVX-512 (`-target-cpu skylake-avx512`: F, CD, BW, DQ, VL
// on top of AVX2 + FMA), so nothing here may run before ScopeFlow has checked that the CPU has
// them (`SIMDSupport.avx512Kernel`). Its loops over a tile's rows are fully unrolled
// (`-unroll-threshold`), so each tile's accumulators live in registers.

/// One 16-float vector: a half of a tile row.
public typealias Float16Lane = SIMD16<Float>

/// How many steps of the sum ahead a tile prefetches its row of B (512 bytes when B is packed in
/// 32-float rows; 3 to 6 steps measured the same).
private let prefetchSteps = 4

/// Computes `C (+)= A·B` for a `rows x columns` block of C, `columns <= 32`, reading A and B in
/// place through strides instead of from packed panels.
///
/// `A[i][p] = a[i·aRowStride + p·aDepthStride]` and `B[p][j] = b[p·bStride + j]`, for rows `i`,
/// sum steps `p < depth` and columns `j < 32`: B must have 32 readable floats in each of its
/// `depth` rows (16 when `columns <= 16`); those past `columns` may hold anything, since their
/// sums are never stored. The block runs as tiles of 14 rows (28 accumulators of the 32 vector
/// registers), then 8, 4, 2 and 1; each step of a tile's sum loads two vectors of B (one when
/// `columns <= 16`) and fuses one broadcast A element per row into an accumulator per vector
/// (`vfmadd231ps` on `zmm` registers). Measured on two cores of an AVX-512 Xeon, with B in L1: 14-row tiles
/// ran 295 GFLOP/s against 256 for 8-row ones.
///
/// - Parameters:
///   - rows: rows of C to compute.
///   - depth: the length of each sum.
///   - a: `A[0][0]`.
///   - aRowStride: floats between `A[i][p]` and `A[i+1][p]`.
///   - aDepthStride: floats between `A[i][p]` and `A[i][p+1]`.
///   - b: `B[0][0]`.
///   - bStride: floats between rows of B.
///   - c: `C[0][0]`.
///   - ldc: floats between rows of C.
///   - columns: the columns of C to write, 1...32.
///   - accumulate: add to C instead of overwriting it.
///   - tail: where the rows of B from step `stepsBeforeTail` on are instead, 32 floats apart
///     (the tiled GEMM's copy of the last rows of a narrow panel it reads in place); nil: none.
///   - stepsBeforeTail: how many steps read B at `b` before the rest read `tail`.
@inline(never)
public func avx512ConvolutionTile(
    rows: Int, depth: Int, a: UnsafePointer<Float>, aRowStride: Int, aDepthStride: Int,
    b: UnsafePointer<Float>, bStride: Int, c: UnsafeMutablePointer<Float>, ldc: Int, columns: Int, accumulate: Bool,
    tail: UnsafePointer<Float>? = nil, stepsBeforeTail: Int = .max
) {
    let source = TileSource(b: b, bStride: bStride, tail: tail, stepsBeforeTail: stepsBeforeTail)
    // A packed with its rows side by side (the tiled GEMM's copies of A): a constant row stride
    // lets each broadcast address be the one A pointer plus a fixed offset.
    if aRowStride == 1 {
        tilesOfRows(
            rows: rows, depth: depth, a: a, aRowStride: 1, aDepthStride: aDepthStride, b: source, c: c, ldc: ldc,
            columns: columns, accumulate: accumulate)
    } else {
        tilesOfRows(
            rows: rows, depth: depth, a: a, aRowStride: aRowStride, aDepthStride: aDepthStride, b: source, c: c,
            ldc: ldc, columns: columns, accumulate: accumulate)
    }
}

/// Where a tile reads its rows of B: from `b`, `bStride` floats apart, then after
/// `stepsBeforeTail` steps from `tail`, 32 floats apart.
private struct TileSource {
    let b: UnsafePointer<Float>
    let bStride: Int
    let tail: UnsafePointer<Float>?
    let stepsBeforeTail: Int
}

/// The block of ``avx512ConvolutionTile`` as tiles of 14, 8, 4, 2 and 1 rows, each row one
/// vector wide when the block has at most 16 columns (the seed RNN's 12-column panels then run
/// half the multiply-adds), two otherwise.
@inline(__always)
private func tilesOfRows(
    rows: Int, depth: Int, a: UnsafePointer<Float>, aRowStride: Int, aDepthStride: Int, b: TileSource,
    c: UnsafeMutablePointer<Float>, ldc: Int, columns: Int, accumulate: Bool
) {
    if columns <= 16 {
        tilesOfRows(
            InlineArray<1, Int>.self, rows: rows, depth: depth, a: a, aRowStride: aRowStride,
            aDepthStride: aDepthStride, b: b, c: c, ldc: ldc, columns: columns, accumulate: accumulate)
    } else {
        tilesOfRows(
            InlineArray<2, Int>.self, rows: rows, depth: depth, a: a, aRowStride: aRowStride,
            aDepthStride: aDepthStride, b: b, c: c, ldc: ldc, columns: columns, accumulate: accumulate)
    }
}

/// ``tilesOfRows(rows:depth:a:aRowStride:aDepthStride:b:c:ldc:columns:accumulate:)`` with tiles
/// `V` vectors wide (`V` from the type of `vectors`: 1 or 2).
@inline(__always)
private func tilesOfRows<let V: Int>(
    _ vectors: InlineArray<V, Int>.Type, rows: Int, depth: Int, a: UnsafePointer<Float>, aRowStride: Int,
    aDepthStride: Int, b: TileSource, c: UnsafeMutablePointer<Float>, ldc: Int, columns: Int, accumulate: Bool
) {
    var done = 0
    func run<let R: Int>(_ tile: InlineArray<R, Int>.Type) {
        tileOfRows(
            tile, vectors, depth: depth, a: a + done * aRowStride, aRowStride: aRowStride,
            aDepthStride: aDepthStride, b: b, c: c + done * ldc, ldc: ldc, columns: columns, accumulate: accumulate)
        done += R
    }
    while rows - done >= 14 { run(InlineArray<14, Int>.self) }
    if rows - done >= 8 { run(InlineArray<8, Int>.self) }
    if rows - done >= 4 { run(InlineArray<4, Int>.self) }
    if rows - done >= 2 { run(InlineArray<2, Int>.self) }
    if rows - done >= 1 { run(InlineArray<1, Int>.self) }
}

/// One tile of `R` rows (`R` from the type of `rows`), `V` vectors wide (the type of `vectors`:
/// with 1, only the `left` accumulators are used and only 16 columns written); see
/// ``avx512ConvolutionTile``.
@inline(__always)
private func tileOfRows<let R: Int, let V: Int>(
    _ rows: InlineArray<R, Int>.Type, _ vectors: InlineArray<V, Int>.Type, depth: Int, a: UnsafePointer<Float>,
    aRowStride: Int, aDepthStride: Int, b: TileSource, c: UnsafeMutablePointer<Float>, ldc: Int, columns: Int,
    accumulate: Bool
) {
    var left = InlineArray<R, Float16Lane>(repeating: Float16Lane())
    var right = InlineArray<R, Float16Lane>(repeating: Float16Lane())
    var ap = a
    var bp = UnsafeRawPointer(b.b)
    var bStep = b.bStride &* MemoryLayout<Float>.stride
    var steps = b.tail == nil ? depth : min(depth, b.stepsBeforeTail)
    var stepsFromTail = depth &- steps
    // At most two runs of the same loop, over the same accumulators: B in place, then its tail.
    while true {
        let ahead = prefetchSteps &* bStep
        for _ in 0..<steps {
            // The hardware prefetchers lag a stream of B from L2 (the tiled GEMM's panels): asking
            // for its two lines a few steps ahead ran 1024² products 6–10% and 2048² 14–27% faster.
            prefetchForReading(bp + ahead)
            if V == 2 { prefetchForReading(bp + (ahead &+ 64)) }
            let b0 = bp.loadUnaligned(as: Float16Lane.self)
            let b1 = V == 2 ? bp.loadUnaligned(fromByteOffset: 64, as: Float16Lane.self) : Float16Lane()
            for i in 0..<R {
                let x = Float16Lane(repeating: ap[i &* aRowStride])
                left[i] = left[i].addingProduct(b0, x)
                if V == 2 { right[i] = right[i].addingProduct(b1, x) }
            }
            ap += aDepthStride
            bp += bStep
        }
        guard stepsFromTail > 0, let tail = b.tail else { break }
        (bp, bStep, steps, stepsFromTail) = (UnsafeRawPointer(tail), 32 &* MemoryLayout<Float>.stride, stepsFromTail, 0)
    }
    if V == 2, columns == 32 {
        for i in 0..<R {
            let row = UnsafeMutableRawPointer(c + i &* ldc)
            if accumulate {
                row.storeBytes(of: row.loadUnaligned(as: Float16Lane.self) + left[i], as: Float16Lane.self)
                row.storeBytes(
                    of: row.loadUnaligned(fromByteOffset: 64, as: Float16Lane.self) + right[i], toByteOffset: 64,
                    as: Float16Lane.self)
            } else {
                row.storeBytes(of: left[i], as: Float16Lane.self)
                row.storeBytes(of: right[i], toByteOffset: 64, as: Float16Lane.self)
            }
        }
        return
    }
    // A narrow block: the tile goes through memory once (indexing the accumulators by a
    // run-time column would keep them out of registers in the loop above).
    withUnsafeTemporaryAllocation(of: Float16Lane.self, capacity: 2 * R) { tile in
        for i in 0..<R {
            tile[2 &* i] = left[i]
            if V == 2 { tile[2 &* i &+ 1] = right[i] }
        }
        let values = UnsafeRawPointer(tile.baseAddress!)
        for i in 0..<R {
            storePartialRow(
                values + 128 &* i, count: columns, into: UnsafeMutableRawPointer(c + i &* ldc),
                accumulate: accumulate)
        }
    }
}

/// Writes (or adds) the first `count` floats of `sums` (`count < 32`) to `row` as at most five
/// vector moves of 16, 8, 4, 2 and 1 floats. Element by element (the vectorizer's 64-float loop
/// never runs for so few, so all went through its scalar rest), the narrow blocks of the seed
/// RNN's 20 × 22 × 44 products held its training to about 5,950 steps/s; this way, 6,900.
@inline(__always)
private func storePartialRow(_ sums: UnsafeRawPointer, count: Int, into row: UnsafeMutableRawPointer, accumulate: Bool) {
    var offset = 0
    func move<V: SIMD>(_: V.Type) where V.Scalar == Float {
        var value = sums.loadUnaligned(fromByteOffset: offset, as: V.self)
        if accumulate { value += row.loadUnaligned(fromByteOffset: offset, as: V.self) }
        row.storeBytes(of: value, toByteOffset: offset, as: V.self)
        offset &+= MemoryLayout<V>.size
    }
    if count & 16 != 0 { move(SIMD16<Float>.self) }
    if count & 8 != 0 { move(SIMD8<Float>.self) }
    if count & 4 != 0 { move(SIMD4<Float>.self) }
    if count & 2 != 0 { move(SIMD2<Float>.self) }
    if count & 1 != 0 {
        let value = sums.load(fromByteOffset: offset, as: Float.self)
        let old = accumulate ? row.load(fromByteOffset: offset, as: Float.self) : 0
        row.storeBytes(of: accumulate ? old + value : value, toByteOffset: offset, as: Float.self)
    }
}
