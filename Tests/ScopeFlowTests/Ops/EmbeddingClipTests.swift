import Foundation
import Testing

@testable import ScopeFlow

/// `embeddingLookup`, `xwPlusB`, `div`, `globalNorm` and `clipByGlobalNorm` (given an IndexedSlices,
/// a dense gradient and a nil) against TF 2.21 (`Resources/embedding_clip_graphs.json`, recorded by
/// `Scripts/tf-verify/record_embedding_clip_graphs.py`): the graph node for node, and its values.
@Suite struct EmbeddingClipTests {
    struct Recorded: Decodable {
        let table: [[Double]]
        let w: [[Double]]
        let b: [Double]
        let ids: [[Int32]]
        let nodes: [[String]]
        let tensors: [String: String]
        let values: [String: OpOracle.TensorRecord]
    }

    static let recorded: Recorded = {
        let url = Bundle.module.url(
            forResource: "embedding_clip_graphs", withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(Recorded.self, from: Data(contentsOf: url))
    }()

    /// The recorded program, written with ScopeFlow's API.
    private static func build() throws -> (ids: Tensor, tensors: [String: Tensor], initializer: ScopeFlow.Operation) {
        let ids = try placeholder(.int32, shape: [2, 2], name: "ids")
        let table = try getVariable("table", shape: [5, 3], initializer: .constant(recorded.table.flatMap { $0 }))
        let w = try getVariable("w", shape: [3, 2], initializer: .constant(recorded.w.flatMap { $0 }))
        let b = try getVariable("b", shape: [2], initializer: .constant(recorded.b))
        let unused = try getVariable("unused", shape: [2], initializer: .zeros)
        let embedding = try embeddingLookup(table, ids: ids)
        let logits = try xwPlusB(reshape(embedding, shape: [-1, 3]), weights: w, biases: b)
        let cost = try div(reduceSum(square(logits)), 4, name: "cost")
        let grads = try gradientValues([cost], [table, w, b, unused])
        let (clipped, norm) = try clipByGlobalNorm(grads, clipNorm: 2.5)
        #expect(clipped[3] == nil)
        let tableSlices = try #require(clipped[0]?.indexedSlices)
        let tensors = [
            "embedding": embedding, "logits": logits, "cost": cost, "global_norm": norm,
            "clipped_table_values": tableSlices.values, "clipped_table_indices": tableSlices.indices,
            "clipped_w": try #require(clipped[1]?.denseTensor), "clipped_b": try #require(clipped[2]?.denseTensor),
        ]
        return (ids, tensors, try globalVariablesInitializer())
    }

    @Test func buildsTensorFlowsGraph() throws {
        let graph = Graph()
        let (_, tensors, _) = try graph.asDefault { try Self.build() }
        let nodes = graph.graphDef().node.map { [$0.name, $0.op] + $0.input }
        #expect(nodes.count == Self.recorded.nodes.count)
        let difference = zip(nodes, Self.recorded.nodes).first { $0 != $1 }
        #expect(difference == nil, "first differing node: ours \(difference?.0 ?? []) vs TF \(difference?.1 ?? [])")
        for (key, tensor) in tensors { #expect(tensor.name == Self.recorded.tensors[key], "\(key)") }
    }

    @Test func computesTensorFlowsValues() throws {
        let graph = Graph()
        let (ids, tensors, initializer) = try graph.asDefault { try Self.build() }
        let session = Session(graph: graph)
        try session.run(initializer)
        let feeds = [ids: try HostTensor(Self.recorded.ids.flatMap { $0 }, shape: [2, 2])]
        for (key, tensor) in tensors {
            let got = try session.run([tensor], feeds: feeds)[0]
            let want = try #require(Self.recorded.values[key])
            #expect(oracleMismatch(got, want, OpOracle.Tolerance(rtol: 1e-6, atol: 1e-7)) == nil, "\(key)")
        }
    }

    @Test func rejectsBadArguments() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try constant([1, 2] as [Float])
            #expect(throws: ScopeFlowError.self) { try clipByGlobalNorm([x], clipNorm: -1) }
            #expect(throws: ScopeFlowError.self) { try clipByGlobalNorm([x], clipNorm: .infinity) }
            #expect(throws: ScopeFlowError.self) { try globalNorm([nil] as [Tensor?]) }
            #expect(throws: ScopeFlowError.self) { try embeddingLookup(x, ids: x) }
            #expect(throws: ScopeFlowError.self) { try div(constant([1, 2] as [Int32]), 2) }
        }
    }
}
