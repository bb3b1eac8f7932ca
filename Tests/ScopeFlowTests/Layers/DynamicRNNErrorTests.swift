import Testing

@testable import ScopeFlow

/// `dynamicRNN` rejects what TF's `dynamic_rnn` rejects, with a `ScopeFlowError` saying what is
/// wrong (TF 2.21's messages where ScopeFlow's names agree with TF's), and fails at run time as
/// TF's `rnn/Assert/Assert` does when the lengths do not match the batch.
@Suite struct DynamicRNNErrorTests {
    /// The error `body` throws while building in a fresh graph.
    private func buildError(_ body: () throws -> Void) -> ScopeFlowError? {
        #expect(throws: ScopeFlowError.self) { try Graph().asDefault { try body() } }
    }

    @Test func withoutInitialStateOrDTypeItAsksForADType() {
        let error = buildError {
            _ = try dynamicRNN(BasicRNNCell(units: 3), placeholder(.float32, shape: [2, 4, 5], name: "x"))
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.hasPrefix("If no initialState is provided, dtype must be specified") == true)
    }

    @Test func inputsBelowRankThreeAreTFsError() {
        let error = buildError {
            _ = try dynamicRNN(BasicRNNCell(units: 3), placeholder(.float32, shape: [2, 5]), dtype: .float32)
        }
        #expect(error?.code == .shapeMismatch)
        #expect(error?.message.hasPrefix("Shape (5, 2) must have rank at least 3") == true, "\(error?.message ?? "")")
    }

    @Test func inputsOfUnknownDepthAreRejected() {
        let error = buildError {
            _ = try dynamicRNN(BasicRNNCell(units: 3), placeholder(.float32, shape: [2, 4, nil]), dtype: .float32)
        }
        #expect(error?.code == .shapeMismatch)
        #expect(error?.message.hasPrefix("Input size (depth of inputs) must be accessible via shape inference") == true)
    }

    @Test func aSequenceLengthThatIsNoVectorIsRejected() {
        let error = buildError {
            _ = try dynamicRNN(
                BasicRNNCell(units: 3), placeholder(.float32, shape: [2, 4, 5]),
                sequenceLength: constant([Int32(1), 2, 3, 4], shape: [2, 2]), dtype: .float32)
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.hasPrefix("Argument sequence_length must be a vector of length batch_size.") == true)
    }

    @Test func aStateOfTheWrongSizeIsRejected() throws {
        try Graph().asDefault {
            let c = try constant(Float(1), name: "c")
            let pair = LSTMStateTuple(c: c, h: c)
            let error = #expect(throws: ScopeFlowError.self) { try pair.packing([c]) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.names == ["c:0"])
            #expect(try pair.packing(pair.flattened).flattened == [c, c])
            let layers = [pair, pair]
            #expect(try layers.packing(layers.flattened).map(\.flattened) == [[c, c], [c, c]])
            #expect(throws: ScopeFlowError.self) { try layers.packing([c, c, c]) }
        }
    }

    @Test func lengthsThatDoNotMatchTheBatchFailTFsAssertion() throws {
        let graph = Graph()
        let (outputs, x, lengths) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [2, 4, 5], name: "x")
            let lengths = try placeholder(.int32, shape: [nil], name: "lengths")
            let (outputs, _) = try dynamicRNN(BasicRNNCell(units: 3), x, sequenceLength: lengths, dtype: .float32)
            return (outputs, x, lengths)
        }
        let session = Session(graph: graph)
        try session.run(graph.asDefault { try globalVariablesInitializer() })
        let feeds = [
            x: try HostTensor([Float](repeating: 0, count: 40), shape: [2, 4, 5]),
            lengths: try HostTensor([Int32(1), 2, 3], shape: [3]),
        ]
        let error = #expect(throws: ScopeFlowError.self) { try session.run(outputs, feeds: feeds) }
        #expect(error?.code == .invalidArgument)
        let tfMessage =
            "assertion failed: [Expected shape for Tensor rnn/sequence_length:0 is ] [2] [ but saw shape: ] [3]"
        #expect(error?.message.hasPrefix(tfMessage) == true, "\(error?.message ?? "")")
    }
}
