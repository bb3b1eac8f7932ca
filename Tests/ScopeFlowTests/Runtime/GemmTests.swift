import Testing
@testable import ScopeFlow

/// The GEMM core against a naive triple loop in `Double`, over sizes that hit
/// the direct path, edge tiles, several `kc` panels and the parallel split, on
/// both Swift micro-kernels (the wide one where this CPU runs it) and the system BLAS.
@Suite struct GemmTests {
    /// A deterministic pseudo-random matrix in [-1, 1).
    static func matrix(_ count: Int, seed: UInt64) -> [Double] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
    }

    static let shapes: [(m: Int, n: Int, k: Int)] = [
        (1, 1, 1), (1, 16, 16), (7, 13, 5), (6, 8, 300), (65, 129, 33), (100, 3, 257), (3, 200, 70), (130, 97, 260),
        // Two `kc` panels of the wide kernel (512 deep); column stripes of 80, 80, 80 and 60.
        (20, 35, 600), (40, 300, 100),
        // The AVX-512 tiles reading B in place (width a multiple of 32) over three slices of the sum
        // (512, 512 and 76 deep) and two (512 and 88), split over the cores by rows (2 panels) and
        // by panels (8).
        (64, 64, 1100), (200, 256, 600),
        // The seed RNN's LSTM products: B read in place, its 12-column panel one vector wide and
        // its last row from a copy, or (transposed) copied column by column.
        (20, 44, 22), (20, 22, 44),
        // A last panel 31 columns wide (16 + 8 + 4 + 2 + 1 floats per row) added to over a second slice.
        (15, 63, 530),
        // Last panels of 16 and 17 columns: the widest one-vector tile and the narrowest two-vector one.
        (9, 48, 30), (9, 49, 30),
    ]

    static let cases: [(m: Int, n: Int, k: Int, ta: Bool, tb: Bool)] = shapes.flatMap { s in
        [(false, false), (true, false), (false, true), (true, true)].map { (s.m, s.n, s.k, $0.0, $0.1) }
    }

    /// `A·B` with A stored `m x k` (or `k x m` when `ta`) and B `k x n` (or `n x k`), in Double.
    static func reference(_ a: [Double], _ b: [Double], m: Int, n: Int, k: Int, ta: Bool, tb: Bool) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k { sum += a[ta ? p * m + i : i * k + p] * b[tb ? j * k + p : p * n + j] }
                c[i * n + j] = sum
            }
        }
        return c
    }

    @Test(arguments: cases)
    func floatMatchesNaiveProduct(_ c: (m: Int, n: Int, k: Int, ta: Bool, tb: Bool)) throws {
        Self.checkFloat(c, backend: .swift)
    }

    /// The AVX-512 tiles where this CPU has them (the blocked GEMM elsewhere).
    @Test(arguments: cases)
    func floatMatchesNaiveProductOnTiles(_ c: (m: Int, n: Int, k: Int, ta: Bool, tb: Bool)) throws {
        Self.checkFloat(c, backend: .tiles)
    }

    @Test(arguments: cases)
    func floatMatchesNaiveProductOnBaselineKernel(_ c: (m: Int, n: Int, k: Int, ta: Bool, tb: Bool)) throws {
        Self.checkFloat(c, backend: .swiftBaseline)
    }

    /// `.swift` runs the 16-wide kernel wherever ``SIMDSupport`` allows it, `.swiftBaseline`
    /// the `SIMD8` one, and Double always its `SIMD4` one.
    @Test func backendsPickTheirKernels() {
        #expect(Float.blockedKernel(for: .swift).nr == (SIMDSupport.wideKernel ? 16 : 8))
        #expect(Float.blockedKernel(for: .automatic).nr == (SIMDSupport.wideKernel ? 16 : 8))
        #expect(Float.blockedKernel(for: .swiftBaseline).nr == 8)
        #expect(Double.blockedKernel(for: .swift).nr == 4)
    }

    /// On one core the tiles copy A in 14-row micro-panels (300 rows: 21 whole and one of 6), read
    /// A's rows or, transposed, its columns, and walk C's 18 panels (the last 16 columns wide) in
    /// a group of 16 and one of 2, over two slices of the sum (512 and 4 deep).
    @Test(arguments: [false, true])
    func floatMatchesNaiveProductOnTilesCopyingA(_ transposedA: Bool) throws {
        Self.checkFloat((300, 560, 516, transposedA, false), backend: .tiles, parallel: false)
    }

    @Test(.needsSystemBLAS, arguments: cases)
    func floatMatchesNaiveProductOnSystemBLAS(_ c: (m: Int, n: Int, k: Int, ta: Bool, tb: Bool)) throws {
        Self.checkFloat(c, backend: .system)
    }

    /// One float32 case, overwriting and accumulating, against the Double reference.
    static func checkFloat(
        _ c: (m: Int, n: Int, k: Int, ta: Bool, tb: Bool), backend: GemmBackend, parallel: Bool = true
    ) {
        let a = matrix(c.m * c.k, seed: 1), b = matrix(c.k * c.n, seed: 2)
        let want = reference(a, b, m: c.m, n: c.n, k: c.k, ta: c.ta, tb: c.tb)
        for accumulate in [false, true] {
            var got = [Float](repeating: 1, count: c.m * c.n)
            let af = a.map { Float($0) }, bf = b.map { Float($0) }
            af.withUnsafeBufferPointer { ap in
                bf.withUnsafeBufferPointer { bp in
                    got.withUnsafeMutableBufferPointer { cp in
                        Gemm.multiply(
                            m: c.m, n: c.n, k: c.k,
                            a: MatrixView(ap.baseAddress!, columns: c.ta ? c.m : c.k, transposed: c.ta),
                            b: MatrixView(bp.baseAddress!, columns: c.tb ? c.k : c.n, transposed: c.tb),
                            c: cp.baseAddress!, ldc: c.n, accumulate: accumulate, parallel: parallel, backend: backend)
                    }
                }
            }
            let offset = accumulate ? 1.0 : 0.0
            let worst = zip(got, want).map { abs(Double($0) - $1 - offset) }.max() ?? 0
            #expect(
                worst <= 1e-4 * Double(max(c.k, 1)).squareRoot(),
                "\(c) accumulate=\(accumulate) on \(backend): off by \(worst)")
        }
    }

    @Test(arguments: [(2, 3, 4), (65, 129, 33), (130, 97, 260)])
    func doubleMatchesNaiveProduct(_ s: (Int, Int, Int)) throws {
        Self.checkDouble(s, backend: .swift)
    }

    @Test(.needsSystemBLAS, arguments: [(2, 3, 4), (65, 129, 33), (130, 97, 260)])
    func doubleMatchesNaiveProductOnSystemBLAS(_ s: (Int, Int, Int)) throws {
        Self.checkDouble(s, backend: .system)
    }

    /// One float64 case with B transposed against the reference.
    static func checkDouble(_ s: (Int, Int, Int), backend: GemmBackend) {
        let (m, n, k) = s
        let a = matrix(m * k, seed: 3), b = matrix(k * n, seed: 4)
        let want = reference(a, b, m: m, n: n, k: k, ta: false, tb: true)
        var got = [Double](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                got.withUnsafeMutableBufferPointer { cp in
                    Gemm.multiply(
                        m: m, n: n, k: k, a: MatrixView(ap.baseAddress!, columns: k, transposed: false),
                        b: MatrixView(bp.baseAddress!, columns: k, transposed: true), c: cp.baseAddress!, ldc: n,
                        backend: backend)
                }
            }
        }
        let worst = zip(got, want).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= 1e-12, "\(s) on \(backend): off by \(worst)")
    }

    /// A view that is no row-major matrix (every other element of every other
    /// row) cannot go to CBLAS: `.system` must fall back to the Swift GEMM and
    /// still give the product.
    @Test func stridedViewFallsBackFromSystemBLAS() throws {
        let (m, n, k) = (5, 7, 6)
        let a = Self.matrix(m * k * 4, seed: 5), b = Self.matrix(k * n, seed: 6)
        let dense = (0..<m).flatMap { i in (0..<k).map { p in a[i * 4 * k + 2 * p] } }
        let want = Self.reference(dense, b, m: m, n: n, k: k, ta: false, tb: false)
        var got = [Double](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                got.withUnsafeMutableBufferPointer { cp in
                    #expect(BLASProduct(
                        m: m, n: n, k: k, a: MatrixView(ap.baseAddress!, rowStride: 4 * k, columnStride: 2),
                        b: MatrixView(bp.baseAddress!, columns: n, transposed: false), c: cp.baseAddress!, ldc: n,
                        accumulate: false) == nil)
                    Gemm.multiply(
                        m: m, n: n, k: k, a: MatrixView(ap.baseAddress!, rowStride: 4 * k, columnStride: 2),
                        b: MatrixView(bp.baseAddress!, columns: n, transposed: false), c: cp.baseAddress!, ldc: n,
                        backend: .system)
                }
            }
        }
        let worst = zip(got, want).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= 1e-12)
    }

    @Test func matMulKernelRejectsIncompatibleShapes() throws {
        let context = KernelContext(opType: "MatMul", opName: "mm", attrs: [:])
        let kernel = try OpRegistry.kernel(for: context)
        let a = try HostTensor([Float](repeating: 0, count: 6), shape: [2, 3])
        let b = try HostTensor([Float](repeating: 0, count: 20), shape: [4, 5])
        #expect {
            _ = try kernel([a, b])
        } throws: { error in
            guard let e = error as? ScopeFlowError else { return false }
            return e.code == .shapeMismatch && e.message.contains("Matrix size-incompatible: In[0]: [2, 3], In[1]: [4, 5]")
                && e.message.contains("'mm'")
        }
    }

    @Test func emptyInnerDimensionGivesZeros() throws {
        let context = KernelContext(opType: "BatchMatMulV2", opName: "bmm", attrs: [:])
        let kernel = try OpRegistry.kernel(for: context)
        let a = try HostTensor([Float](), shape: [2, 3, 0])
        let b = try HostTensor([Float](), shape: [0, 4])
        let out = try kernel([a, b])[0]
        #expect(out.shape == [2, 3, 4])
        #expect(out.floats == [Float](repeating: 0, count: 24))
    }
}
