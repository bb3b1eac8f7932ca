import Testing

@testable import ScopeFlow

/// `dynamicRNN` builds TF 2.21's `tf.compat.v1.nn.dynamic_rnn` graph node for node (the `rnn/`
/// transposes and TensorArrays, the `rnn/while/…` loop calling the cell, sequence_length's checks
/// and Selects), and gradients and a training step through it, and a session computes TF's values
/// for the same feeds and variable values (`Resources/dynamic_rnn_graphs.json`, recorded by
/// `Scripts/tf-verify/record_dynamic_rnn_graphs.py`, which holds the Python of each case).
@Suite struct DynamicRNNGraphTests {
    static let recording = RNNGraphOracle.recording("dynamic_rnn_graphs")

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
        "basic_rnn": {
            let (outputs, state) = try dynamicRNN(BasicRNNCell(units: 3), batchMajor(), dtype: .float32)
            return [outputs, state]
        },
        "lstm_time_major": {
            let (outputs, state) = try dynamicRNN(
                BasicLSTMCell(units: 3), timeMajor(), dtype: .float32, timeMajor: true)
            return [outputs, state.c, state.h]
        },
        "lstm_sequence_length": {
            let x = try batchMajor()
            let lengths = try constant([Int32(4), 2], name: "lengths")
            let (outputs, state) = try dynamicRNN(
                BasicLSTMCell(units: 3), x, sequenceLength: lengths, dtype: .float32)
            return [outputs, state.c, state.h]
        },
        "rnn_initial_state": {
            let x = try timeMajor()
            let lengths = try placeholder(.int64, shape: [2], name: "lengths")
            let h0 = try placeholder(.float32, shape: [2, 3], name: "h0")
            let (outputs, state) = try dynamicRNN(
                BasicRNNCell(units: 3), x, sequenceLength: lengths, initialState: h0, parallelIterations: 8,
                swapMemory: true, timeMajor: true, scope: "encoder")
            return [outputs, state]
        },
        "rnn_scope_object": {
            let x = try timeMajor()
            let encoder = try variableScope("encoder") { $0 }
            let (outputs, state) = try nameScope("outer") { _ in
                try dynamicRNN(BasicRNNCell(units: 3), x, dtype: .float32, timeMajor: true, scope: encoder)
            }
            return [outputs, state]
        },
        "lstm_gradients": {
            let x = try batchMajor()
            let c0 = try placeholder(.float32, shape: [2, 3], name: "c0")
            let h0 = try placeholder(.float32, shape: [2, 3], name: "h0")
            let (outputs, state) = try dynamicRNN(
                BasicLSTMCell(units: 3), x, sequenceLength: constant([Int32(3), 4], name: "lengths"),
                initialState: LSTMStateTuple(c: c0, h: h0))
            let loss = try reduceSum(square(outputs)) + reduceSum(state.c)
            let xs: [any TensorConvertible] = try trainableVariables() + [x, c0, h0]
            return [loss] + (try gradients(loss, xs).map { try #require($0) })
        },
        "lstm_unknown_batch": {
            let x = try placeholder(.float32, shape: [nil, 4, 5], name: "x")
            let lengths = try placeholder(.int32, shape: [nil], name: "lengths")
            let (outputs, state) = try dynamicRNN(
                BasicLSTMCell(units: 3), x, sequenceLength: lengths, dtype: .float32)
            let loss = try reduceSum(outputs) + reduceSum(state.h)
            let xs: [any TensorConvertible] = try trainableVariables() + [x]
            return [outputs, state.c, loss] + (try gradients(loss, xs).map { try #require($0) })
        },
        "rnn_unknown_time": {
            let x = try placeholder(.float32, shape: [nil, nil, 5], name: "x")
            let (outputs, state) = try dynamicRNN(BasicRNNCell(units: 3), x, dtype: .float32)
            let loss = try reduceSum(square(outputs)) + reduceSum(state)
            let xs: [any TensorConvertible] = try trainableVariables() + [x]
            return [outputs, state, loss] + (try gradients(loss, xs).map { try #require($0) })
        },
        "rnn_training": {
            let (outputs, state) = try dynamicRNN(
                BasicRNNCell(units: 3), timeMajor(), dtype: .float32, timeMajor: true)
            let loss = try reduceMean(square(outputs)) + reduceSum(state)
            let optimizer = GradientDescentOptimizer(learningRate: 0.1)
            let gradientsAndVariables = try optimizer.computeGradients(loss)
            try optimizer.applyGradients(gradientsAndVariables)
            return [loss] + (try gradientsAndVariables.map { try #require($0.0?.denseTensor) })
        },
    ]

    private static func batchMajor() throws -> Tensor { try placeholder(.float32, shape: [2, 4, 5], name: "x") }
    private static func timeMajor() throws -> Tensor { try placeholder(.float32, shape: [4, 2, 5], name: "x") }
}
