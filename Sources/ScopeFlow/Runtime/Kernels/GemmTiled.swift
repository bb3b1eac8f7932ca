import Dispatch

/// The float32 GEMM on the register tiles of ``TileKernels`` (the direct convolution's tiles),
/// where the CPU runs them.
///
/// The product runs in `depthBlock`-deep slices of the sum and 32-column panels of C. Within a
/// slice, a copied block of A is walked as micro-panels of ``tileRows`` rows (14 on AVX-512,
/// whose figures follow; 12 on AVX2), each over a group of
/// `panelGroup` panels before the next: the micro-panel (28 KB) is read from L1 or streamed from
/// L2 and the group's slices of B (1 MB) stream from L2. Keeping a panel's slice of B in L1
/// instead, with the tiles going down A, ran 25–30% slower at 2048²: the slice and a tile's rows
/// of A together fill L1. Rows (or, for short products, panels) are split over the cores.
///
/// B is copied once, panel by panel, zero-padded to 32 columns, unless A is short (fewer than
/// 64 rows) and B's rows are contiguous: then B is read in place, but for the last few rows of a
/// narrow last panel (see ``PackedColumns``). A is read in place when a
/// block meets only one panel or is small; otherwise each block is copied as micro-panels of
/// ``tileRows`` rows (``packTileRows``), so a tile finds its broadcast elements side by side:
/// read in place, each row needs its own address, and a row stride that is a large power of two
/// would map a tile's rows onto a few L1 sets.
enum TiledGemm {
    /// Depth of one slice of the sum: a panel's slice of B is 64 KB. Each slice loads and stores
    /// every tile of C once; at 256 deep, on a Zen 4 EPYC (32 KB L1, 1 MB L2 per core), a 1024²
    /// product ran at 60–80 GFLOP/s per core against 95–100 at 992² and 1056² (there the 14 rows
    /// of a tile of C are 4 KB apart, in one 8-way L1 set; the likely cause, not a measured one).
    /// 512 deep ran 1024² at 94–101 on one core and 178–194 on two (256 deep: 120–162), and 2048²
    /// at 190–202 (161–191). On the Intel Xeon (48 KB 12-way L1, 2 MB L2), 512 deep measured the
    /// same as 256.
    static let depthBlock = 512
    /// Rows of A in one copied block: 36 micro-panels (of 14 rows, 1 MB when the slice is 512 deep).
    static let rowBlock = 36 * tileRows
    /// Panels of C a copied micro-panel of A meets before the next micro-panel (their slices of B
    /// stream from L2 while the micro-panel is read again for each of them). 8 measured the same.
    static let panelGroup = 16
    /// Products with fewer multiply-adds take ``Gemm``'s other paths: below this the tile's fixed
    /// cost (zeroing and storing 28 accumulators) outweighs its speed.
    static let smallestWork = 8 * 8 * 8

    /// Under `.automatic`, products with at least this many multiply-adds go to a system BLAS that
    /// runs AVX-512 kernels instead (``SystemBLAS/runsAVX512Kernels``). Measured (OpenBLAS 0.3.21
    /// "SkylakeX" on two cores of a family 6 model 207 Xeon, GFLOP/s, tiles against BLAS): 128³ 63–95
    /// against 77–110, 256³ 95–122 against 146–174, 1024³ 139–188 against 209–265.
    static let systemBLASWork = 128 * 128 * 128
    /// Whether products of ``systemBLASWork`` multiply-adds and more leave the tiles under
    /// `.automatic`: the system BLAS runs AVX-512 kernels, or the tiles are AVX2 ones (against
    /// which OpenBLAS's own AVX2 kernels win large products). Read once.
    static let yieldsLargeProducts =
        SystemBLAS.shared.map { $0.runsAVX512Kernels || TileKernels.available == .wide } ?? false

    /// Whether `C (+)= A·B` of these sizes runs here on `backend`.
    static func handles(work: Int, backend: GemmBackend) -> Bool {
        switch backend {
        case .tiles: TileKernels.available != nil && work >= smallestWork
        case .automatic:
            TileKernels.available != nil && work >= smallestWork
                && !(work >= systemBLASWork && yieldsLargeProducts)
        case .swift, .swiftBaseline, .system: false
        }
    }

    /// Rows of A copied side by side for one pass of tiles (``TileKernels/panelRows``).
    static let tileRows = TileKernels.current.panelRows

    /// One tile call: `rows` rows of panel `panel` over the slice of the sum from `p0`.
    @inline(__always)
    private static func tile(
        rows: Int, depth: Int, a: UnsafePointer<Float>, aRowStride: Int, aDepthStride: Int, b: PackedColumns, panel: Int,
        p0: Int, c: UnsafeMutablePointer<Float>, ldc: Int, n: Int, accumulate: Bool
    ) {
        let j = panel * 32
        let tail = b.tail(panel, row: p0)
        TileKernels.current.tile(
            rows: rows, depth: depth, a: a, aRowStride: aRowStride, aDepthStride: aDepthStride, b: b.panel(panel, row: p0),
            bStride: b.stride, c: c + j, ldc: ldc, columns: min(32, n - j), accumulate: accumulate,
            tail: tail.rows, stepsBeforeTail: tail.stepsBefore)
    }

    /// Products whose copy of B holds at most this many floats (64 KB) copy it onto the stack when
    /// they run on one core: the seed RNN's 66 small products per step each paid a `malloc` and a
    /// `free` for it.
    static let stackCopyFloats = 16 * 1024

    /// `C[m x n] (+)= A[m x k] · B[k x n]`, C row-major with row stride `ldc`.
    static func multiply(
        m: Int, n: Int, k: Int, a: MatrixView<Float>, b: MatrixView<Float>, c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool, parallel: Bool
    ) {
        let work = m * n * k
        let parts = parallel && Gemm.cores > 1 && work >= Gemm.parallelWork ? 2 * Gemm.cores : 1
        let product = Product(m: m, n: n, k: k, a: a, c: SharedPointer(pointer: c), ldc: ldc, accumulate: accumulate)
        // Panel-major copies keep each panel's slice of B in one piece; reading B in place with a
        // large row stride would map the slice's rows onto a few L1 sets.
        func compute(copyingInto buffer: UnsafeMutablePointer<Float>?) {
            let packed = PackedColumns(
                b, rows: k, columns: n, inPlace: m < 64, readsNarrowInPlace: true, panelMajor: true,
                parallel: parts > 1, into: buffer)
            defer { packed.release() }
            // One part runs here: dispatching it would cost a block and a queue hop per small product.
            if parts == 1 {
                product.run(part: 0, of: 1, b: packed)
            } else {
                DispatchQueue.concurrentPerform(iterations: parts) { product.run(part: $0, of: parts, b: packed) }
            }
        }
        let copyFloats = PackedColumns.floatsCopied(b, rows: k, columns: n, inPlace: m < 64, readsNarrowInPlace: true)
        if parts == 1, copyFloats > 0, copyFloats <= stackCopyFloats {
            withUnsafeTemporaryAllocation(of: Float.self, capacity: copyFloats) { compute(copyingInto: $0.baseAddress!) }
        } else {
            compute(copyingInto: nil)
        }
    }

    /// One product's operands, shared by the parts that compute it. `@unchecked Sendable`: the
    /// parts only read A and write disjoint blocks of C.
    private struct Product: @unchecked Sendable {
        let m: Int, n: Int, k: Int
        let a: MatrixView<Float>
        let c: SharedPointer<Float>
        let ldc: Int
        let accumulate: Bool

        /// Computes part `part` of `parts`: a band of rows, or (for short products) of panels.
        func run(part: Int, of parts: Int, b packed: PackedColumns) {
            let panels = (n + 31) / 32
            // Split the rows when each part gets a few tiles of them (each then copies only its own
            // rows of A), else the panels.
            let splitsPanels = m < 2 * tileRows * parts
            let (firstPanel, lastPanel) = splitsPanels ? (panels * part / parts, panels * (part + 1) / parts) : (0, panels)
            // Row parts start on whole tiles: only the last part has a short one.
            let tiles = (m + tileRows - 1) / tileRows
            let (firstRow, lastRow) =
                splitsPanels
                ? (0, m) : (min(m, tiles * part / parts * tileRows), min(m, tiles * (part + 1) / parts * tileRows))
            guard firstPanel < lastPanel, firstRow < lastRow else { return }
            let copiesA = lastPanel - firstPanel > 1 && (lastRow - firstRow) * min(k, depthBlock) >= 64 * 1024
            let blockRows = min(rowBlock, (lastRow - firstRow + tileRows - 1) / tileRows * tileRows)
            let block = copiesA ? UnsafeMutablePointer<Float>.allocate(capacity: blockRows * depthBlock) : nil
            defer { block?.deallocate() }
            var p0 = 0
            while p0 < k {
                let depth = min(depthBlock, k - p0)
                var i0 = firstRow
                while i0 < lastRow {
                    let rows = min(copiesA ? rowBlock : lastRow - i0, lastRow - i0)
                    let source = a.base + i0 * a.rowStride + p0 * a.columnStride
                    if let block {
                        packTileRows(
                            MatrixView(source, rowStride: a.rowStride, columnStride: a.columnStride), rows: rows,
                            depth: depth, into: block)
                        var group = firstPanel
                        while group < lastPanel {
                            let groupEnd = min(lastPanel, group + panelGroup)
                            var r = 0
                            while r < rows {
                                for panel in group..<groupEnd {
                                    tile(
                                        rows: min(tileRows, rows - r), depth: depth, a: block + r * depth,
                                        aRowStride: 1, aDepthStride: tileRows, b: packed, panel: panel, p0: p0,
                                        c: c.pointer + (i0 + r) * ldc, ldc: ldc, n: n,
                                        accumulate: accumulate || p0 > 0)
                                }
                                r += tileRows
                            }
                            group = groupEnd
                        }
                    } else {
                        for panel in firstPanel..<lastPanel {
                            tile(
                                rows: rows, depth: depth, a: source, aRowStride: a.rowStride,
                                aDepthStride: a.columnStride, b: packed, panel: panel, p0: p0,
                                c: c.pointer + i0 * ldc, ldc: ldc, n: n, accumulate: accumulate || p0 > 0)
                        }
                    }
                    i0 += rows
                }
                p0 += depth
            }
        }
    }

    /// Copies `rows x depth` of A into `block` as micro-panels of ``tileRows`` rows: panel `t` starts
    /// at `block + t · tileRows · depth` and holds its rows' elements side by side, `tileRows`
    /// floats per step of the sum (the last panel's missing rows are never read). A tile then
    /// reads every broadcast element at a fixed offset from one pointer.
    private static func packTileRows(_ a: MatrixView<Float>, rows: Int, depth: Int, into block: UnsafeMutablePointer<Float>) {
        var r0 = 0
        while r0 < rows {
            let panel = block + r0 * depth
            let height = min(tileRows, rows - r0)
            if a.rowStride == 1 {
                for p in 0..<depth {
                    (panel + p * tileRows).update(from: a.base + r0 + p * a.columnStride, count: height)
                }
            } else if height == tileRows {
                // Step by step of the sum, so the copy's stores are consecutive: row by row, each
                // store would land on another cache line (measured 2–3x slower).
                let rows = a.base + r0 * a.rowStride
                for p in 0..<depth {
                    let (from, to) = (rows + p * a.columnStride, panel + p * tileRows)
                    for r in 0..<tileRows { to[r] = from[r * a.rowStride] }
                }
            } else {
                let rows = a.base + r0 * a.rowStride
                for p in 0..<depth {
                    let (from, to) = (rows + p * a.columnStride, panel + p * tileRows)
                    for r in 0..<height { to[r] = from[r * a.rowStride] }
                }
            }
            r0 += tileRows
        }
    }
}

/// B as the tiles read it: `rows` rows of 32-float panels, each panel row's 32 floats contiguous,
/// panel `j` starting at `values + j · panelStride`. The matrix itself when its rows are contiguous
/// and `inPlace` allows it and either its width is a multiple of 32 or `readsNarrowInPlace`; else a
/// zero-padded copy, panel after panel (each panel's rows one after the other) when `panelMajor`,
/// row after row otherwise.
///
/// Read in place, a last panel narrower than 32 columns has its rows read as 32 floats, running
/// on into the next row (the tile writes only the panel's columns): all but its last few rows,
/// whose 32 floats would pass the matrix's last element. Those come from ``tail(_:row:)``, a
/// copy of them in 32-float rows. Copying all of B for its narrow panel cost the seed RNN's
/// training about 8% of its time.
///
/// `@unchecked Sendable`: the worker threads only read it, and its owner releases it after
/// they have all finished.
struct PackedColumns: @unchecked Sendable {
    let values: UnsafePointer<Float>
    /// Floats between rows of a panel.
    let stride: Int
    /// Floats between the starts of neighbouring panels.
    let panelStride: Int
    /// The narrow last panel's rows from ``tailStart`` on, in 32-float rows (nil: none).
    private let tailRows: UnsafePointer<Float>?
    /// The first row of the narrow last panel read from ``tailRows``; `rows` when there is none.
    private let tailStart: Int
    private let lastPanel: Int
    private let copy: UnsafeMutablePointer<Float>?

    /// Whether the init reads `matrix` in place (with at most a copy of its last rows).
    private static func readsInPlace(_ matrix: MatrixView<Float>, columns: Int, inPlace: Bool, readsNarrowInPlace: Bool)
        -> Bool
    {
        inPlace && matrix.columnStride == 1 && (columns % 32 == 0 || (readsNarrowInPlace && matrix.rowStride > 0))
    }

    /// The first row of a narrow last panel whose 32 floats would pass the last element of a
    /// `rows x columns` matrix with row stride `rowStride`: rows from there on are copied.
    private static func tailStart(rows: Int, columns: Int, rowStride: Int) -> Int {
        let width = columns % 32
        guard width > 0 else { return rows }
        // Row p reads up to 32 - width floats into row p + 1, … : safe while they exist.
        return max(0, rows - (32 - width + rowStride - 1) / rowStride)
    }

    /// How many floats the init copies for these arguments (its `buffer` must hold as many).
    static func floatsCopied(
        _ matrix: MatrixView<Float>, rows: Int, columns: Int, inPlace: Bool, readsNarrowInPlace: Bool
    ) -> Int {
        guard readsInPlace(matrix, columns: columns, inPlace: inPlace, readsNarrowInPlace: readsNarrowInPlace) else {
            return rows * ((columns + 31) / 32 * 32)
        }
        return (rows - tailStart(rows: rows, columns: columns, rowStride: matrix.rowStride)) * 32
    }

    ///
    /// - Parameters:
    ///   - readsNarrowInPlace: read a matrix with contiguous rows in place whatever its width,
    ///     its narrow last panel through ``tail(_:row:)`` (the caller's tile calls must pass it).
    ///   - parallel: copy the panels on all cores.
    ///   - buffer: where the copy goes (``floatsCopied(_:rows:columns:inPlace:readsNarrowInPlace:)``
    ///     floats), owned by the caller; nil to allocate it (``release()`` frees it).
    init(
        _ matrix: MatrixView<Float>, rows: Int, columns: Int, inPlace: Bool = true, readsNarrowInPlace: Bool = false,
        panelMajor: Bool = false, parallel: Bool = false, into buffer: UnsafeMutablePointer<Float>? = nil
    ) {
        lastPanel = (columns + 31) / 32 - 1
        if Self.readsInPlace(matrix, columns: columns, inPlace: inPlace, readsNarrowInPlace: readsNarrowInPlace) {
            let start = Self.tailStart(rows: rows, columns: columns, rowStride: matrix.rowStride)
            let tail = start < rows ? buffer ?? UnsafeMutablePointer<Float>.allocate(capacity: (rows - start) * 32) : nil
            if let tail {
                TileKernels.current.copyPanelRows(
                    rows: rows - start, columns: columns - lastPanel * 32,
                    source: matrix.base + start * matrix.rowStride + lastPanel * 32, rowStride: matrix.rowStride,
                    columnStride: 1, destination: tail, destinationStride: 32)
            }
            (values, stride, panelStride) = (matrix.base, matrix.rowStride, 32)
            (tailRows, tailStart, copy) = (tail.map { UnsafePointer($0) }, start, buffer == nil ? tail : nil)
            return
        }
        (tailRows, tailStart) = (nil, rows)
        let width = (columns + 31) / 32 * 32
        let padded = buffer ?? UnsafeMutablePointer<Float>.allocate(capacity: max(1, rows * width))
        let (rowStep, panelStep) = panelMajor ? (32, rows * 32) : (width, 32)
        let panels = width / 32
        let destination = SharedPointer(pointer: padded)
        let copyPanels: @Sendable (Int, Int) -> Void = { first, end in
            for panel in first..<end {
                TileKernels.current.copyPanelRows(
                    rows: rows, columns: min(32, columns - panel * 32),
                    source: matrix.base + panel * 32 * matrix.columnStride, rowStride: matrix.rowStride,
                    columnStride: matrix.columnStride, destination: destination.pointer + panel * panelStep,
                    destinationStride: rowStep)
            }
        }
        if parallel, panels > 1 {
            let parts = min(Gemm.cores, panels)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                copyPanels(panels * part / parts, panels * (part + 1) / parts)
            }
        } else {
            copyPanels(0, panels)
        }
        (values, stride, panelStride, copy) = (UnsafePointer(padded), rowStep, panelStep, buffer == nil ? padded : nil)
    }

    /// A row-major `rows x columns` matrix, read in place when its width is a multiple of 32.
    init(_ matrix: UnsafePointer<Float>, rows: Int, columns: Int) {
        self.init(MatrixView(matrix, columns: columns, transposed: false), rows: rows, columns: columns)
    }

    /// The first float of panel `panel`, row `row`.
    func panel(_ panel: Int, row: Int) -> UnsafePointer<Float> { values + panel * panelStride + row * stride }

    /// For a tile reading panel `panel` from row `row` on: how many of its steps read in place
    /// before the rest come from `rows` (32 floats apart), and those rows (nil: all in place).
    func tail(_ panel: Int, row: Int) -> (rows: UnsafePointer<Float>?, stepsBefore: Int) {
        guard panel == lastPanel, let tailRows else { return (nil, Int.max) }
        return (tailRows + max(0, row - tailStart) * 32, max(0, tailStart - row))
    }

    func release() { copy?.deallocate() }
}
