import Foundation
import ScopeFlowProto
import Testing

@testable import ScopeFlow

/// Gradients taken on a MetaGraph's imported loops and conds: `importMetaGraph` rebuilds the
/// `while_context` / `cond_context` collections into the ops' contexts, so `gradients` builds
/// what TF 2.21 builds after `import_meta_graph` — node for node — and computes TF's values
/// (`Resources/imported-context-gradients.json`, recorded by
/// `Scripts/tf-verify/record_imported_context_gradients.py`).
@Suite struct ImportedContextGradientTests {
    struct Node: Decodable, Equatable, CustomStringConvertible {
        let name: String
        let op: String
        let inputs: [String]
        var description: String { "\(name) \(op) \(inputs.joined(separator: ","))" }
    }

    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        let name: String
        /// The exported MetaGraph (base64), or nil for a recorded model's own `model.meta`.
        let meta_graph: String?
        let model: String?
        let loss: String
        let xs: [String]
        let feeds: [String: OpOracle.TensorRecord]?
        let added_nodes: [Node]
        let gradients: [String]
        let values: [OpOracle.TensorRecord]?
        var testDescription: String { name }

        func metaGraph() throws -> Tensorflow_MetaGraphDef {
            if let meta_graph {
                return try Tensorflow_MetaGraphDef(serializedBytes: try #require(Data(base64Encoded: meta_graph)))
            }
            let folder = try #require(
                Bundle.module.url(forResource: "models/\(model ?? "")", withExtension: nil, subdirectory: "Resources"))
            return try readMetaGraph(folder.path + "/model.meta")
        }
    }

    struct Recording: Decodable { let cases: [Case] }

    static let cases: [Case] = {
        let url = Bundle.module.url(
            forResource: "imported-context-gradients", withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(Recording.self, from: Data(contentsOf: url)).cases
    }()

    /// Imports the case's MetaGraph into a fresh graph and takes its gradients there; returns the
    /// graph, the ops `gradients` added, and the gradients.
    static func differentiate(_ recorded: Case) throws -> (Graph, [Node], [Tensor]) {
        let graph = Graph()
        try graph.importMetaGraph(recorded.metaGraph())
        let before = graph.operations.count
        let loss = try #require(graph.tensor(named: recorded.loss))
        let xs = try recorded.xs.map { try #require(graph.tensor(named: $0)) }
        let grads = try graph.asDefault { try gradients([loss], xs) }
        let added = graph.graphDef().node[before...].map { Node(name: $0.name, op: $0.op, inputs: $0.input) }
        return (graph, added, try grads.map { try #require($0) })
    }

    @Test(arguments: cases)
    func buildsTFsGradientGraph(_ recorded: Case) throws {
        let (_, ours, grads) = try Self.differentiate(recorded)
        let difference = zip(ours, recorded.added_nodes).enumerated().first { $0.element.0 != $0.element.1 }
        let shown = difference.map { "node \($0.offset): ours '\($0.element.0)', TF '\($0.element.1)'" } ?? ""
        #expect(difference == nil, "\(shown)")
        #expect(ours.count == recorded.added_nodes.count)
        #expect(grads.map(\.name) == recorded.gradients)
    }

    @Test(arguments: cases.filter { $0.values != nil })
    func computesTFsGradients(_ recorded: Case) throws {
        let (graph, _, grads) = try Self.differentiate(recorded)
        var feeds: [Tensor: HostTensor] = [:]
        for (name, value) in recorded.feeds ?? [:] {
            feeds[try #require(graph.tensor(named: name))] = try value.hostTensor()
        }
        let values = try Session(graph: graph).run(grads, feeds: feeds)
        for (value, tf) in zip(values, try #require(recorded.values)) {
            #expect(oracleMismatch(value, tf, OpOracle.Tolerance(rtol: 1e-6, atol: 1e-6)) == nil)
        }
    }

    @Test func aContextNamingWhatTheGraphLacksIsAnError() throws {
        var meta = try #require(Self.cases.first { $0.name == "while_power" }).metaGraph()
        var loop = try Tensorflow_WhileContextDef(
            serializedBytes: try #require(meta.collectionDef["while_context"]?.bytesList.value.first))
        loop.pivotName = "while/NoSuchLoopCond:0"
        meta.collectionDef["while_context"]!.bytesList.value = [try loop.serializedData()]
        #expect {
            try Graph().importMetaGraph(meta)
        } throws: { error in
            let message = (error as? ScopeFlowError)?.message ?? ""
            return message.contains("while/NoSuchLoopCond:0") && message.contains("while/while_context")
        }
    }
}
