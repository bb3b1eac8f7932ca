import Testing
@testable import ScopeFlow

/// The register tiles of ``TileKernels`` against the same sums written out in the test, bit for
/// bit: each element of C is one fused multiply-add chain over the depth, in order, as the tiles
/// compute it. Rows 1…20 reach every tile height of both kernels (14, 8, 4, 2, 1 and 6, 4, 2, 1);
/// columns 1…32 every partial store; strided and packed A, accumulation, and B's narrow tail.
@Suite struct TileKernelTests {
    /// One tile call's operands: A `rows x depth` at `aRowStride`/`aDepthStride`, B `depth` rows
    /// of 32 readable floats `bStride` apart, C `rows x ldc`.
    struct Case: CustomStringConvertible {
        let rows: Int, depth: Int, columns: Int
        let packedA: Bool
        let accumulate: Bool
        let tailSteps: Int?
        var description: String {
            "\(rows)x\(depth)x\(columns) packedA=\(packedA) accumulate=\(accumulate) tail=\(tailSteps.map(String.init) ?? "none")"
        }
    }

    static let cases: [Case] = {
        var all: [Case] = []
        for rows in [1, 2, 3, 5, 6, 7, 9, 12, 13, 14, 15, 20] {
            for columns in [1, 3, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32] {
                all.append(Case(rows: rows, depth: 11, columns: columns, packedA: rows % 2 == 0, accumulate: columns % 3 == 0, tailSteps: nil))
            }
        }
        for steps in [0, 4, 11] {
            all.append(Case(rows: 14, depth: 11, columns: 12, packedA: true, accumulate: false, tailSteps: steps))
            all.append(Case(rows: 6, depth: 11, columns: 27, packedA: false, accumulate: true, tailSteps: steps))
        }
        return all
    }()

    @Test(arguments: cases)
    func tileGivesTheFusedSums(_ c: Case) {
        let ldc = 37
        let aRowStride = c.packedA ? 1 : c.depth + 2
        let aDepthStride = c.packedA ? c.rows : 1
        let a = (0..<(c.rows * (c.depth + 2) + c.depth * c.rows)).map { Float(($0 * 7919) % 97) / 13 - 3.5 }
        let bStride = 40
        let b = (0..<(c.depth * bStride + 32)).map { Float(($0 * 104_729) % 89) / 11 - 4 }
        // The tail holds the rows from `tailSteps` on, 32 floats apart, with values of its own.
        let tail = (0..<(c.depth * 32)).map { Float(($0 * 613) % 71) / 7 - 5 }
        let initial = (0..<(c.rows * ldc)).map { Float($0 % 23) - 11 }
        func bElement(_ p: Int, _ j: Int) -> Float {
            if let steps = c.tailSteps, p >= steps { return tail[(p - steps) * 32 + j] }
            return b[p * bStride + j]
        }
        var want = initial
        for i in 0..<c.rows {
            for j in 0..<c.columns {
                var sum: Float = 0
                for p in 0..<c.depth { sum = sum.addingProduct(a[i * aRowStride + p * aDepthStride], bElement(p, j)) }
                want[i * ldc + j] = c.accumulate ? initial[i * ldc + j] + sum : sum
            }
        }
        for kernels in TileKernels.runnable {
            var got = initial
            tail.withUnsafeBufferPointer { tailRows in
                kernels.tile(
                    rows: c.rows, depth: c.depth, a: a, aRowStride: aRowStride, aDepthStride: aDepthStride, b: b,
                    bStride: bStride, c: &got, ldc: ldc, columns: c.columns, accumulate: c.accumulate,
                    tail: c.tailSteps == nil ? nil : tailRows.baseAddress, stepsBeforeTail: c.tailSteps ?? .max)
            }
            #expect(got == want, "\(kernels)")
        }
    }
}

extension TileKernels {
    /// Every set of tiles this CPU can run (the wide ones too where AVX-512 is preferred), so
    /// tests reach both.
    static var runnable: [TileKernels] {
        (SIMDSupport.avx512Kernel ? [.avx512] : []) + (SIMDSupport.wideKernel ? [.wide] : [])
    }
}
