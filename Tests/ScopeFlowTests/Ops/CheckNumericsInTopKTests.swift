import Testing

@testable import ScopeFlow

/// `checkNumerics` fails a run with TF's message when a value is NaN or infinite, and `inTopK`
/// refuses wrong ranks and batch sizes; the oracle cases (`ops_added.json`) cover the values.
@Suite struct CheckNumericsInTopKTests {
    @Test func nonFiniteValuesFailTheRunWithTFsMessage() throws {
        let graph = Graph()
        let (y, x) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [3], name: "x")
            return (try checkNumerics(x, message: "bad x"), x)
        }
        let session = Session(graph: graph)
        let finite = try session.run([y], feeds: [x: HostTensor([Float(1), -2, 3])])[0]
        #expect(finite.floats == [1, -2, 3])
        for (values, kinds) in [
            ([Float.nan, 1, 2], "NaN"), ([1, -.infinity, 2], "Inf"), ([.infinity, .nan, 0], "Inf and NaN"),
        ] {
            let error = #expect(throws: ScopeFlowError.self) { try session.run([y], feeds: [x: HostTensor(values)]) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message.hasPrefix("bad x : Tensor had \(kinds) values") == true)
        }
    }

    @Test func inTopKRefusesWrongRanksAndBatchSizes() throws {
        try Graph().asDefault {
            let scores = try placeholder(.float32, shape: [3, 5], name: "scores")
            let vector = try placeholder(.float32, shape: [5], name: "vector")
            let labels = try placeholder(.int32, shape: [3], name: "labels")
            let short = try placeholder(.int32, shape: [2], name: "short")
            let rank = #expect(throws: ScopeFlowError.self) { try inTopK(predictions: vector, targets: labels, k: 1) }
            #expect(rank?.code == .shapeMismatch)
            let batch = #expect(throws: ScopeFlowError.self) { try inTopK(predictions: scores, targets: short, k: 1) }
            #expect(batch?.message.contains("First dimension of predictions 3 must match length of targets 2") == true)
        }
    }
}
