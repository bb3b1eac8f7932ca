import Testing

@testable import ScopeFlow

/// `piecewiseConstant` (an exclusive `case` with TF's AssertGuard) against TF 2.21's graphs and values.
@Suite struct PiecewiseConstantTests {
    /// piecewise_constant over an int64 variable (int32 boundaries cast) crossing both boundaries,
    /// and over an int32 placeholder with one boundary: the exclusive case with its AssertGuard.
    @Test func piecewiseConstantIsTFsExclusiveCase() throws {
        try RecordedResNetPieces.expectTF("piecewise_constant") {
            let step = try Variable(try HostTensor(storage: .int64([0]), shape: []), name: "step", trainable: false)
            _ = try piecewiseConstant(step, boundaries: [3, 6], values: [0.1, 0.05, 0.01])
            let x = try placeholder(.int32, shape: [], name: "x")
            _ = try piecewiseConstant(x, boundaries: [2], values: [1.0, 2.0], name: "two")
            _ = try RecordedResNetPieces.incrementing(step, name: "increment")
        }
    }

    @Test func piecewiseConstantRejectsMismatchedLists() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.int32, shape: [], name: "x")
            #expect(throws: ScopeFlowError.self) { try piecewiseConstant(x, boundaries: [1, 2], values: [1.0, 2.0]) }
            #expect(throws: ScopeFlowError.self) { try piecewiseConstant(x, boundaries: [Int](), values: [1.0]) }
            #expect(throws: ScopeFlowError.self) { try piecewiseConstant(x, boundaries: [1 << 40], values: [1, 2]) }
        }
    }

}
