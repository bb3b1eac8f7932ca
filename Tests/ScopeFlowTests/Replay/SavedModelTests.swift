import Foundation
import Testing

@testable import ScopeFlow

/// SavedModels in TF1's builder format: one TF 2.21 wrote (`Resources/saved_model/tf_dense`, by
/// `Scripts/tf-verify/saved_model_round_trip.py record`, with the outputs TF served), and ScopeFlow's
/// own, loaded back. (That TF loads ScopeFlow's is checked by the same script's `check`; see
/// docs/saved-model.md.)
@Suite struct SavedModelTests {
    struct Served: Decodable {
        let x: [[Float]]
        let probabilities: [[Float]]
        let classes: [Int64]
    }

    static let folder = Bundle.module.url(forResource: "saved_model", withExtension: nil, subdirectory: "Resources")!
        .path

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("saved-\(UUID().uuidString)").path
    }

    @Test func aSavedModelTensorFlowWroteServesTFsOutputs() throws {
        let served = try JSONDecoder().decode(
            Served.self, from: Data(contentsOf: URL(fileURLWithPath: Self.folder + "/tf_dense.json")))
        let graph = Graph()
        let loaded = try graph.loadSavedModel(Self.folder + "/tf_dense", tags: ["serve"])
        let signature = try #require(loaded.signatures["serving_default"])
        #expect(signature.methodName == "tensorflow/serving/predict")
        #expect(signature.inputs["x"] == SignatureTensor(name: "x:0", dtype: .float32, shape: [nil, 4]))
        let x = try #require(graph.tensor(named: signature.inputs["x"]!.name))
        let probabilities = try #require(graph.tensor(named: signature.outputs["probabilities"]!.name))
        let classes = try #require(graph.tensor(named: signature.outputs["classes"]!.name))
        let feed = try HostTensor(storage: .float32(served.x.flatMap { $0 }), shape: [2, 4])
        let values = try loaded.session.run([probabilities, classes], feeds: [x: feed])
        let got = try #require(values[0].floats)
        for (a, e) in zip(got, served.probabilities.flatMap { $0 }) { #expect(abs(a - e) <= 1e-6 + 1e-6 * abs(e)) }
        #expect(values[1].storage == .int64(served.classes))
    }

    @Test func missingTagsNameTheTagSetsThere() throws {
        let error = try #require(throws: ScopeFlowError.self) {
            try Graph().loadSavedModel(Self.folder + "/tf_dense", tags: ["train"])
        }
        #expect(error.code == .notFound)
        #expect(error.message.hasSuffix("has no MetaGraph tagged [train]; it has [serve]."))
    }

    @Test func aSavedModelScopeFlowWroteLoadsBackWithItsValues() throws {
        let graph = Graph()
        let (x, y, w) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [nil, 2], name: "x")
            let w = try getVariable("w", shape: [2, 1], initializer: .constant(0.5))
            return (x, try matmul(x, w, name: "y"), w)
        }
        let session = Session(graph: graph)
        try session.assignValue(try HostTensor(storage: .float32([2, -1]), shape: [2, 1]), to: w)
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try session.saveModel(
            to: path, tags: ["serve"], signatures: ["serving_default": Signature(inputs: ["x": x], outputs: ["y": y])])
        #expect(FileManager.default.fileExists(atPath: path + "/variables/variables.index"))
        let again = try #require(throws: ScopeFlowError.self) {
            try session.saveModel(to: path, tags: ["serve"], signatures: [:])
        }
        #expect(again.code == .alreadyExists)

        let copy = Graph()
        let loaded = try copy.loadSavedModel(path, tags: ["serve"])
        #expect(loaded.metaGraph.globalVariables.map(\.name) == ["w:0"])
        let signature = try #require(loaded.signatures["serving_default"])
        #expect(signature.outputs["y"] == SignatureTensor(name: "y:0", dtype: .float32, shape: [nil, 1]))
        let value = try loaded.session.run(
            copy.tensor(named: "y:0")!,
            feeds: [copy.tensor(named: "x:0")!: HostTensor([1, 3] as [Float], shape: [1, 2])])
        #expect(value.floats == [-1])
    }

    @Test func anExportedMetaGraphImportsWithItsCollections() throws {
        let graph = Graph()
        try graph.asDefault {
            let w = try getVariable("w", shape: [3], initializer: .zeros)
            _ = try getVariable("step", shape: [], dtype: .int64, initializer: .zeros, trainable: false)
            let loss = try reduceSum(square(w), name: "loss")
            graph.addToCollection(GraphKeys.losses, .tensor(loss))
            let train = try GradientDescentOptimizer(learningRate: 0.1).minimize(loss)
            graph.addToCollection("train_op", .operation(train))
        }
        let metaGraph = try graph.metaGraphDef()
        let copy = Graph()
        let imported = try copy.importMetaGraph(metaGraph)
        #expect(imported.globalVariables.map(\.name) == ["w:0", "step:0"])
        #expect(try copy.variables(GraphKeys.trainableVariables).map(\.name) == ["w:0"])
        #expect(try copy.collection(GraphKeys.losses).map(\.name) == ["loss:0"])
        #expect(try copy.collection("train_op").map(\.name) == graph.collection("train_op").map(\.name))
        #expect(imported.globalVariables[0].initializer.name == "w/Assign")
        #expect(imported.collectionsNotRebuilt.isEmpty)
    }
}
