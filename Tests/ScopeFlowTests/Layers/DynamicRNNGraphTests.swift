import Foundation
import Testing

@testable import ScopeFlow

/// `dynamicRNN` builds TF 2.21's `tf.compat.v1.nn.dynamic_rnn` graph node for node (the `rnn/`
/// transposes and TensorArrays, the `rnn/while/…` loop calling the cell, sequence_length's checks
/// and Selects), and gradients and a training step through it, and a session computes TF's values
/// for the same feeds and variable values (`Resources/dynamic_rnn_graphs.json`, recorded by
/// `Scripts/tf-verify/record_dynamic_rnn_graphs.py`, which holds the Python of each case).
@Suite struct DynamicRNNGraphTests {
    /// A value fed to a placeholder, or loaded into a variable.
    struct NamedValue: Decodable, Sendable {
        let name: String
        let dtype: String
        let shape: [Int]
        let values: [Double]

        var hostTensor: HostTensor {
            get throws {
                switch dtype {
                case "int64": return try HostTensor(values.map { Int64($0) }, shape: shape)
                case "int32": return try HostTensor(values.map { Int32($0) }, shape: shape)
                default: return try HostTensor(values.map { Float($0) }, shape: shape)
                }
            }
        }
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let id: String
        let nodes: [WhileGraphOracle.Node]
        let fetches: [String]
        let values: [WhileGraphOracle.Value]
        let feeds: [NamedValue]
        let variables: [NamedValue]
        var testDescription: String { id }
    }

    struct Recording: Decodable, Sendable {
        let tensorflow: String
        let cases: [Case]
    }

    static let recording: Recording = {
        let url = Bundle.module.url(
            forResource: "dynamic_rnn_graphs", withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(Recording.self, from: Data(contentsOf: url))
    }()

    /// Builds `recorded` as the recorder does: its fetches, then the variables' initializer `init`.
    static func build(_ recorded: Case) throws -> (Graph, [Tensor], ScopeFlow.Operation) {
        let builder = try #require(builders[recorded.id], "no Swift builder for case \(recorded.id)")
        let graph = Graph()
        return try graph.asDefault { (graph, try builder(), try globalVariablesInitializer()) }
    }

    /// Node for node, control inputs compared as sets: TF lists more than a few in an order that
    /// changes from run to run, so the recorder sorts them.
    @Test(arguments: recording.cases)
    func buildsTFsGraph(_ recorded: Case) throws {
        let (graph, fetches, _) = try Self.build(recorded)
        let built = graph.operations.map { op in
            let node = WhileGraphOracle.Node(op)
            return WhileGraphOracle.Node(
                name: node.name, op: node.op,
                inputs: node.inputs.filter { !$0.hasPrefix("^") } + node.inputs.filter { $0.hasPrefix("^") }.sorted(),
                shapes: node.shapes, frame_name: node.frame_name, is_constant: node.is_constant,
                parallel_iterations: node.parallel_iterations)
        }
        if let index = built.indices.first(where: { $0 < recorded.nodes.count && built[$0] != recorded.nodes[$0] }) {
            Issue.record("node \(index) differs:\n  Swift: \(built[index])\n  TF:    \(recorded.nodes[index])")
        }
        #expect(built.map(\.name) == recorded.nodes.map(\.name))
        #expect(fetches.map(\.name) == recorded.fetches)
    }

    @Test(arguments: recording.cases)
    func computesTFsValues(_ recorded: Case) throws {
        let (graph, fetches, initializer) = try Self.build(recorded)
        let (loads, feeds) = try graph.asDefault {
            let variables = Dictionary(uniqueKeysWithValues: try globalVariables().map { ($0.name, $0) })
            let loads = try recorded.variables.map { loaded in
                try assign(#require(variables[loaded.name], "no variable \(loaded.name)"), constant(loaded.hostTensor))
            }
            let feeds = try Dictionary(
                uniqueKeysWithValues: recorded.feeds.map {
                    (try #require(graph.tensor(named: $0.name), "no placeholder \($0.name)"), try $0.hostTensor)
                })
            return (loads, feeds)
        }
        let session = Session(graph: graph)
        try session.run(initializer)
        try session.run(loads)
        let values = try session.run(fetches, feeds: feeds)
        #expect(values.count == recorded.values.count)
        for (index, (value, tf)) in zip(values, recorded.values).enumerated() {
            #expect(value.dtype.name == tf.dtype, "fetch \(index)")
            #expect(value.shape == tf.shape, "fetch \(index)")
            let got = try #require(value.floats, "fetch \(index) is not float32").map(Double.init)
            // Float32 sums in another order than Eigen's: agreement to a few ulps of the values' scale.
            let scale = max(1, tf.values.map(abs).max() ?? 1)
            let worst = zip(got, tf.values).map { abs($0 - $1) }.max() ?? 0
            #expect(
                got.count == tf.values.count && worst <= 2e-6 * scale, "fetch \(index): \(got) vs TF's \(tf.values)")
        }
    }

    @Test func everyBuilderHasARecordedCase() {
        #expect(Set(Self.builders.keys) == Set(Self.recording.cases.map(\.id)))
    }

    /// The Swift spelling of each recorded case's Python (see the recorder), returning its fetches.
    static let builders: [String: @Sendable () throws -> [Tensor]] = [
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
            return [loss] + (try gradientsAndVariables.map { try #require($0.0) })
        },
    ]

    private static func batchMajor() throws -> Tensor { try placeholder(.float32, shape: [2, 4, 5], name: "x") }
    private static func timeMajor() throws -> Tensor { try placeholder(.float32, shape: [4, 2, 5], name: "x") }
}
