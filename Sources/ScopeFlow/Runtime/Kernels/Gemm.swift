import Dispatch
import Foundation

/// An element type the GEMM core handles: a binary floating-point scalar with
/// a SIMD vector type (`Lane`) that is the width of one baseline micro-kernel row.
protocol GemmScalar: BinaryFloatingPoint, SIMDScalar, HostScalar, Codable {
    /// The SIMD vector holding one row of a baseline micro-tile.
    associatedtype Lane: SIMD where Lane.Scalar == Self

    /// Runs `product` through the system BLAS; false when `blas` has no routine for this type.
    static func systemGemm(_ blas: SystemBLAS, _ product: BLASProduct<Self>) -> Bool

    /// The micro-kernel and blocking the blocked path runs on `backend`.
    static func blockedKernel(for backend: GemmBackend) -> GemmKernel<Self>

    /// Computes one `Gemm.mr x kernel.nr` tile of C on `kernel`'s micro-kernel, from packed
    /// micro-panels, and writes its `rows x cols` top-left corner (added to C when `add`).
    static func tile(
        _ kernel: GemmKernel<Self>, depth: Int, a: UnsafePointer<Self>, b: UnsafePointer<Self>,
        c: UnsafeMutablePointer<Self>, ldc: Int, rows: Int, cols: Int, add: Bool)
}

extension Float: GemmScalar {
    typealias Lane = SIMD8<Float>
}

extension Double: GemmScalar {
    typealias Lane = SIMD4<Double>
}

/// A read-only strided matrix view: element `(i, j)` lives at
/// `base[i * rowStride + j * columnStride]`. Transposes are expressed by
/// swapping the strides, so the GEMM never materialises a transposed copy.
///
/// `@unchecked Sendable`: a view is only read, and whoever creates it keeps
/// the memory alive and unchanged while the GEMM's worker threads use it.
struct MatrixView<T>: @unchecked Sendable {
    let base: UnsafePointer<T>
    let rowStride: Int
    let columnStride: Int

    /// A row-major `rows x columns` matrix, or its transpose when `transposed`.
    init(_ base: UnsafePointer<T>, columns: Int, transposed: Bool) {
        self.base = base
        rowStride = transposed ? 1 : columns
        columnStride = transposed ? columns : 1
    }

    /// A view with explicit strides.
    init(_ base: UnsafePointer<T>, rowStride: Int, columnStride: Int) {
        self.base = base
        self.rowStride = rowStride
        self.columnStride = columnStride
    }

    @inline(__always) subscript(i: Int, j: Int) -> T { base[i &* rowStride &+ j &* columnStride] }

    /// The same layout starting `elements` further on (the next matrix of a batch, a stripe).
    func advanced(by elements: Int) -> MatrixView {
        MatrixView(base + elements, rowStride: rowStride, columnStride: columnStride)
    }
}

/// A mutable pointer handed to worker threads that write disjoint parts of
/// the memory it points to (`@unchecked Sendable` for that reason).
struct SharedPointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
}

/// General matrix multiply `C = A·B` (or `C += A·B`).
///
/// float32 products run on the register tiles of ``TiledGemm`` where the CPU has them (all but
/// the tiniest, and on AVX2 all but the large ones, which the system BLAS takes when there is
/// one). Otherwise products big enough to pay for it go to the ``SystemBLAS`` when one
/// was found (see ``GemmBackend``); the rest run in pure Swift. Large products are cache
/// blocked (BLIS style: `kc`-deep panels of A and B are packed into contiguous
/// micro-panels and a `mr x nr` register-tile micro-kernel, a ``GemmKernel``, runs
/// over them) and split over all cores. Small products take direct loops with no
/// packing (``multiplySmall``).
enum Gemm {
    /// Rows of a micro-tile, the same for every ``GemmKernel``.
    static let mr = 6
    /// Products of an untransposed B with at most this many multiply-adds take
    /// ``multiplySmall`` when the blocked path would run the baseline kernel, or a product
    /// thinner than one tile (fewer than `mr` rows or `nr` columns) on any kernel:
    /// measured faster than the blocked path up to 64³, even at 96³.
    static let smallWork = 64 * 64 * 64
    /// The same bound for a transposed B (dot-product form), measured even with the blocked path at 16³.
    static let smallTransposedWork = 16 * 16 * 16
    /// Products with at least this many multiply-adds are split over cores.
    static let parallelWork = 96 * 96 * 96
    /// The cores to split over, read once: `activeProcessorCount` reads cgroup files on every call.
    static let cores = ProcessInfo.processInfo.activeProcessorCount
    /// Products with at least this many multiply-adds go to the system BLAS under `.automatic`.
    /// Measured (OpenBLAS 0.3.21, x86-64): the Swift loop wins only below 4³ (2³: 0.011 µs
    /// against 0.020 µs); from 4³ up OpenBLAS is 2–7x faster (20×44×21: 0.40 µs against 2.0 µs).
    static let systemWork = 4 * 4 * 4

    /// Computes `C[m x n] (+)= A[m x k] · B[k x n]`; C is row-major with row stride `ldc`.
    ///
    /// - Parameters:
    ///   - accumulate: add the product to C instead of overwriting it.
    ///   - parallel: allow spreading the work over all cores.
    ///   - backend: which implementation runs the product.
    static func multiply<T: GemmScalar>(
        m: Int, n: Int, k: Int, a: MatrixView<T>, b: MatrixView<T>,
        c: UnsafeMutablePointer<T>, ldc: Int, accumulate: Bool = false, parallel: Bool = true,
        backend: GemmBackend = .automatic
    ) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
            return
        }
        let work = m * n * k
        if T.self == Float.self, TiledGemm.handles(work: work, backend: backend) {
            TiledGemm.multiply(
                m: m, n: n, k: k, a: unsafeBitCast(a, to: MatrixView<Float>.self),
                b: unsafeBitCast(b, to: MatrixView<Float>.self),
                c: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), ldc: ldc, accumulate: accumulate,
                parallel: parallel)
            return
        }
        if backend == .system || backend == .automatic && work >= systemWork, let blas = SystemBLAS.shared,
            let product = BLASProduct(m: m, n: n, k: k, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate),
            T.systemGemm(blas, product)
        {
            return
        }
        let kernel = T.blockedKernel(for: backend)
        if work <= smallPathWork(m: m, n: n, bRowsContiguous: b.columnStride == 1, kernel: kernel) {
            multiplySmall(m: m, n: n, k: k, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate)
            return
        }
        guard parallel, cores > 1, work >= parallelWork else {
            multiplyBlocked(m: m, n: n, k: k, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate, kernel: kernel)
            return
        }
        // Split C into independent stripes along its longer side, each a whole
        // blocked GEMM with its own packing buffers; column stripes are whole B micro-panels.
        let splitRows = m >= n
        let extent = splitRows ? m : n
        let unit = splitRows ? mr : kernel.nr
        let stripes = min(2 * cores, max(1, extent / (4 * unit)))
        let stripe = (extent + stripes - 1) / stripes
        let aligned = (stripe + unit - 1) / unit * unit
        let output = SharedPointer(pointer: c)
        DispatchQueue.concurrentPerform(iterations: stripes) { s in
            let start = s * aligned
            let size = min(aligned, extent - start)
            guard size > 0 else { return }
            if splitRows {
                multiplyBlocked(
                    m: size, n: n, k: k, a: a.advanced(by: start * a.rowStride), b: b, c: output.pointer + start * ldc,
                    ldc: ldc, accumulate: accumulate, kernel: kernel)
            } else {
                multiplyBlocked(
                    m: m, n: size, k: k, a: a, b: b.advanced(by: start * b.columnStride), c: output.pointer + start,
                    ldc: ldc, accumulate: accumulate, kernel: kernel)
            }
        }
    }

    /// The most multiply-adds an `m x n` product may have to take ``multiplySmall``
    /// rather than the blocked path on `kernel`.
    static func smallPathWork<T>(m: Int, n: Int, bRowsContiguous: Bool, kernel: GemmKernel<T>) -> Int {
        guard bRowsContiguous else { return smallTransposedWork }
        return m < mr || n < kernel.nr ? smallWork : kernel.smallWork
    }

    /// The single-threaded, cache-blocked product on `kernel`.
    static func multiplyBlocked<T: GemmScalar>(
        m: Int, n: Int, k: Int, a: MatrixView<T>, b: MatrixView<T>,
        c: UnsafeMutablePointer<T>, ldc: Int, accumulate: Bool, kernel: GemmKernel<T>
    ) {
        let nr = kernel.nr
        let kcMax = min(kernel.kc, k)
        let mcMax = min(kernel.mc, (m + mr - 1) / mr * mr)
        let nPadded = (n + nr - 1) / nr * nr
        let bytes = MemoryLayout<T>.stride
        let packedA = UnsafeMutableRawPointer.allocate(byteCount: mcMax * kcMax * bytes, alignment: 64)
        let packedB = UnsafeMutableRawPointer.allocate(byteCount: nPadded * kcMax * bytes, alignment: 64)
        defer {
            packedA.deallocate()
            packedB.deallocate()
        }
        let aBuffer = packedA.bindMemory(to: T.self, capacity: mcMax * kcMax)
        let bBuffer = packedB.bindMemory(to: T.self, capacity: nPadded * kcMax)
        var p0 = 0
        while p0 < k {
            let depth = min(kcMax, k - p0)
            packB(b, rows: p0, depth: depth, n: n, width: nr, into: bBuffer)
            let add = accumulate || p0 > 0
            var i0 = 0
            while i0 < m {
                let rows = min(mcMax, m - i0)
                packA(a, row: i0, rows: rows, column: p0, depth: depth, into: aBuffer)
                var j = 0
                while j < n {
                    let cols = min(nr, n - j)
                    var r = 0
                    while r < rows {
                        T.tile(
                            kernel, depth: depth, a: aBuffer + r * depth, b: bBuffer + j * depth,
                            c: c + (i0 + r) * ldc + j, ldc: ldc, rows: min(mr, rows - r), cols: cols, add: add)
                        r += mr
                    }
                    j += nr
                }
                i0 += rows
            }
            p0 += depth
        }
    }

    /// Packs rows `row..<row+rows`, columns `column..<column+depth` of A into
    /// `mr`-row micro-panels, each stored column by column; short panels are zero padded.
    @inline(__always)
    static func packA<T: GemmScalar>(
        _ a: MatrixView<T>, row: Int, rows: Int, column: Int, depth: Int, into out: UnsafeMutablePointer<T>
    ) {
        var dst = out
        var r0 = 0
        while r0 < rows {
            let height = min(mr, rows - r0)
            let src = a.base + (row + r0) * a.rowStride + column * a.columnStride
            for p in 0..<depth {
                let col = src + p * a.columnStride
                for r in 0..<height { dst[r] = col[r * a.rowStride] }
                for r in height..<mr { dst[r] = 0 }
                dst += mr
            }
            r0 += mr
        }
    }

    /// Packs rows `rows..<rows+depth` of B into `nr`-column micro-panels, each
    /// stored row by row; the last panel is zero padded. `nr` is a multiple of `T.Lane`'s width.
    @inline(__always)
    static func packB<T: GemmScalar>(
        _ b: MatrixView<T>, rows: Int, depth: Int, n: Int, width nr: Int, into out: UnsafeMutablePointer<T>
    ) {
        let lane = T.Lane.scalarCount
        var dst = out
        var j0 = 0
        while j0 < n {
            let width = min(nr, n - j0)
            let src = b.base + rows * b.rowStride + j0 * b.columnStride
            if width == nr && b.columnStride == 1 {
                // One lane-wide column strip at a time: a row-by-row copy of a width known only
                // at run time would become a `memmove` call per row.
                for j in stride(from: 0, to: nr, by: lane) {
                    var from = UnsafeRawPointer(src + j), to = UnsafeMutableRawPointer(dst + j)
                    for _ in 0..<depth {
                        to.storeBytes(of: from.loadUnaligned(as: T.Lane.self), as: T.Lane.self)
                        from += b.rowStride * MemoryLayout<T>.stride
                        to += nr * MemoryLayout<T>.stride
                    }
                }
                dst += depth * nr
            } else {
                for p in 0..<depth {
                    let row = src + p * b.rowStride
                    for j in 0..<width { dst[j] = row[j * b.columnStride] }
                    for j in width..<nr { dst[j] = 0 }
                    dst += nr
                }
            }
            j0 += nr
        }
    }

    /// Writes (or adds) a full lane to unaligned memory.
    @inline(__always)
    static func store<V: SIMD>(_ value: V, to p: UnsafeMutablePointer<V.Scalar>, add: Bool) where V.Scalar: FloatingPoint {
        let raw = UnsafeMutableRawPointer(p)
        raw.storeBytes(of: add ? raw.loadUnaligned(as: V.self) + value : value, as: V.self)
    }
}
