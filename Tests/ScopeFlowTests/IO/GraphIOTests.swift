import Foundation
import ScopeFlowProto
import Testing

@testable import ScopeFlow

/// `importGraphDef(inputMap:returnElements:)`, `writeGraph` and `convertVariablesToConstants`
/// against TF 2.21's answers (Scripts/tf-verify/record_graph_io.py).
@Suite struct GraphIOTests {
    /// TF's record for the small model (frozen-small-model.json).
    private struct FrozenRecord: Decodable {
        struct Node: Decodable, Equatable {
            let name: String
            let op: String
            let inputs: [String]
            let attrs: [String]
        }
        let nodes: [Node]
        let feed: [[Float]]
        let y: [[Float]]
    }

    private static func resource(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: "Resources/graph-io/" + name, withExtension: nil))
    }

    private static func frozenRecord() throws -> FrozenRecord {
        try JSONDecoder().decode(FrozenRecord.self, from: Data(contentsOf: resource("frozen-small-model.json")))
    }

    private static let feed = try! HostTensor([1, 1, 2, 3] as [Float], shape: [2, 2])

    /// The script's small model: y = x·w + b, with a variable `unused` that y does not read.
    private static func smallModel() throws -> (
        graph: Graph, x: Tensor, y: Tensor, w: Variable, initOp: ScopeFlow.Operation
    ) {
        let graph = Graph()
        return try graph.asDefault {
            let x = try placeholder(.float32, shape: [nil, 2], name: "x")
            let w = try Variable(HostTensor([1, 2, 3, 4] as [Float], shape: [2, 2]), name: "w")
            let b = try Variable([0.5, -0.5], name: "b")
            _ = try Variable(3.0, name: "unused")
            let y = try add(matmul(x, w), b, name: "y")
            return (graph, x, y, w, try globalVariablesInitializer())
        }
    }

    /// A graph computing `x + c`, named as the import tests expect.
    private static func addGraphDef() throws -> Tensorflow_GraphDef {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.float32, shape: [2], name: "x")
            let y = try add(x, constant([1, 2] as [Float], name: "c"), name: "y")
            _ = try identity(y, name: "z")
        }
        return graph.graphDef()
    }

    // MARK: importGraphDef(inputMap:returnElements:)

    @Test func inputMapReplacesTheInputAndReturnElementsAreTensorsOrOps() throws {
        let graph = Graph()
        let a = try graph.asDefault { try constant([5, 6] as [Float], name: "a") }
        let elements = try graph.importGraphDef(
            try Self.addGraphDef(), prefix: "imp", inputMap: ["x:0": a], returnElements: ["z:0", "y", "x"])
        #expect(elements.map(\.name) == ["imp/z:0", "imp/y", "imp/x"])
        #expect(elements[0] is Tensor && elements[1] is ScopeFlow.Operation)
        // As in TF: the mapped placeholder is still imported, its consumer reads `a` instead.
        #expect(graph.operation(named: "imp/y")?.inputs.map(\.name) == ["a:0", "imp/c:0"])
        #expect(try Session(graph: graph).run(elements[0] as! Tensor).floats == [6, 8])
    }

    @Test func inputMapKeyWithoutIndexMeansOutputZero() throws {
        let graph = Graph()
        let a = try graph.asDefault { try constant([1, 1] as [Float], name: "a") }
        let z = try graph.importGraphDef(try Self.addGraphDef(), inputMap: ["x": a], returnElements: ["z:0"])[0]
        let tensor = try #require(z as? Tensor)
        #expect(tensor.name == "import/z:0")
        #expect(try Session(graph: graph).run(tensor).floats == [2, 3])
    }

    @Test func inputMapKeysNoNodeReadsAreRejectedBeforeImporting() throws {
        let graph = Graph()
        let a = try graph.asDefault { try constant([1, 1] as [Float], name: "a") }
        for key in ["nope:0", "x:3", "z:0"] {
            let error = try #require(throws: ScopeFlowError.self) {
                try graph.importGraphDef(try Self.addGraphDef(), inputMap: [key: a], returnElements: [])
            }
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("Attempted to map inputs that were not found in graph_def: [\(key)]"))
        }
        #expect(graph.operations.map(\.name) == ["a"])
    }

    @Test func inputMapOfAnotherDTypeIsRejectedAsTFDoes() throws {
        let graph = Graph()
        let ints = try graph.asDefault { try constant([5, 6] as [Int32], name: "ai") }
        let error = try #require(throws: ScopeFlowError.self) {
            try graph.importGraphDef(try Self.addGraphDef(), inputMap: ["x:0": ints], returnElements: [])
        }
        #expect(error.code == .invalidArgument)
        #expect(
            error.message.contains("Input 0 of node import/y was passed int32 from ai:0 incompatible with expected"))
        // All or nothing, as TF: the nodes imported before the failing one are gone again, so the
        // corrected import takes the same names.
        #expect(graph.operations.map(\.name) == ["ai"])
        let floats = try graph.asDefault { try constant([5, 6] as [Float], name: "af") }
        try graph.importGraphDef(try Self.addGraphDef(), inputMap: ["x:0": floats], returnElements: [])
        #expect(graph.operations.map(\.name).filter { $0.hasPrefix("import") } == ["import/x", "import/c", "import/y", "import/z"])
    }

    @Test func unknownReturnElementsGetTFsErrors() throws {
        let graphDef = try Self.addGraphDef()
        let cases = [
            ("nope:0", "Requested return tensor 'nope:0' not found in graph def"),
            ("nope", "Requested return node 'nope' not found in graph def"),
            ("z:4", "Invalid return output 4 of node 'z', which has 1 output(s)"),
        ]
        for (element, message) in cases {
            let error = try #require(throws: ScopeFlowError.self) {
                try Graph().importGraphDef(graphDef, returnElements: [element])
            }
            #expect(error.code == .notFound)
            #expect(error.message.contains(message))
        }
    }

    @Test func controlInputMapMovesControlEdges() throws {
        let graph = Graph()
        let source = Graph()
        try source.asDefault {
            let c = try constant(1 as Float, name: "c")
            _ = try controlDependencies([c.op]) { try constant(2 as Float, name: "d") }
        }
        let gate = try graph.asDefault { try constant(0 as Float, name: "gate") }
        _ = try graph.importGraphDef(source.graphDef(), inputMap: ["^c": gate], returnElements: [])
        #expect(graph.operation(named: "import/d")?.controlInputs.map(\.name) == ["gate"])
    }

    // MARK: writeGraph and pbtxt

    @Test func textGraphRoundTripsThroughReadGraphDef() throws {
        let model = try Self.smallModel()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("graph-io-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, asText) in [("graph.pbtxt", true), ("graph.pb", false)] {
            let path = folder + "/nested/" + name
            try writeGraph(model.graph, to: path, asText: asText)
            #expect(try readGraphDef(path) == model.graph.graphDef())
        }
        let text = try String(contentsOfFile: folder + "/nested/graph.pbtxt", encoding: .utf8)
        #expect(text.hasPrefix("node {\n  name: \"x\"\n  op: \"Placeholder\"\n"))
    }

    /// The committed scopeflow-small-model.pbtxt is what TF 2.21 parsed and ran
    /// (`record_graph_io.py --verify`); our writer must still produce it byte for byte.
    @Test func textGraphIsTheOneTFVerified() throws {
        let model = try Self.smallModel()
        let ours = try GraphDefFile.encode(model.graph.graphDef(), asText: true)
        if ProcessInfo.processInfo.environment["SCOPEFLOW_WRITE_GRAPH_IO"] == "1" {
            try Data(ours).write(
                to: SourceTree.resources.appendingPathComponent("graph-io/scopeflow-small-model.pbtxt"))
        }
        let url = try Self.resource("scopeflow-small-model.pbtxt")
        #expect(try [UInt8](Data(contentsOf: url)) == ours)
    }

    @Test func readsTFsPbtxtAndRunsIt() throws {
        let graphDef = try readGraphDef(try Self.resource("tf-small-model.pbtxt").path)
        let graph = Graph()
        try graph.importGraphDef(graphDef, prefix: "")
        let session = Session(graph: graph)
        try session.run(try #require(graph.operation(named: "init")))
        let y = try session.run(
            try #require(graph.tensor(named: "y:0")), feeds: [graph.tensor(named: "x:0")!: Self.feed])
        #expect(y.floats == [4.5, 5.5, 11.5, 15.5])  // x·[[1, 2], [3, 4]] + [0.5, -0.5]
    }

    @Test func unparsableGraphFileIsDataLoss() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).pbtxt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("node { name: ".utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: ScopeFlowError.self) { try readGraphDef(path) }
        #expect(error.code == .dataLoss)
        #expect(error.message.contains("not a text-format GraphDef"))
    }

    // MARK: convertVariablesToConstants

    @Test func freezingKeepsTFsNodesAndValues() throws {
        let record = try Self.frozenRecord()
        let model = try Self.smallModel()
        let session = Session(graph: model.graph)
        try session.run(model.initOp)
        try session.assignValue(try HostTensor([2, 0, 0, 2] as [Float], shape: [2, 2]), to: model.w)
        let frozen = try convertVariablesToConstants(
            session: session, graphDef: model.graph.graphDef(), outputNodeNames: ["y"])
        // TF's recorded GraphDef has no `_output_shapes` and has `_class` on the reads: compare
        // the attrs ops define.
        let nodes = frozen.node.map {
            FrozenRecord.Node(
                name: $0.name, op: $0.op, inputs: $0.input, attrs: $0.attr.keys.filter { !$0.hasPrefix("_") }.sorted())
        }
        let expected = record.nodes.map {
            FrozenRecord.Node(
                name: $0.name, op: $0.op, inputs: $0.inputs, attrs: $0.attrs.filter { !$0.hasPrefix("_") })
        }
        #expect(nodes == expected)

        let fresh = Graph()
        let feed = try fresh.asDefault { try placeholder(.float32, shape: [nil, 2], name: "feed") }
        let y = try fresh.importGraphDef(frozen, inputMap: ["x:0": feed], returnElements: ["y:0"])[0] as! Tensor
        #expect(!fresh.operations.contains { $0.type == "VariableV2" })
        let value = try Session(graph: fresh).run(y, feeds: [feed: Self.feed])
        #expect(value.floats == record.y.flatMap { $0 })
    }

    @Test func importsTFsFrozenGraphAndComputesItsOutput() throws {
        let record = try Self.frozenRecord()
        let frozen = try readGraphDef(try Self.resource("tf-frozen-small-model.pb").path)
        let graph = Graph()
        let elements = try graph.importGraphDef(frozen, returnElements: ["x:0", "y:0"])
        let value = try Session(graph: graph).run(elements[1] as! Tensor, feeds: [elements[0] as! Tensor: Self.feed])
        #expect(value.floats == record.y.flatMap { $0 })
    }

    @Test func freezingAnUnknownOutputNamesIt() throws {
        let model = try Self.smallModel()
        let session = Session(graph: model.graph)
        try session.run(model.initOp)
        let error = try #require(throws: ScopeFlowError.self) {
            try convertVariablesToConstants(
                session: session, graphDef: model.graph.graphDef(), outputNodeNames: ["nope"])
        }
        #expect(error.code == .notFound)
        #expect(error.message.contains("nope is not in graph"))
    }

    // MARK: devices (TF's answers: record_graph_io.py --devices)

    private static func placedGraph() throws -> Graph {
        let graph = Graph()
        try graph.asDefault {
            let a = try device("/job:worker/device:GPU:1") { try constant(1 as Float, name: "a") }
            _ = try identity(a, name: "b")
        }
        return graph
    }

    @Test func importKeepsNodeDevicesMergedOverTheEnclosingScope() throws {
        let graph = Graph()
        try graph.asDefault {
            _ = try device("/job:ps/task:2") { try importGraphDef(try Self.placedGraph().graphDef()) }
        }
        #expect(graph.operations.map(\.device) == ["/job:worker/task:2/device:GPU:1", "/job:ps/task:2"])
    }

    @Test func metaGraphImportClearsDevicesWhenAsked() throws {
        let metaGraph = try Self.placedGraph().metaGraphDef()
        for (clear, expected) in [(false, ["/job:worker/device:GPU:1", ""]), (true, ["", ""])] {
            let graph = Graph()
            try graph.importMetaGraph(metaGraph, clearDevices: clear)
            #expect(graph.operations.map(\.device) == expected)
        }
    }

    @Test func unparsableNodeDeviceNamesTheNode() throws {
        var graphDef = try Self.placedGraph().graphDef()
        graphDef.node[0].device = "/bogus:device"
        let error = try #require(throws: ScopeFlowError.self) { try Graph().importGraphDef(graphDef) }
        #expect(error.code == .invalidArgument)
        #expect(error.message.contains("Node 'a' has device '/bogus:device'"))
        let cleared = try Graph().importGraphDef(graphDef, clearDevices: true)
        #expect(cleared.map(\.device) == ["", ""])
    }
}
