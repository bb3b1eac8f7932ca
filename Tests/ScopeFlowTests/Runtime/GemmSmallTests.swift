import Testing
@testable import ScopeFlow

/// ``Gemm/multiplySmall`` against the Double reference of ``GemmTests``: every
/// transpose combination, lane and dot-product remainders, empty dimensions,
/// and the Swift GEMM on both sides of the small/blocked crossovers.
@Suite struct GemmSmallTests {
    static let shapes: [(m: Int, n: Int, k: Int)] = [
        (0, 5, 3), (4, 0, 3), (4, 5, 0), (1, 1, 1), (20, 44, 21), (20, 21, 44), (20, 2, 11), (20, 11, 2),
        (3, 33, 9), (5, 40, 17), (2, 7, 8),
    ]

    static let cases = shapes.flatMap { s in
        [(false, false), (true, false), (false, true), (true, true)].map { (s.m, s.n, s.k, $0.0, $0.1) }
    }

    /// Either side of ``Gemm/smallTransposedWork`` and the wide kernel's `smallWork` (16³) and
    /// ``Gemm/smallWork`` (64³), and products thinner than one tile (4 rows, 8 columns).
    static let crossoverCases = [(16, 16, 16), (16, 16, 17), (64, 64, 64), (64, 64, 65), (4, 64, 64), (64, 8, 64)]
        .flatMap { s in
            [(false, false), (true, false), (false, true), (true, true)].map { (s.0, s.1, s.2, $0.0, $0.1) }
        }

    @Test(arguments: cases)
    func smallPathMatchesNaiveProduct(_ c: (m: Int, n: Int, k: Int, ta: Bool, tb: Bool)) throws {
        let a = GemmTests.matrix(c.m * c.k, seed: 7), b = GemmTests.matrix(c.k * c.n, seed: 8)
        let want = GemmTests.reference(a, b, m: c.m, n: c.n, k: c.k, ta: c.ta, tb: c.tb)
        for accumulate in [false, true] {
            var got = [Double](repeating: 1, count: c.m * c.n)
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    got.withUnsafeMutableBufferPointer { cp in
                        guard let aBase = ap.baseAddress, let bBase = bp.baseAddress, let cBase = cp.baseAddress else {
                            return
                        }
                        Gemm.multiplySmall(
                            m: c.m, n: c.n, k: c.k, a: MatrixView(aBase, columns: c.ta ? c.m : c.k, transposed: c.ta),
                            b: MatrixView(bBase, columns: c.tb ? c.k : c.n, transposed: c.tb), c: cBase, ldc: c.n,
                            accumulate: accumulate)
                    }
                }
            }
            let offset = accumulate ? 1.0 : 0.0
            let worst = zip(got, want).map { abs($0 - $1 - offset) }.max() ?? 0
            #expect(worst <= 1e-12, "\(c) accumulate=\(accumulate): off by \(worst)")
        }
    }

    @Test(arguments: crossoverCases)
    func swiftGemmMatchesNaiveProductAroundCrossovers(_ c: (m: Int, n: Int, k: Int, ta: Bool, tb: Bool)) throws {
        GemmTests.checkFloat(c, backend: .swift)
    }

    @Test(arguments: crossoverCases)
    func tilesMatchNaiveProductAroundCrossovers(_ c: (m: Int, n: Int, k: Int, ta: Bool, tb: Bool)) throws {
        GemmTests.checkFloat(c, backend: .tiles)
    }

    @Test(arguments: crossoverCases)
    func baselineKernelMatchesNaiveProductAroundCrossovers(_ c: (m: Int, n: Int, k: Int, ta: Bool, tb: Bool)) throws {
        GemmTests.checkFloat(c, backend: .swiftBaseline)
    }

    /// Which path each crossover shape takes on each kernel, as measured (see ``GemmKernel/wide``).
    @Test func smallPathBounds() {
        let wide = GemmKernel<Float>.wide, baseline = GemmKernel<Float>.baseline
        #expect(Gemm.smallPathWork(m: 64, n: 64, bRowsContiguous: true, kernel: baseline) == 64 * 64 * 64)
        #expect(Gemm.smallPathWork(m: 64, n: 64, bRowsContiguous: true, kernel: wide) == 16 * 16 * 16)
        #expect(Gemm.smallPathWork(m: 4, n: 64, bRowsContiguous: true, kernel: wide) == 64 * 64 * 64)
        #expect(Gemm.smallPathWork(m: 64, n: 8, bRowsContiguous: true, kernel: wide) == 64 * 64 * 64)
        #expect(Gemm.smallPathWork(m: 64, n: 64, bRowsContiguous: false, kernel: wide) == 16 * 16 * 16)
    }
}
