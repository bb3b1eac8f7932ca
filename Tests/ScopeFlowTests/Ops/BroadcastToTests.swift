import Testing

@testable import ScopeFlow

/// `broadcastTo` refuses shapes it cannot broadcast to when building, as TF's shape function does;
/// the oracle cases (`ops_added.json`) cover the values and the gradient.
@Suite struct BroadcastToTests {
    @Test func incompatibleOrNegativeShapesAreRefusedAtBuildTime() throws {
        try Graph().asDefault {
            let x = try placeholder(.float32, shape: [3, 2], name: "x")
            let mismatch = #expect(throws: ScopeFlowError.self) { try broadcastTo(x, shape: [2, 3, 4]) }
            #expect(mismatch?.code == .shapeMismatch)
            #expect(mismatch?.message.contains("Unable to broadcast tensor of shape") == true)
            let fewerDims = #expect(throws: ScopeFlowError.self) { try broadcastTo(x, shape: [2]) }
            #expect(fewerDims?.code == .shapeMismatch)
            let negative = #expect(throws: ScopeFlowError.self) { try broadcastTo(x, shape: [3, -2]) }
            #expect(negative?.code == .invalidArgument)
        }
    }
}
