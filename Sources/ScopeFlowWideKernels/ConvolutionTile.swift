import ScopeFlowPrefetch

// The float32 register tile of ScopeFlow's direct convolution and tiled GEMM on 8-float vectors,
// for CPUs with AVX2 + FMA but without AVX-512 (see FloatMicroKernel.swift for how this module is
// compiled). It takes the same operands as `avx512ConvolutionTile` of `ScopeFlowAVX512Kernels`;
// with 16 vector registers instead of 32, a 32-column block runs as two 16-column halves, each in
// tiles of 6 rows: 12 accumulators, two vectors of B and one broadcast.

/// One 8-float vector: a half of a tile row.
public typealias Float8Lane = SIMD8<Float>

/// How many steps of the sum ahead a tile prefetches its row of B.
private let prefetchSteps = 4

/// Computes `C (+)= A·B` for a `rows x columns` block of C, `columns <= 32`, reading A and B in
/// place through strides instead of from packed panels: the contract of `avx512ConvolutionTile`.
///
/// `A[i][p] = a[i·aRowStride + p·aDepthStride]` and `B[p][j] = b[p·bStride + j]`, for rows `i`,
/// sum steps `p < depth` and columns `j < 32`: B must have 32 readable floats in each of its
/// `depth` rows (16 when `columns <= 16`); those past `columns` may hold anything, since their
/// sums are never stored. Each 16-column half of the block runs as tiles of 6 rows, then 4, 2
/// and 1; each step of a tile's sum loads two vectors of B (one when the half has at most 8
/// columns) and fuses one broadcast A element per row into an accumulator per vector
/// (`vfmadd231ps` on `ymm` registers).
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
public func wideConvolutionTile(
    rows: Int, depth: Int, a: UnsafePointer<Float>, aRowStride: Int, aDepthStride: Int,
    b: UnsafePointer<Float>, bStride: Int, c: UnsafeMutablePointer<Float>, ldc: Int, columns: Int, accumulate: Bool,
    tail: UnsafePointer<Float>? = nil, stepsBeforeTail: Int = .max
) {
    var first = 0
    while first < columns {
        let source = HalfSource(
            b: b + first, bStride: bStride, tail: tail.map { $0 + first }, stepsBeforeTail: stepsBeforeTail)
        let width = min(16, columns - first)
        // A packed with its rows side by side (the tiled GEMM's copies of A): a constant row
        // stride lets each broadcast address be the one A pointer plus a fixed offset.
        if aRowStride == 1 {
            tilesOfRows(
                rows: rows, depth: depth, a: a, aRowStride: 1, aDepthStride: aDepthStride, b: source, c: c + first,
                ldc: ldc, columns: width, accumulate: accumulate)
        } else {
            tilesOfRows(
                rows: rows, depth: depth, a: a, aRowStride: aRowStride, aDepthStride: aDepthStride, b: source,
                c: c + first, ldc: ldc, columns: width, accumulate: accumulate)
        }
        first += 16
    }
}

/// Where a half's tiles read their rows of B: from `b`, `bStride` floats apart, then after
/// `stepsBeforeTail` steps from `tail`, 32 floats apart.
private struct HalfSource {
    let b: UnsafePointer<Float>
    let bStride: Int
    let tail: UnsafePointer<Float>?
    let stepsBeforeTail: Int
}

/// One 16-column half as tiles of 6, 4, 2 and 1 rows, each row one vector wide when the half has
/// at most 8 columns, two otherwise.
@inline(__always)
private func tilesOfRows(
    rows: Int, depth: Int, a: UnsafePointer<Float>, aRowStride: Int, aDepthStride: Int, b: HalfSource,
    c: UnsafeMutablePointer<Float>, ldc: Int, columns: Int, accumulate: Bool
) {
    if columns <= 8 {
        tilesOfRows(
            InlineArray<1, Int>.self, rows: rows, depth: depth, a: a, aRowStride: aRowStride,
            aDepthStride: aDepthStride, b: b, c: c, ldc: ldc, columns: columns, accumulate: accumulate)
    } else {
        tilesOfRows(
            InlineArray<2, Int>.self, rows: rows, depth: depth, a: a, aRowStride: aRowStride,
            aDepthStride: aDepthStride, b: b, c: c, ldc: ldc, columns: columns, accumulate: accumulate)
    }
}

/// The tiles of one half, `V` vectors wide (`V` from the type of `vectors`: 1 or 2).
@inline(__always)
private func tilesOfRows<let V: Int>(
    _ vectors: InlineArray<V, Int>.Type, rows: Int, depth: Int, a: UnsafePointer<Float>, aRowStride: Int,
    aDepthStride: Int, b: HalfSource, c: UnsafeMutablePointer<Float>, ldc: Int, columns: Int, accumulate: Bool
) {
    var done = 0
    func run<let R: Int>(_ tile: InlineArray<R, Int>.Type) {
        tileOfRows(
            tile, vectors, depth: depth, a: a + done * aRowStride, aRowStride: aRowStride,
            aDepthStride: aDepthStride, b: b, c: c + done * ldc, ldc: ldc, columns: columns, accumulate: accumulate)
        done += R
    }
    while rows - done >= 6 { run(InlineArray<6, Int>.self) }
    if rows - done >= 4 { run(InlineArray<4, Int>.self) }
    if rows - done >= 2 { run(InlineArray<2, Int>.self) }
    if rows - done >= 1 { run(InlineArray<1, Int>.self) }
}

/// One tile of `R` rows (`R` from the type of `rows`) of a half, `V` vectors wide (with 1, only
/// the `left` accumulators are used and at most 8 columns written).
@inline(__always)
private func tileOfRows<let R: Int, let V: Int>(
    _ rows: InlineArray<R, Int>.Type, _ vectors: InlineArray<V, Int>.Type, depth: Int, a: UnsafePointer<Float>,
    aRowStride: Int, aDepthStride: Int, b: HalfSource, c: UnsafeMutablePointer<Float>, ldc: Int, columns: Int,
    accumulate: Bool
) {
    var left = InlineArray<R, Float8Lane>(repeating: Float8Lane())
    var right = InlineArray<R, Float8Lane>(repeating: Float8Lane())
    var ap = a
    var bp = UnsafeRawPointer(b.b)
    var bStep = b.bStride &* MemoryLayout<Float>.stride
    var steps = b.tail == nil ? depth : min(depth, b.stepsBeforeTail)
    var stepsFromTail = depth &- steps
    // At most two runs of the same loop, over the same accumulators: B in place, then its tail.
    while true {
        let ahead = prefetchSteps &* bStep
        for _ in 0..<steps {
            prefetchForReading(bp + ahead)
            let b0 = bp.loadUnaligned(as: Float8Lane.self)
            let b1 = V == 2 ? bp.loadUnaligned(fromByteOffset: 32, as: Float8Lane.self) : Float8Lane()
            for i in 0..<R {
                let x = Float8Lane(repeating: ap[i &* aRowStride])
                left[i] = left[i].addingProduct(b0, x)
                if V == 2 { right[i] = right[i].addingProduct(b1, x) }
            }
            ap += aDepthStride
            bp += bStep
        }
        guard stepsFromTail > 0, let tail = b.tail else { break }
        (bp, bStep, steps, stepsFromTail) = (UnsafeRawPointer(tail), 32 &* MemoryLayout<Float>.stride, stepsFromTail, 0)
    }
    if V == 2, columns == 16 {
        for i in 0..<R {
            let row = UnsafeMutableRawPointer(c + i &* ldc)
            if accumulate {
                row.storeBytes(of: row.loadUnaligned(as: Float8Lane.self) + left[i], as: Float8Lane.self)
                row.storeBytes(
                    of: row.loadUnaligned(fromByteOffset: 32, as: Float8Lane.self) + right[i], toByteOffset: 32,
                    as: Float8Lane.self)
            } else {
                row.storeBytes(of: left[i], as: Float8Lane.self)
                row.storeBytes(of: right[i], toByteOffset: 32, as: Float8Lane.self)
            }
        }
        return
    }
    // A narrow half: the tile goes through memory once (indexing the accumulators by a run-time
    // column would keep them out of registers in the loop above). Floats, not vectors, so the
    // buffer needs no more than the stack's alignment and stays off the heap.
    withUnsafeTemporaryAllocation(of: Float.self, capacity: 16 * R) { tile in
        let values = UnsafeMutableRawPointer(tile.baseAddress!)
        for i in 0..<R {
            values.storeBytes(of: left[i], toByteOffset: 64 &* i, as: Float8Lane.self)
            if V == 2 { values.storeBytes(of: right[i], toByteOffset: 64 &* i &+ 32, as: Float8Lane.self) }
        }
        for i in 0..<R {
            storePartialRow(
                UnsafeRawPointer(values + 64 &* i), count: columns, into: UnsafeMutableRawPointer(c + i &* ldc),
                accumulate: accumulate)
        }
    }
}

/// Writes (or adds) the first `count` floats of `sums` (`count < 16`) to `row` as at most four
/// vector moves of 8, 4, 2 and 1 floats.
@inline(__always)
private func storePartialRow(_ sums: UnsafeRawPointer, count: Int, into row: UnsafeMutableRawPointer, accumulate: Bool) {
    var offset = 0
    func move<S: SIMD>(_: S.Type) where S.Scalar == Float {
        var value = sums.loadUnaligned(fromByteOffset: offset, as: S.self)
        if accumulate { value += row.loadUnaligned(fromByteOffset: offset, as: S.self) }
        row.storeBytes(of: value, toByteOffset: offset, as: S.self)
        offset &+= MemoryLayout<S>.size
    }
    if count & 8 != 0 { move(SIMD8<Float>.self) }
    if count & 4 != 0 { move(SIMD4<Float>.self) }
    if count & 2 != 0 { move(SIMD2<Float>.self) }
    if count & 1 != 0 {
        let value = sums.load(fromByteOffset: offset, as: Float.self)
        let old = accumulate ? row.load(fromByteOffset: offset, as: Float.self) : 0
        row.storeBytes(of: accumulate ? old + value : value, toByteOffset: offset, as: Float.self)
    }
}
