#if canImport(Glibc)
import Glibc
import Testing
@testable import ScopeFlow

/// The tiles read B in place even when its last panel is narrower than 32 columns: each of that
/// panel's rows is read as 32 floats, running on into the next row, except the last few, which
/// come from a copy. Here B's last float is the last of a page and the next page cannot be read,
/// so a read past B crashes the test instead of passing unnoticed.
@Suite struct GemmNarrowPanelTests {
    @Test(arguments: [(20, 44, 22), (20, 11, 22), (3, 1, 40), (5, 3, 257), (10, 45, 300), (1, 63, 7)])
    func readsNoFurtherThanB(_ s: (m: Int, n: Int, k: Int)) throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let bytes = s.k * s.n * MemoryLayout<Float>.stride
        let mapped = (bytes + page - 1) / page * page + page
        let memory = try #require(
            mmap(nil, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0).flatMap { $0 == MAP_FAILED ? nil : $0 })
        defer { munmap(memory, mapped) }
        #expect(mprotect(memory + mapped - page, page, PROT_NONE) == 0)
        let bStart = (memory + mapped - page - bytes).bindMemory(to: Float.self, capacity: s.k * s.n)
        let a = GemmTests.matrix(s.m * s.k, seed: 5), b = GemmTests.matrix(s.k * s.n, seed: 6)
        for (index, value) in b.enumerated() { bStart[index] = Float(value) }
        let want = GemmTests.reference(a, b, m: s.m, n: s.n, k: s.k, ta: false, tb: false)
        var got = [Float](repeating: 0, count: s.m * s.n)
        let af = a.map { Float($0) }
        af.withUnsafeBufferPointer { ap in
            got.withUnsafeMutableBufferPointer { cp in
                Gemm.multiply(
                    m: s.m, n: s.n, k: s.k, a: MatrixView(ap.baseAddress!, columns: s.k, transposed: false),
                    b: MatrixView(UnsafePointer(bStart), columns: s.n, transposed: false), c: cp.baseAddress!,
                    ldc: s.n, accumulate: false, parallel: false, backend: .tiles)
            }
        }
        let worst = zip(got, want).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(worst <= 1e-4 * Double(s.k).squareRoot(), "\(s): off by \(worst)")
    }
}
#endif
