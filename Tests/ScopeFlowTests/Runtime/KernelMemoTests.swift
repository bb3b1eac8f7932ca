import Testing

@testable import ScopeFlow

/// Kernels remember the geometry of the last shapes they saw (broadcast plans,
/// slice views, matrix-product geometry); a run with other shapes must work it
/// out again, and a run that returns to the first shapes must still be right.
@Suite struct KernelMemoTests {
    @Test func kernelsFollowTheShapesOfEachRun() throws {
        let graph = Graph()
        let (x, outputs) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [nil, 3], name: "x")
            let shifted = try add(x, constant(HostTensor([10, 20, 30] as [Float])))
            let columnSums = try reduceSum(x, axis: [0])
            let lastTwo = try stridedSlice(x, begin: [0, 1], end: [0, 3], strides: [1, 1], beginMask: 1, endMask: 1)
            let product = try matmul(x, constant(try HostTensor([1, 0, 0, 1, 1, 1] as [Float], shape: [3, 2])))
            let sliceGradient = try #require(try gradients(reduceSum(lastTwo), x))
            return (x, [shifted, columnSums, lastTwo, product, sliceGradient])
        }
        let session = Session(graph: graph)
        let two = try HostTensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])
        let one = try HostTensor([7, 8, 9] as [Float], shape: [1, 3])
        for _ in 0..<2 {
            let a = try session.run(outputs, feeds: [x: two])
            #expect(a[0].floats == [11, 22, 33, 14, 25, 36] && a[0].shape == [2, 3])
            #expect(a[1].floats == [5, 7, 9])
            #expect(a[2].floats == [2, 3, 5, 6] && a[2].shape == [2, 2])
            #expect(a[3].floats == [4, 5, 10, 11] && a[3].shape == [2, 2])
            #expect(a[4].floats == [0, 1, 1, 0, 1, 1] && a[4].shape == [2, 3])

            let b = try session.run(outputs, feeds: [x: one])
            #expect(b[0].floats == [17, 28, 39] && b[0].shape == [1, 3])
            #expect(b[1].floats == [7, 8, 9])
            #expect(b[2].floats == [8, 9] && b[2].shape == [1, 2])
            #expect(b[3].floats == [16, 17] && b[3].shape == [1, 2])
            #expect(b[4].floats == [0, 1, 1] && b[4].shape == [1, 3])
        }
    }

    @Test func aBroadcastThatNoLongerFitsIsStillAnError() throws {
        let graph = Graph()
        let (x, y, sum) = try graph.asDefault {
            let x = try placeholder(.float32, name: "x")
            let y = try placeholder(.float32, name: "y")
            return (x, y, try add(x, y))
        }
        let session = Session(graph: graph)
        let row = try HostTensor([1, 2, 3] as [Float], shape: [1, 3])
        let column = try HostTensor([10, 20] as [Float], shape: [2, 1])
        #expect(try session.run([sum], feeds: [x: row, y: column])[0].floats == [11, 12, 13, 21, 22, 23])
        #expect(throws: ScopeFlowError.self) {
            try session.run([sum], feeds: [x: row, y: try HostTensor([1, 2] as [Float], shape: [1, 2])])
        }
        #expect(try session.run([sum], feeds: [x: row, y: column])[0].floats == [11, 12, 13, 21, 22, 23])
    }
}
