import Testing

@testable import ScopeFlow

/// `GRUCell`, `LSTMCell`, `MultiRNNCell` and `DropoutWrapper` run by `dynamicRNN`, and
/// `bidirectionalDynamicRNN`, build TF 2.21's graphs node for node (with gradients and training
/// steps through them), and a session computes TF's values for the same feeds and variable values
/// — the seeded dropouts' included (`Resources/rnn_cell_graphs.json`, recorded by
/// `Scripts/tf-verify/record_rnn_cell_graphs.py`, which holds the Python of each case).
@Suite struct RNNCellGraphTests {
    static let recording = RNNGraphOracle.recording("rnn_cell_graphs")

    @Test(arguments: recording.cases)
    func buildsTFsGraph(_ recorded: RNNGraphOracle.Case) throws {
        try RNNGraphOracle.expectTFsGraph(recorded, with: Self.builders)
    }

    @Test(arguments: recording.cases)
    func computesTFsValues(_ recorded: RNNGraphOracle.Case) throws {
        try RNNGraphOracle.expectTFsValues(recorded, with: Self.builders)
    }

    @Test func everyBuilderHasARecordedCase() {
        #expect(Set(Self.builders.keys) == Set(Self.recording.cases.map(\.id)))
    }

    /// The Swift spelling of each recorded case's Python (see the recorder), returning its fetches.
    static let builders: [String: RNNGraphOracle.Builder] = [
        "gru_sequence_length": {
            let x = try batchMajor()
            let lengths = try placeholder(.int32, shape: [2], name: "lengths")
            let (outputs, state) = try dynamicRNN(GRUCell(units: 3), x, sequenceLength: lengths, dtype: .float32)
            let loss = try reduceSum(square(outputs)) + reduceSum(state)
            return [outputs, state] + (try lossAndGradients(loss, and: [x]))
        },
        "lstm_cell": {
            let x = try batchMajor()
            let (outputs, state) = try dynamicRNN(LSTMCell(units: 3, forgetBias: 0), x, dtype: .float32)
            let loss = try reduceSum(square(outputs)) + reduceSum(state.c)
            return [outputs, state.c, state.h] + (try lossAndGradients(loss, and: [x]))
        },
        "lstm_cell_clip": {
            let (outputs, state) = try dynamicRNN(LSTMCell(units: 3, cellClip: 0.05), batchMajor(), dtype: .float32)
            return [outputs, state.c, state.h]
        },
        "multi_dropout_training": {
            let x = try batchMajor()
            let cells = try (0..<2).map {
                try DropoutWrapper(LSTMCell(units: 3, forgetBias: 0), outputKeepProbability: 0.9, seed: 17 + $0)
            }
            let cell = try MultiRNNCell(cells)
            let initial = try cell.zeroState(batchSize: 2, dtype: .float32)
            let (outputs, state) = try dynamicRNN(cell, x, initialState: initial, parallelIterations: 1)
            let loss = try reduceSum(square(outputs)) + reduceSum(state[1].c)
            return [outputs, state[0].c, state[1].h, loss] + (try trainingStep(loss))
        },
        "dropout_wrapper_all": {
            let x = try batchMajor()
            let cell = try DropoutWrapper(
                GRUCell(units: 3), inputKeepProbability: 0.8, outputKeepProbability: 0.6, stateKeepProbability: 0.7,
                seed: 3)
            let (outputs, state) = try dynamicRNN(cell, x, dtype: .float32, parallelIterations: 1)
            return [outputs, state]
        },
        "dropout_state_of_layers": {
            let x = try batchMajor()
            let layers = try MultiRNNCell([LSTMCell(units: 3), LSTMCell(units: 3)])
            let cell = try DropoutWrapper(layers, stateKeepProbability: 0.8, seed: 1)
            let (outputs, state) = try dynamicRNN(cell, x, dtype: .float32, parallelIterations: 1)
            return [outputs, state[0].c, state[0].h, state[1].h]
        },
        "bidirectional_gru": {
            let x = try batchMajor()
            let lengths = try placeholder(.int32, shape: [2], name: "lengths")
            let (outputs, states) = try bidirectionalDynamicRNN(
                GRUCell(units: 3), GRUCell(units: 3), x, sequenceLength: lengths, dtype: .float32)
            let joined = try concat([outputs.forward, outputs.backward], axis: -1)
            let loss = try reduceSum(square(joined)) + reduceSum(states.backward)
            return [outputs.forward, outputs.backward, states.forward, states.backward, loss]
                + (try trainingStep(loss))
        },
        "bidirectional_lstm_time_major": {
            let x = try placeholder(.float32, shape: [4, 2, 5], name: "x")
            let lengths = try placeholder(.int32, shape: [2], name: "lengths")
            let (outputs, states) = try bidirectionalDynamicRNN(
                LSTMCell(units: 3), LSTMCell(units: 3), x, sequenceLength: lengths, dtype: .float32, timeMajor: true,
                scope: "birnn")
            return [outputs.forward, outputs.backward, states.forward.c, states.backward.h]
        },
        "bidirectional_without_lengths": {
            let x = try batchMajor()
            let (outputs, states) = try bidirectionalDynamicRNN(
                GRUCell(units: 3), LSTMCell(units: 3), x, dtype: .float32)
            let loss =
                try reduceSum(square(outputs.forward)) + reduceSum(outputs.backward) + reduceSum(states.backward.c)
            return [outputs.forward, outputs.backward, states.forward, states.backward.h]
                + (try lossAndGradients(loss, and: [x]))
        },
    ]

    private static func batchMajor() throws -> Tensor { try placeholder(.float32, shape: [2, 4, 5], name: "x") }

    /// `[loss] + tf.gradients(loss, trainable_variables() + extra)`.
    private static func lossAndGradients(_ loss: Tensor, and extra: [Tensor]) throws -> [Tensor] {
        let xs: [any TensorConvertible] = try trainableVariables() + extra
        return [loss] + (try ScopeFlow.gradients(loss, xs).map { try #require($0) })
    }

    /// A `GradientDescentOptimizer(0.1)` step on `loss`, returning its gradients.
    private static func trainingStep(_ loss: Tensor) throws -> [Tensor] {
        let optimizer = GradientDescentOptimizer(learningRate: 0.1)
        let gradientsAndVariables = try optimizer.computeGradients(loss)
        try optimizer.applyGradients(gradientsAndVariables)
        return try gradientsAndVariables.map { try #require($0.0?.denseTensor) }
    }
}
