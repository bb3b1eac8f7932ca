import Foundation
import ScopeFlowProto
import SwiftProtobuf
import Testing

@testable import ScopeFlow

@Suite struct GraphDefTests {
    /// A small model: placeholder → matmul with a variable → add a constant → relu.
    private func model() throws -> (Graph, ScopeFlow.Operation) {
        let graph = Graph()
        let initOp = try graph.asDefault {
            let x = try placeholder(.float32, shape: [nil, 2], name: "x")
            let w = try getVariable("dense/w", shape: [2, 3], initializer: .constant(0.5))
            let y = try matmul(x, w, transposeB: false, name: "dense/MatMul")
            let z = try add(y, constant([1, -2, 3] as [Float]), name: "out")
            _ = try relu(z, name: "act")
            return try globalVariablesInitializer()
        }
        return (graph, initOp)
    }

    @Test func exportsTensorFlowNamesInputsAndAttrs() throws {
        let (graph, _) = try model()
        let nodes = Dictionary(uniqueKeysWithValues: graph.graphDef().node.map { ($0.name, $0) })
        #expect(graph.graphDef().versions.producer == 2474)
        #expect(nodes["dense/MatMul"]?.op == "MatMul")
        #expect(nodes["dense/MatMul"]?.input == ["x", "dense/w/read"])
        #expect(nodes["dense/MatMul"]?.attr["transpose_a"]?.b == false)
        #expect(nodes["dense/MatMul"]?.attr["T"]?.type == .dtFloat)
        #expect(nodes["x"]?.attr["shape"]?.shape.dim.map(\.size) == [-1, 2])
        #expect(nodes["out"]?.attr["_output_shapes"]?.list.shape.first?.dim.map(\.size) == [-1, 3])
        #expect(nodes["init"]?.input == ["^dense/w/Assign"])
        #expect(nodes["Const"]?.attr["value"]?.tensor.tensorContent.count == 12)
    }

    @Test func roundTripKeepsNamesTypesAndAttrs() throws {
        let (graph, _) = try model()
        let exported = try Tensorflow_GraphDef(serializedBytes: try graph.serializedGraphDef())
        let imported = Graph()
        _ = try imported.asDefault { try importGraphDef(exported, prefix: "") }
        #expect(imported.graphDef().node.map(\.name) == exported.node.map(\.name))
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        for (a, b) in zip(imported.graphDef().node, exported.node) {
            #expect(try a.serializedData(options: options) == b.serializedData(options: options), "\(a.name)")
        }
    }

    @Test func importedGraphRunsToTheSameValues() throws {
        let (graph, initOp) = try model()
        let feed = try HostTensor([1, 2, -3, 4] as [Float], shape: [2, 2])
        let session = Session(graph: graph)
        try session.run(initOp)
        let expected = try session.run(graph.tensor(named: "act:0")!, feeds: [graph.tensor(named: "x:0")!: feed])

        let imported = Graph()
        let ops = try imported.importGraphDef(graph.graphDef())
        #expect(ops.first?.name == "import/x")
        let importedSession = Session(graph: imported)
        try importedSession.run(imported.operation(named: "import/init")!)
        let value = try importedSession.run(
            imported.tensor(named: "import/act:0")!, feeds: [imported.tensor(named: "import/x:0")!: feed])
        #expect(value.floats == expected.floats)
        #expect(value.shape == [2, 3])
    }

    @Test func rejectsDanglingInputs() throws {
        var graphDef = Tensorflow_GraphDef()
        graphDef.node = [.with { $0.name = "a"; $0.op = "Identity"; $0.input = ["missing"] }]
        let error = #expect(throws: ScopeFlowError.self) { try Graph().importGraphDef(graphDef) }
        #expect(error?.code == .notFound)
    }
}
