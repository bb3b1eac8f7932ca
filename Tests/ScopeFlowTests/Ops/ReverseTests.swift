import Testing

@testable import ScopeFlow

/// `reverse(_:axis:)` checks its axes as TF does: when building with constant axes, and in the
/// kernel for axes fed when the graph runs.
@Suite struct ReverseTests {
    @Test func axesOutsideTheRankOrRepeatedAreRefusedAtBuildTime() throws {
        try Graph().asDefault {
            let x = try placeholder(.float32, shape: [2, 3], name: "x")
            let outside = #expect(throws: ScopeFlowError.self) { try reverse(x, axis: [0, 2]) }
            #expect(outside?.code == .invalidArgument)
            #expect(outside?.message.hasPrefix("'axis'[1] = 2 is out of valid range [-2, 2)") == true)
            let twice = #expect(throws: ScopeFlowError.self) { try reverse(x, axis: [1, -1]) }
            #expect(twice?.message.hasPrefix("axis 1 specified more than once") == true)
        }
    }

    @Test func fedAxesAreCheckedByTheKernel() throws {
        let graph = Graph()
        let (y, axes) = try graph.asDefault {
            let x = try constant([Float(1), 2, 3, 4, 5, 6], shape: [2, 3])
            let axes = try placeholder(.int32, shape: [nil], name: "axes")
            return (try reverse(x, axisTensor: axes), axes)
        }
        let session = Session(graph: graph)
        let reversed = try session.run([y], feeds: [axes: HostTensor([Int32(-1)])])[0]
        #expect(reversed.floats == [3, 2, 1, 6, 5, 4])
        let error = #expect(throws: ScopeFlowError.self) {
            try session.run([y], feeds: [axes: HostTensor([Int32(0), 0])])
        }
        #expect(error?.message.contains("axis 0 specified more than once") == true)
    }
}
