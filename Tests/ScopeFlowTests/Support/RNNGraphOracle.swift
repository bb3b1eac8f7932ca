import Foundation
import Testing

@testable import ScopeFlow

/// Recorded TF graphs of RNN cases (`Resources/dynamic_rnn_graphs.json` and
/// `Resources/rnn_cell_graphs.json`, written by `Scripts/tf-verify/record_dynamic_rnn_graphs.py` and
/// `record_rnn_cell_graphs.py`): every node, the fetches' values for the recorded feeds and
/// variable values, and the checks that a Swift builder of a case matches them.
enum RNNGraphOracle {
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

    /// The Swift spelling of a case's Python, returning its fetches.
    typealias Builder = @Sendable () throws -> [Tensor]

    /// The recording in `Resources/<resource>.json`.
    static func recording(_ resource: String) -> Recording {
        let url = Bundle.module.url(forResource: resource, withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(Recording.self, from: Data(contentsOf: url))
    }

    /// Builds `recorded` as the recorder does: its fetches, then the variables' initializer `init`.
    static func build(_ recorded: Case, with builders: [String: Builder]) throws -> (
        Graph, [Tensor], ScopeFlow.Operation
    ) {
        let builder = try #require(builders[recorded.id], "no Swift builder for case \(recorded.id)")
        let graph = Graph()
        return try graph.asDefault { (graph, try builder(), try globalVariablesInitializer()) }
    }

    /// Node for node, control inputs compared as sets: TF lists more than a few in an order that
    /// changes from run to run, so the recorder sorts them.
    static func expectTFsGraph(_ recorded: Case, with builders: [String: Builder]) throws {
        let (graph, fetches, _) = try build(recorded, with: builders)
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

    /// A session computes TF's values of the fetches, after loading TF's variable values and
    /// feeding TF's feeds.
    static func expectTFsValues(_ recorded: Case, with builders: [String: Builder]) throws {
        let (graph, fetches, initializer) = try build(recorded, with: builders)
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
}
