import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which implementation multiplies the matrices of a ``Gemm`` call.
enum GemmBackend: Sendable, CaseIterable {
    /// The system BLAS for large float32 products when it runs AVX-512 kernels or the tiles are
    /// AVX2 ones (see ``TiledGemm/systemBLASWork``), and the register tiles for the rest where
    /// the CPU runs them (as ``tiles``); else the system BLAS for all but the tiniest products (see
    /// ``Gemm/systemWork``), the Swift GEMM otherwise.
    case automatic
    /// The float32 register tiles (``TiledGemm``, ``DirectConvolution``) wherever
    /// ``TileKernels/available`` has them, the pure-Swift blocked GEMM otherwise.
    case tiles
    /// Always the pure-Swift blocked GEMM, on the widest micro-kernel this CPU runs (see ``SIMDSupport``).
    case swift
    /// Always the pure-Swift GEMM on its portable baseline micro-kernel, whatever the CPU has
    /// (as ``RuntimeOptions/vectorKernels`` `.baseline` does for `.swift`), so tests reach both kernels.
    case swiftBaseline
    /// The system BLAS for every product it can take, whatever its size, so tests can run
    /// small inputs through it. Without a system BLAS this is the Swift GEMM.
    case system
}

/// The CBLAS `sgemm` and `dgemm` of a BLAS library found at run time (OpenBLAS
/// or any `libblas.so.3` with the CBLAS interface), with no link-time dependency.
///
/// The library is looked up once, on first use, as ``RuntimeOptions/systemBLAS`` says: the usual
/// names, one given file, or none (everything runs on the Swift GEMM).
///
/// An OpenBLAS built for many CPUs picks its kernels when it is loaded, from the CPU's model
/// number; one older than the CPU does not know it and falls back to its slowest x86-64 kernels
/// (Debian's 0.3.21 on a family 6 model 207 Xeon: "Prescott", 32–40 GFLOP/s where its
/// "SkylakeX" kernels reach 250–300). So when the application asks for it
/// (``RuntimeOptions/hintsOpenBLASCore``), on a CPU with the AVX-512 flags that those kernels
/// need (``SIMDSupport/avx512Flags``), and unless `OPENBLAS_CORETYPE` is already set, the
/// library is loaded with `OPENBLAS_CORETYPE=SkylakeX`; the variable is removed again once it
/// is loaded.
struct SystemBLAS: Sendable {
    /// `cblas_sgemm(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)`.
    typealias Sgemm = @convention(c) (
        Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
        UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32
    ) -> Void
    /// `cblas_dgemm`, as ``Sgemm`` in double precision.
    typealias Dgemm = @convention(c) (
        Int32, Int32, Int32, Int32, Int32, Int32, Double, UnsafePointer<Double>?, Int32,
        UnsafePointer<Double>?, Int32, Double, UnsafeMutablePointer<Double>?, Int32
    ) -> Void
    /// OpenBLAS's `openblas_get_corename()`.
    private typealias CoreName = @convention(c) () -> UnsafePointer<CChar>?

    /// The library names tried, in order.
    static let libraryNames = ["libopenblas.so.0", "libopenblas.so", "libblas.so.3"]

    /// OpenBLAS's names (lower case) for its kernels that use AVX-512.
    static let avx512CoreNames: Set<String> = ["skylakex", "cooperlake", "sapphirerapids"]

    /// The loaded library, or nil when none was found or ``RuntimeOptions/systemBLAS`` is off.
    static let shared: SystemBLAS? = load()

    /// The file the functions came from.
    let library: String
    let sgemm: Sgemm
    let dgemm: Dgemm?
    /// The kernels OpenBLAS chose (`openblas_get_corename`), nil for other libraries.
    let coreName: String?
    /// Whether the library was loaded with the `OPENBLAS_CORETYPE=SkylakeX` hint.
    let coreHinted: Bool

    /// Whether the library runs AVX-512 kernels: then it beats the AVX-512 tiles on large
    /// float32 products (see ``TiledGemm/systemBLASWork``).
    let runsAVX512Kernels: Bool

    init(library: String, sgemm: Sgemm, dgemm: Dgemm?, coreName: String?, coreHinted: Bool) {
        (self.library, self.sgemm, self.dgemm, self.coreName, self.coreHinted) = (library, sgemm, dgemm, coreName, coreHinted)
        runsAVX512Kernels = coreName.map { Self.avx512CoreNames.contains($0.lowercased()) } ?? false
    }

    private static func load() -> SystemBLAS? {
        let options = RuntimeOptions.current
        let candidates: [String]
        switch options.systemBLAS {
        case .off: return nil
        case .search: candidates = libraryNames
        case .library(let path): candidates = [path]
        }
        let hintsCore = options.hintsOpenBLASCore && SIMDSupport.cpuHasAVX512 && getenv("OPENBLAS_CORETYPE") == nil
        if hintsCore { setenv("OPENBLAS_CORETYPE", "SkylakeX", 0) }
        defer { if hintsCore { unsetenv("OPENBLAS_CORETYPE") } }
        for name in candidates {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            // The handle stays open for the life of the process: the functions are used until exit.
            guard let sgemm = dlsym(handle, "cblas_sgemm") else {
                dlclose(handle)
                continue
            }
            let coreName = dlsym(handle, "openblas_get_corename")
                .flatMap { unsafeBitCast($0, to: CoreName.self)() }
                .map { String(cString: $0) }
            return SystemBLAS(
                library: name, sgemm: unsafeBitCast(sgemm, to: Sgemm.self),
                dgemm: dlsym(handle, "cblas_dgemm").map { unsafeBitCast($0, to: Dgemm.self) }, coreName: coreName,
                coreHinted: hintsCore)
        }
        return nil
    }
}

/// One product `C (+)= A·B` in CBLAS row-major terms, built from ``MatrixView``s;
/// nil when a view's strides are not a (transposed) row-major matrix or a size
/// does not fit the 32-bit CBLAS interface.
struct BLASProduct<T> {
    static var rowMajor: Int32 { 101 }
    static var noTranspose: Int32 { 111 }
    static var transpose: Int32 { 112 }

    let transA: Int32, transB: Int32
    let m: Int32, n: Int32, k: Int32
    let a: UnsafePointer<T>, lda: Int32
    let b: UnsafePointer<T>, ldb: Int32
    let c: UnsafeMutablePointer<T>, ldc: Int32
    /// 1 to add to C, 0 to overwrite it.
    let beta: Int32

    init?(m: Int, n: Int, k: Int, a: MatrixView<T>, b: MatrixView<T>, c: UnsafeMutablePointer<T>, ldc: Int, accumulate: Bool) {
        guard let (transA, lda) = Self.layout(a, rows: m, columns: k),
            let (transB, ldb) = Self.layout(b, rows: k, columns: n),
            let m = Int32(exactly: m), let n = Int32(exactly: n), let k = Int32(exactly: k),
            let ldc = Int32(exactly: ldc), ldc >= max(1, n)
        else { return nil }
        (self.transA, self.transB, self.m, self.n, self.k) = (transA, transB, m, n, k)
        (self.a, self.lda, self.b, self.ldb, self.c, self.ldc) = (a.base, lda, b.base, ldb, c, ldc)
        beta = accumulate ? 1 : 0
    }

    /// The CBLAS transpose flag and leading dimension of a `rows x columns` view.
    private static func layout(_ view: MatrixView<T>, rows: Int, columns: Int) -> (Int32, Int32)? {
        if view.columnStride == 1, view.rowStride >= max(1, columns), let ld = Int32(exactly: view.rowStride) {
            return (noTranspose, ld)
        }
        if view.rowStride == 1, view.columnStride >= max(1, rows), let ld = Int32(exactly: view.columnStride) {
            return (transpose, ld)
        }
        return nil
    }
}

extension Float {
    /// Runs `product` through `blas`'s `cblas_sgemm`; always true.
    static func systemGemm(_ blas: SystemBLAS, _ p: BLASProduct<Float>) -> Bool {
        blas.sgemm(
            BLASProduct<Float>.rowMajor, p.transA, p.transB, p.m, p.n, p.k, 1, p.a, p.lda, p.b, p.ldb, Float(p.beta),
            p.c, p.ldc)
        return true
    }
}

extension Double {
    /// Runs `product` through `blas`'s `cblas_dgemm`; false when the library has none.
    static func systemGemm(_ blas: SystemBLAS, _ p: BLASProduct<Double>) -> Bool {
        guard let dgemm = blas.dgemm else { return false }
        dgemm(
            BLASProduct<Double>.rowMajor, p.transA, p.transB, p.m, p.n, p.k, 1, p.a, p.lda, p.b, p.ldb, Double(p.beta),
            p.c, p.ldc)
        return true
    }
}
