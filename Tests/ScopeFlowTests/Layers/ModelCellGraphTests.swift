import Foundation
import Testing

@testable import ScopeFlow

/// The RNN parts of the recorded models (`Resources/models/<model>/graph.txt`, TF 2.21's nodes of
/// `/work/shared/models/*.py`) built with the cells: every node under the RNN's scopes, in TF's
/// order, with TF's inputs. What lies outside them (embeddings, losses, gradients) is not compared.
@Suite struct ModelCellGraphTests {
    /// TF's nodes of `model` whose names start with one of `prefixes`, in graph order.
    static func tfLines(_ model: String, under prefixes: [String], excluding: String?) throws -> [String] {
        let url = try #require(
            Bundle.module.url(forResource: "models/\(model)/graph", withExtension: "txt", subdirectory: "Resources"))
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
            .filter { line in prefixes.contains { line.hasPrefix($0) } }
            .filter { line in excluding.map { !line.split(separator: " ")[0].contains($0) } ?? true }
    }

    /// Expects the nodes of `graph` under `prefixes` to be TF's, pointing at the first that differs;
    /// TF's nodes whose names contain `excluding` (the optimizer's slots) are left out.
    static func expectTFsNodes(
        of graph: Graph, model: String, under prefixes: [String], excluding: String? = nil
    ) throws {
        let ours = ModelGraphTests.lines(of: graph).filter { line in prefixes.contains { line.hasPrefix($0) } }
        let tf = try tfLines(model, under: prefixes, excluding: excluding)
        let difference = zip(ours, tf).first { $0 != $1 }
        #expect(difference == nil, "first differing node: ours \(difference?.0 ?? "") vs TF \(difference?.1 ?? "")")
        #expect(ours.count == tf.count, "\(ours.count) nodes vs TF's \(tf.count)")
        #expect(!tf.isEmpty, "no node of \(model) under \(prefixes)")
    }

    /// ptb_lstm's two `MultiRNNCell`s of `LSTMCell(16, forget_bias=0.0)`: the training one's cells
    /// each in a `DropoutWrapper(output_keep_prob=0.9, seed=17 + i)`, run by `dynamic_rnn` from
    /// `cell.zero_state` under `Train/Model`; the validation one's sharing the variables under
    /// `Valid/Model`.
    @Test func ptbLSTMCellsAreTFs() throws {
        let graph = Graph()
        try graph.asDefault {
            try nameScope("Train") { _ in
                try variableScope("Model", initializer: .randomUniform(minval: -0.1, maxval: 0.1)) { _ in
                    try ptbModel(training: true, batchSize: 4, steps: 6)
                }
            }
            try nameScope("Valid") { _ in
                try variableScope("Model", reuse: .reuse, initializer: .randomUniform(minval: -0.1, maxval: 0.1)) { _ in
                    try ptbModel(training: false, batchSize: 2, steps: 3)
                }
            }
        }
        try Self.expectTFsNodes(
            of: graph, model: "ptb_lstm",
            under: [
                "Train/Model/DropoutWrapperInit", "Train/Model/MultiRNNCellZeroState", "Train/Model/rnn/",
                "Model/rnn/", "Valid/Model/MultiRNNCellZeroState", "Valid/Model/rnn/",
            ])
    }

    /// bigru_tagger's `bidirectional_dynamic_rnn` of two `GRUCell(8)`s with `sequence_length`,
    /// under the variable scope `tagger`, its inputs a stand-in for the embedding lookup.
    @Test func bigruTaggerCellsAreTFs() throws {
        let graph = Graph()
        try graph.asDefault {
            let lengths = try placeholder(.int32, shape: [4], name: "sequence_length")
            try variableScope("tagger") { _ in
                let x = try nameScope("embedding/embedding_lookup") { _ in
                    try identity(placeholder(.float32, shape: [4, 7, 8]), name: "Identity")
                }
                _ = try bidirectionalDynamicRNN(
                    GRUCell(units: 8), GRUCell(units: 8), x, sequenceLength: lengths, dtype: .float32)
            }
        }
        try Self.expectTFsNodes(
            of: graph, model: "bigru_tagger", under: ["tagger/bidirectional_rnn/", "tagger/ReverseSequence"],
            excluding: "/Adagrad")
    }

    /// The RNN of ptb_lstm's `PTBModel` in TF's order (cells, zero state, inputs, `dynamic_rnn`), its
    /// inputs a stand-in for the embedding lookup (`embedding_lookup/Identity`), dropped out with
    /// `rate=0.1, seed=5` when training.
    private func ptbModel(training: Bool, batchSize: Int, steps: Int) throws {
        let inputs = {
            try nameScope("embedding_lookup") { _ in
                try identity(placeholder(.float32, shape: [batchSize, steps, 16]), name: "Identity")
            }
        }
        if training {
            let cell = try MultiRNNCell(
                (0..<2).map {
                    try DropoutWrapper(LSTMCell(units: 16, forgetBias: 0), outputKeepProbability: 0.9, seed: 17 + $0)
                })
            let initial = try cell.zeroState(batchSize: batchSize, dtype: .float32)
            _ = try dynamicRNN(cell, droppedOut(inputs(), rate: 1 - 0.9, seed: 5), initialState: initial)
        } else {
            let cell = try MultiRNNCell((0..<2).map { _ in LSTMCell(units: 16, forgetBias: 0) })
            let initial = try cell.zeroState(batchSize: batchSize, dtype: .float32)
            _ = try dynamicRNN(cell, inputs(), initialState: initial)
        }
    }
}
