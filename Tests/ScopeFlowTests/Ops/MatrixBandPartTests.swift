import Testing

@testable import ScopeFlow

/// `matrixBandPart` checks its input and bounds as TF does: when building with known shapes and
/// constant bounds, and in the kernel for values fed when the graph runs.
@Suite struct MatrixBandPartTests {
    @Test func aVectorOrABoundPastTheMatrixIsRefusedAtBuildTime() throws {
        try Graph().asDefault {
            let vector = try placeholder(.float32, shape: [4], name: "v")
            let rank = #expect(throws: ScopeFlowError.self) { try matrixBandPart(vector, numLower: 0, numUpper: 0) }
            #expect(rank?.message.contains("needs an input of rank 2 or more") == true)
            let x = try placeholder(.float32, shape: [2, 3], name: "x")
            let lower = #expect(throws: ScopeFlowError.self) { try matrixBandPart(x, numLower: 3, numUpper: 0) }
            #expect(lower?.message.contains("num_lower must be negative or less or equal") == true)
            let upper = #expect(throws: ScopeFlowError.self) { try matrixBandPart(x, numLower: 0, numUpper: 4) }
            #expect(upper?.message.contains("num_upper must be negative or less or equal") == true)
        }
    }

    @Test func fedBoundsAreCheckedByTheKernel() throws {
        let graph = Graph()
        let (y, lower) = try graph.asDefault {
            let x = try constant([Float(1), 2, 3, 4, 5, 6, 7, 8, 9], shape: [3, 3])
            let lower = try placeholder(.int64, shape: [], name: "lower")
            return (try matrixBandPartOp(x, numLower: lower, numUpper: constant(HostTensor(scalar: Int64(0)))), lower)
        }
        let session = Session(graph: graph)
        let band = try session.run([y], feeds: [lower: HostTensor(scalar: Int64(1))])[0]
        #expect(band.floats == [1, 0, 0, 4, 5, 0, 0, 8, 9])
        let error = #expect(throws: ScopeFlowError.self) {
            try session.run([y], feeds: [lower: HostTensor(scalar: Int64(4))])
        }
        #expect(
            error?.message.contains("num_lower must be negative or less or equal to number of rows (3) got: 4") == true)
    }
}
