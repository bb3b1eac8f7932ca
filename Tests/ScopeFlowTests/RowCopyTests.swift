import ScopeFlowAVX512Kernels
import Testing
@testable import ScopeFlow

/// The AVX-512 row copy of compiled data-movement steps: every row length from 1 to 40 (one
/// scalar, 4-, 8- and 16-float vector paths, with and without an overlapping last vector), rows
/// read and written with strides, nothing written outside the rows.
@Suite struct RowCopyTests {
    @Test(.enabled(if: SIMDSupport.avx512Kernel), arguments: Array(1...40))
    func copiesExactlyTheRows(_ length: Int) {
        let (rows, sourceStride, targetStride) = (5, length + 3, length + 7)
        let source = (0..<(rows * sourceStride)).map { Float($0) + 0.5 }
        var target = [Float](repeating: -1, count: rows * targetStride + 9)
        avx512CopyRows(
            rows: rows, length: length, source: source, sourceStride: sourceStride, target: &target,
            targetStride: targetStride)
        var want = [Float](repeating: -1, count: target.count)
        for r in 0..<rows {
            for j in 0..<length { want[r * targetStride + j] = source[r * sourceStride + j] }
        }
        #expect(target == want)
    }
}
