import Foundation
import Testing

@testable import ScopeFlow

/// The while-loop graphs TF 2.21 builds and the values it fetches from them
/// (`Resources/while_graphs.json`, written by `Scripts/tf-verify/record_while_graphs.py`, and
/// the gradients through loops in `Resources/while_gradient_graphs.json`, written by
/// `Scripts/tf-verify/record_while_gradient_graphs.py`).
struct WhileGraphOracle: Decodable, Sendable {
    /// One node as TF lists it: inputs in order then `^control` inputs, the static shape of each
    /// output (nil: unknown rank), and an `Enter`'s frame attributes.
    struct Node: Decodable, Sendable, Equatable, CustomStringConvertible {
        let name: String
        let op: String
        let inputs: [String]
        let shapes: [[Int?]?]
        var frame_name: String? = nil
        var is_constant: Bool? = nil
        var parallel_iterations: Int? = nil

        var description: String {
            let enter =
                frame_name.map { " frame=\($0) constant=\(is_constant!) parallel=\(parallel_iterations!)" } ?? ""
            return "\(name) = \(op)(\(inputs.joined(separator: ", "))) shapes=\(shapes)\(enter)"
        }
    }

    struct Value: Decodable, Sendable {
        let dtype: String
        let shape: [Int]
        let values: [Double]
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let id: String
        let nodes: [Node]
        let fetches: [String]
        let values: [Value]
        var testDescription: String { id }
    }

    let tensorflow: String
    let cases: [Case]

    static let shared = load("while_graphs")
    static let gradients = load("while_gradient_graphs")

    private static func load(_ resource: String) -> WhileGraphOracle {
        let url = Bundle.module.url(forResource: resource, withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(WhileGraphOracle.self, from: Data(contentsOf: url))
    }

    /// Builds `recorded` in a new graph with its builder among `builders`, as the recorder builds
    /// it: its fetches, then the variables' initializer `init` when it has variables.
    static func build(
        _ recorded: Case, with builders: [String: @Sendable () throws -> [Tensor]]
    ) throws -> (Graph, [Tensor], ScopeFlow.Operation?) {
        let builder = try #require(builders[recorded.id], "no Swift builder for case \(recorded.id)")
        let graph = Graph()
        return try graph.asDefault {
            let fetches = try builder()
            let initializer = try globalVariables().isEmpty ? nil : globalVariablesInitializer()
            return (graph, fetches, initializer)
        }
    }

    /// Expects `graph` to hold TF's nodes of `recorded`, in order, and `fetches` to be its fetches.
    static func expectSameGraph(_ graph: Graph, fetches: [Tensor], as recorded: Case) {
        let built = graph.operations.map(Node.init)
        for (index, (swift, tf)) in zip(built, recorded.nodes).enumerated() {
            #expect(swift == tf, "node \(index) differs:\n  Swift: \(swift)\n  TF:    \(tf)")
        }
        #expect(built.map(\.name) == recorded.nodes.map(\.name))
        #expect(fetches.map(\.name) == recorded.fetches)
    }

    /// Expects a session on `graph` to fetch TF's values of `recorded`.
    static func expectSameValues(
        _ graph: Graph, fetches: [Tensor], initializer: ScopeFlow.Operation?, as recorded: Case
    ) throws {
        let session = Session(graph: graph)
        if let initializer { try session.run(initializer) }
        let values = try session.run(fetches)
        #expect(values.count == recorded.values.count)
        for (index, (value, tf)) in zip(values, recorded.values).enumerated() {
            #expect(value.dtype.name == tf.dtype, "fetch \(index)")
            #expect(value.shape == tf.shape, "fetch \(index)")
            let got = value.floats.map { $0.map(Double.init) } ?? value.int32s.map { $0.map(Double.init) } ?? []
            #expect(got == tf.values, "fetch \(index): \(got) vs TF's \(tf.values)")
        }
    }
}

extension WhileGraphOracle.Node {
    /// `op` listed as the recorder lists TF's nodes.
    init(_ op: ScopeFlow.Operation) {
        name = op.name
        self.op = op.type
        let data: [String] = op.inputs.map { $0.index == 0 ? $0.op.name : $0.name }
        let control: [String] = op.controlInputs.map { "^" + $0.name }
        inputs = data + control
        shapes = op.outputSpecs.map { $0.shape.dims }
        if op.isLoopEnter {
            if case .string(let frame)? = op.attrs["frame_name"] { frame_name = frame }
            if case .bool(let constant)? = op.attrs["is_constant"] { is_constant = constant }
            if case .int(let parallel)? = op.attrs["parallel_iterations"] { parallel_iterations = parallel }
        }
    }
}
