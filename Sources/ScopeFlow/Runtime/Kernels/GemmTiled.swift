import Dispatch
import ScopeFlowAVX512Kernels

/// The float32 GEMM on the AVX-512 tiles of `ScopeFlowAVX512Kernels` (`avx512ConvolutionTile`,
/// the direct convolution's tile), where ``SIMDSupport/avx512Kernel`` allows it.
///
/// The product runs in `depthBlock`-deep slices of the sum and 32-column panels of C; within a
/// slice, blocks of `rowBlock` rows of A are walked once per panel, so a panel's slice of B
/// (32 KB) stays in L1 while the tiles go down the block, and the block stays in L2 across the
/// panels. Rows (or, for short products, panels) are split over the cores.
///
/// B is copied once, panel by panel, zero-padded to 32 columns, unless A is short (fewer than
/// 64 rows) and B's rows are contiguous and a multiple of 32 wide. A is read in place when a
/// block meets only one panel or is small; otherwise each block's rows are copied 272 floats
/// apart: read in place, a row stride that is a large power of two would map a tile's 14 rows
/// onto a few L1 sets.
enum TiledGemm {
    /// Depth of one slice of the sum: `depthBlock x 32` floats of B fill 32 KB of L1.
    static let depthBlock = 256
    /// Rows of A in one block: 24 tiles of 14 rows, 336 KB of L2 when copied.
    static let rowBlock = 24 * 14
    /// Products with fewer multiply-adds take ``Gemm``'s other paths: below this the tile's fixed
    /// cost (zeroing and storing 28 accumulators) outweighs its speed.
    static let smallestWork = 8 * 8 * 8

    /// Whether `C (+)= A·B` of these sizes runs here on `backend`.
    static func handles(work: Int, backend: GemmBackend) -> Bool {
        (backend == .automatic || backend == .tiles) && SIMDSupport.avx512Kernel && work >= smallestWork
    }

    /// Rows of the tallest tile (`avx512ConvolutionTile` runs 14-row tiles).
    static let tileRows = 14

    /// One tile call: `rows` rows of panel `panel` over the slice of the sum from `p0`.
    @inline(__always)
    private static func tile(
        rows: Int, depth: Int, a: UnsafePointer<Float>, aRowStride: Int, aDepthStride: Int, b: PackedColumns, panel: Int,
        p0: Int, c: UnsafeMutablePointer<Float>, ldc: Int, n: Int, accumulate: Bool
    ) {
        let j = panel * 32
        avx512ConvolutionTile(
            rows: rows, depth: depth, a: a, aRowStride: aRowStride, aDepthStride: aDepthStride, b: b.panel(panel, row: p0),
            bStride: b.stride, c: c + j, ldc: ldc, columns: min(32, n - j), accumulate: accumulate)
    }

    /// `C[m x n] (+)= A[m x k] · B[k x n]`, C row-major with row stride `ldc`.
    static func multiply(
        m: Int, n: Int, k: Int, a: MatrixView<Float>, b: MatrixView<Float>, c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool, parallel: Bool
    ) {
        // Panel-major copies keep each panel's slice of B in one piece; reading B in place with a
        // large row stride would map the slice's rows onto a few L1 sets.
        let packed = PackedColumns(b, rows: k, columns: n, inPlace: m < 64, panelMajor: true)
        defer { packed.release() }
        let panels = (n + 31) / 32
        let output = SharedPointer(pointer: c)
        let work = m * n * k
        let parts = parallel && Gemm.cores > 1 && work >= Gemm.parallelWork ? 2 * Gemm.cores : 1
        // Split the rows when each part gets a few tiles of them (each then copies only its own
        // rows of A), else the panels.
        let splitsPanels = m < 2 * tileRows * parts
        let runPart: @Sendable (Int) -> Void = { part in
            let (firstPanel, lastPanel) = splitsPanels ? (panels * part / parts, panels * (part + 1) / parts) : (0, panels)
            let (firstRow, lastRow) = splitsPanels ? (0, m) : (m * part / parts, m * (part + 1) / parts)
            guard firstPanel < lastPanel, firstRow < lastRow else { return }
            let copiesA = lastPanel - firstPanel > 1 && (lastRow - firstRow) * min(k, depthBlock) >= 64 * 1024
            let blockStride = depthBlock + 16
            let block = copiesA ? UnsafeMutablePointer<Float>.allocate(capacity: rowBlock * blockStride) : nil
            defer { block?.deallocate() }
            var p0 = 0
            while p0 < k {
                let depth = min(depthBlock, k - p0)
                var i0 = firstRow
                while i0 < lastRow {
                    let rows = min(copiesA ? rowBlock : lastRow - i0, lastRow - i0)
                    var source = a.base + i0 * a.rowStride + p0 * a.columnStride
                    var (rowStride, depthStride) = (a.rowStride, a.columnStride)
                    if let block {
                        for r in 0..<rows {
                            let row = block + r * blockStride
                            if a.columnStride == 1 {
                                row.update(from: source + r * a.rowStride, count: depth)
                            } else {
                                for p in 0..<depth { row[p] = a[i0 + r, p0 + p] }
                            }
                        }
                        (source, rowStride, depthStride) = (UnsafePointer(block), blockStride, 1)
                    }
                    for panel in firstPanel..<lastPanel {
                        tile(
                            rows: rows, depth: depth, a: source, aRowStride: rowStride, aDepthStride: depthStride,
                            b: packed, panel: panel, p0: p0, c: output.pointer + i0 * ldc, ldc: ldc, n: n,
                            accumulate: accumulate || p0 > 0)
                    }
                    i0 += rows
                }
                p0 += depth
            }
        }
        // One part runs here: dispatching it would cost a block and a queue hop per small product.
        if parts == 1 { runPart(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: runPart) }
    }
}

/// B as the tiles read it: `rows` rows of 32-float panels, each panel row's 32 floats contiguous,
/// panel `j` starting at `values + j · panelStride`. The matrix itself when its rows are contiguous,
/// its width a multiple of 32 and `inPlace` allows it; else a zero-padded copy, panel after panel
/// (each panel's rows one after the other) when `panelMajor`, row after row otherwise.
///
/// `@unchecked Sendable`: the worker threads only read it, and its owner releases it after
/// they have all finished.
struct PackedColumns: @unchecked Sendable {
    let values: UnsafePointer<Float>
    /// Floats between rows of a panel.
    let stride: Int
    /// Floats between the starts of neighbouring panels.
    let panelStride: Int
    private let copy: UnsafeMutablePointer<Float>?

    init(_ matrix: MatrixView<Float>, rows: Int, columns: Int, inPlace: Bool = true, panelMajor: Bool = false) {
        if inPlace, matrix.columnStride == 1, columns % 32 == 0 {
            (values, stride, panelStride, copy) = (matrix.base, matrix.rowStride, 32, nil)
            return
        }
        let width = (columns + 31) / 32 * 32
        let padded = UnsafeMutablePointer<Float>.allocate(capacity: max(1, rows * width))
        let (rowStep, panelStep) = panelMajor ? (32, rows * 32) : (width, 32)
        for panel in 0..<(width / 32) {
            avx512CopyPanelRows(
                rows: rows, columns: min(32, columns - panel * 32),
                source: matrix.base + panel * 32 * matrix.columnStride, rowStride: matrix.rowStride,
                columnStride: matrix.columnStride, destination: padded + panel * panelStep, destinationStride: rowStep)
        }
        (values, stride, panelStride, copy) = (UnsafePointer(padded), rowStep, panelStep, padded)
    }

    /// A row-major `rows x columns` matrix, read in place when its width is a multiple of 32.
    init(_ matrix: UnsafePointer<Float>, rows: Int, columns: Int) {
        self.init(MatrixView(matrix, columns: columns, transposed: false), rows: rows, columns: columns)
    }

    /// The first float of panel `panel`, row `row`.
    func panel(_ panel: Int, row: Int) -> UnsafePointer<Float> { values + panel * panelStride + row * stride }

    func release() { copy?.deallocate() }
}
