import Testing
@testable import ScopeFlow

/// The row copy of compiled data-movement steps, on each ``TileKernels`` this CPU runs: every
/// row length from 1 to 40 (one scalar, 4-, 8- and 16-float vector paths, with and without an
/// overlapping last vector), rows read and written with strides, nothing written outside the rows.
@Suite struct RowCopyTests {
    @Test(arguments: Array(1...40))
    func copiesExactlyTheRows(_ length: Int) {
        let (rows, sourceStride, targetStride) = (5, length + 3, length + 7)
        let source = (0..<(rows * sourceStride)).map { Float($0) + 0.5 }
        var want = [Float](repeating: -1, count: rows * targetStride + 9)
        for r in 0..<rows {
            for j in 0..<length { want[r * targetStride + j] = source[r * sourceStride + j] }
        }
        for kernels in TileKernels.runnable {
            var target = [Float](repeating: -1, count: want.count)
            kernels.copyRows(
                rows: rows, length: length, source: source, sourceStride: sourceStride, target: &target,
                targetStride: targetStride)
            #expect(target == want, "\(kernels)")
        }
    }
}
