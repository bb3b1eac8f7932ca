import Foundation
import ScopeFlowExamples
import ScopeFlowProto
import Testing

@testable import ScopeFlow

/// GraphDef import on the inputs that once hung or trapped it: nodes in any order, forged
/// output counts, cycles; and `explain` on every graph ScopeFlow writes.
@Suite struct GraphDefImportRobustnessTests {
    private func node(_ name: String, _ op: String, inputs: [String] = [], attrs: [String: Tensorflow_AttrValue] = [:])
        -> Tensorflow_NodeDef
    {
        Tensorflow_NodeDef.with {
            $0.name = name
            $0.op = op
            $0.input = inputs
            $0.attr = attrs
        }
    }

    private let floatT = ["T": Tensorflow_AttrValue.with { $0.type = .dtFloat }]
    private let floatDtype = ["dtype": Tensorflow_AttrValue.with { $0.type = .dtFloat }]

    /// A 12,000-node chain listed consumer first (graphdef-049 of the robustness corpus, which took
    /// 33 s when import was quadratic): every node is imported with its input.
    @Test func aLongChainListedInReverseImportsWithItsEdges() throws {
        let length = 12_000
        var graphDef = Tensorflow_GraphDef()
        graphDef.node = (1..<length).reversed().map { node("n\($0)", "Identity", inputs: ["n\($0 - 1)"], attrs: floatT) }
            + [node("n0", "Placeholder", attrs: floatDtype)]
        let graph = Graph()
        let imported = try graph.importGraphDef(graphDef, prefix: "")
        #expect(imported.map(\.name) == graphDef.node.map(\.name))
        for k in [1, 5_999, length - 1] {
            #expect(graph.operation(named: "n\(k)")?.inputs.map(\.op.name) == ["n\(k - 1)"])
        }
        #expect(graph.operations.first?.name == "n0")
    }

    @Test func aGraphDefInOrderImportsInItsOrder() throws {
        var graphDef = Tensorflow_GraphDef()
        graphDef.node = [
            node("a", "Placeholder", attrs: floatDtype), node("b", "Identity", inputs: ["a"], attrs: floatT),
            node("c", "Placeholder", attrs: floatDtype), node("d", "Add", inputs: ["b", "c"], attrs: floatT),
        ]
        let graph = Graph()
        try graph.importGraphDef(graphDef, prefix: "")
        #expect(graph.operations.map(\.name) == ["a", "b", "c", "d"])
    }

    @Test func cyclesAndDuplicateNamesAreInvalid() throws {
        var cycle = Tensorflow_GraphDef()
        cycle.node = [
            node("a", "Identity", inputs: ["c"], attrs: floatT), node("b", "Identity", inputs: ["a"], attrs: floatT),
            node("c", "Identity", inputs: ["b"], attrs: floatT),
        ]
        let error = #expect(throws: ScopeFlowError.self) { try Graph().importGraphDef(cycle, prefix: "") }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("cycle") == true)
        var selfLoop = Tensorflow_GraphDef()
        selfLoop.node = [node("a", "Identity", inputs: ["^a"], attrs: floatT)]
        #expect(throws: ScopeFlowError.self) { try Graph().importGraphDef(selfLoop, prefix: "") }
        var duplicate = Tensorflow_GraphDef()
        duplicate.node = [node("a", "Placeholder", attrs: floatDtype), node("a", "Placeholder", attrs: floatDtype)]
        let twice = #expect(throws: ScopeFlowError.self) { try Graph().importGraphDef(duplicate, prefix: "") }
        #expect(twice?.message.contains("two nodes named 'a'") == true)
    }

    private func splitGraph(_ op: String, _ attr: String, _ count: Int64, shapes: Int? = nil) -> Tensorflow_GraphDef {
        var attrs = floatT
        attrs[attr] = Tensorflow_AttrValue.with { $0.i = count }
        if let shapes {
            attrs["_output_shapes"] = Tensorflow_AttrValue.with {
                $0.list.shape = Array(repeating: Tensorflow_TensorShapeProto(), count: shapes)
            }
        }
        var graphDef = Tensorflow_GraphDef()
        graphDef.node = [node("x", "Placeholder", attrs: floatDtype), node("s", op, inputs: ["x"], attrs: attrs)]
        return graphDef
    }

    @Test func outputCountAttrsAreCheckedAsTensorFlowDefinesThem() throws {
        for (op, attr, count) in [
            ("Split", "num_split", Int64(-1)), ("Split", "num_split", 0), ("SplitV", "num_split", 1 << 40),
            ("Unpack", "num", -1), ("Unpack", "num", Int64.max), ("ShapeN", "N", 0),
        ] {
            let error = #expect(throws: ScopeFlowError.self, "\(op) \(count)") {
                try Graph().importGraphDef(splitGraph(op, attr, count), prefix: "")
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message.contains("\(attr) = \(count)") == true)
        }
        let graph = Graph()
        try graph.importGraphDef(splitGraph("Unpack", "num", 3), prefix: "")
        #expect(graph.operation(named: "s")?.outputTypes == [.float32, .float32, .float32])
        let mismatch = #expect(throws: ScopeFlowError.self) {
            try Graph().importGraphDef(splitGraph("Split", "num_split", 3, shapes: 2), prefix: "")
        }
        #expect(mismatch?.message.contains("records 2 output shapes") == true)
    }

    /// A concat's gradient holds a `ConcatOffset` (no `T` attr, `shape_type` int32), which `explain`
    /// could not import; every op of the written graph now imports and explains.
    @Test func everyOpOfAGraphWithGradientsImportsAndExplains() throws {
        let graph = Graph()
        try graph.asDefault {
            let a = try getVariable("a", shape: [2, 3], initializer: .ones)
            let b = try getVariable("b", shape: [2, 2], initializer: .ones)
            let joined = try concat([a, b], axis: 1)
            _ = try gradients([joined * joined], [a, b])
        }
        let written = graph.graphDef()
        #expect(written.node.contains { $0.op == "ConcatOffset" })
        let imported = Graph()
        try imported.importGraphDef(written, prefix: "")
        for node in written.node {
            #expect(try imported.explain(node.name).operation.type == node.op)
        }
        let offsets = try #require(imported.operations.first { $0.type == "ConcatOffset" })
        #expect(offsets.outputTypes == [.int32, .int32])
        let missing = #expect(throws: ScopeFlowError.self) { try imported.explain(offsets.name + ":7") }
        #expect(missing?.code == .notFound)
        #expect(missing?.message.contains("has 2 outputs") == true)
        #expect(try imported.explain(offsets.name + ":1").name == offsets.name + ":1")
        #expect(throws: ScopeFlowError.self) { try imported.explain(offsets.name + ":x") }
    }

    /// The graphs the `example` commands write to TensorBoard (the RNN's once failed on its
    /// `ConcatOffset`): every node imports and `explain` answers for it.
    @Test func everyExampleGraphImportsAndExplains() throws {
        for graph in [try SeedRNNTraining().graph, try GANTraining().graph, try ImageFilterExample().graph] {
            let written = graph.graphDef()
            let imported = Graph()
            try imported.importGraphDef(written, prefix: "")
            #expect(imported.operations.count == written.node.count)
            for node in written.node {
                let explanation = try imported.explain(node.name)
                #expect(explanation.operation.type == node.op)
                #expect(explanation.operation.outputTypes == graph.operation(named: node.name)?.outputTypes, "\(node.name)")
            }
        }
    }
}
