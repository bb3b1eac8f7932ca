import Testing

@testable import ScopeFlow

/// `cumsum`/`cumprod` check their axis and input when building with a constant axis, and in the
/// kernel for values fed when the graph runs; the oracle cases (`ops_added.json`) cover the values.
@Suite struct CumulativeTests {
    @Test func anAxisOutsideTheRankOrAScalarInputIsRefusedAtBuildTime() throws {
        try Graph().asDefault {
            let x = try placeholder(.float32, shape: [2, 3], name: "x")
            let outside = #expect(throws: ScopeFlowError.self) { try cumsum(x, axis: 2) }
            #expect(outside?.code == .invalidArgument)
            #expect(outside?.message.contains("Expected axis in the range [-2, 2), but got 2") == true)
            let scalar = #expect(throws: ScopeFlowError.self) { try cumprod(constant(Float(3))) }
            #expect(scalar?.message.contains("needs an input of rank 1 or more") == true)
        }
    }

    @Test func fedValuesAreCheckedByTheKernel() throws {
        let graph = Graph()
        let (y, x, axis) = try graph.asDefault {
            let x = try placeholder(.int64, name: "x")
            let axis = try placeholder(.int32, shape: [], name: "axis")
            return (try cumulativeOp("Cumprod", x, axis: axis, exclusive: true, reverse: true), x, axis)
        }
        let session = Session(graph: graph)
        let matrix = try HostTensor([Int64(1), 2, 3, 4, 5, 6], shape: [2, 3])
        let products = try session.run([y], feeds: [x: matrix, axis: HostTensor(scalar: Int32(-1))])[0]
        #expect(products.int64s == [6, 3, 1, 30, 6, 1])
        let outside = #expect(throws: ScopeFlowError.self) {
            try session.run([y], feeds: [x: matrix, axis: HostTensor(scalar: Int32(2))])
        }
        #expect(outside?.message.contains("axis 2 is out of range for a tensor of rank 2") == true)
        let scalar = #expect(throws: ScopeFlowError.self) {
            try session.run([y], feeds: [x: HostTensor(scalar: Int64(4)), axis: HostTensor(scalar: Int32(0))])
        }
        #expect(scalar?.message.contains("input must be at least rank 1") == true)
    }
}
