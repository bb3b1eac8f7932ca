import Testing

@testable import ScopeFlow

/// `pad`'s paddings are one `[before, after]` pair per dimension; any other row is an error,
/// even when the entries happen to add up to two per dimension.
@Suite struct PadArgumentTests {
    @Test func raggedPaddingsAreAnError() throws {
        try Graph().asDefault {
            let x = try placeholder(.float32, shape: [2, 3], name: "x")
            for ragged in [[[1], [2, 3, 4]], [[1, 2, 3], [4]], [[1, 1], [1]]] {
                let error = #expect(throws: ScopeFlowError.self) { try pad(x, paddings: ragged) }
                #expect(error?.code == .invalidArgument)
                #expect(error?.message.contains("[before, after] pair") == true)
            }
            #expect(try pad(x, paddings: [[1, 0], [0, 2]]).shape == [3, 5])
        }
    }
}
