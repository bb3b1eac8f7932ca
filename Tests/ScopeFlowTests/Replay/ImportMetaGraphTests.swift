import Foundation
import Testing

@testable import ScopeFlow

/// `importMetaGraph` on the MetaGraph TF 2.21 wrote for `shared/models/mnist_cnn` (TF's collections
/// as `tf.train.import_meta_graph` rebuilds them).
@Suite struct ImportMetaGraphTests {
    static let metaGraphPath = ModelReplayTests.folder("mnist_cnn") + "/model.meta"

    @Test func collectionsAndSaverComeBackAsTFRebuildsThem() throws {
        let metaGraph = try readMetaGraph(Self.metaGraphPath)
        let graph = Graph()
        let imported = try graph.importMetaGraph(metaGraph)
        #expect(imported.operations.count == metaGraph.graphDef.node.count)
        #expect(Set(graph.operations.map(\.name)) == Set(metaGraph.graphDef.node.map(\.name)))
        #expect(
            imported.saverDefinition
                == SaverDefinition(
                    filenameTensorName: "save/Const:0", saveTensorName: "save/control_dependency:0",
                    restoreOpName: "save/restore_all", maxToKeep: 5))
        #expect(imported.globalVariables.count == 27)
        // tf.global_variables() order: the model's variables, global_step, then Adam's.
        #expect(imported.globalVariables.map(\.name).prefix(2) == ["conv2d/kernel:0", "conv2d/bias:0"])
        #expect(imported.globalVariables[8].name == "global_step:0")
        let trainable = try graph.variables(GraphKeys.trainableVariables)
        #expect(trainable.map(\.name).prefix(2) == ["conv2d/kernel:0", "conv2d/bias:0"])
        let allTrainable = trainable.allSatisfy { $0.trainable }
        #expect(allTrainable)
        let conv = trainable[0]
        #expect(conv.snapshot.name == "conv2d/kernel/read:0")
        #expect(conv.initializer.name == "conv2d/kernel/Assign")
        #expect(conv.initialValue.name == "conv2d/kernel/Initializer/random_uniform:0")
        // One Variable per variable op, whichever collections list it.
        #expect(trainable[0] === imported.globalVariables.first { $0.name == "conv2d/kernel:0" })
        // The script adds its train op to the collection, and so does apply_gradients.
        #expect(try graph.collection("train_op").map(\.name) == ["Adam", "Adam"])
        #expect(try graph.collection(GraphKeys.losses).map(\.name) == ["sparse_softmax_cross_entropy_loss/value:0"])
        // The dropout cond's two CondContextDefs become the contexts of its branches' ops.
        #expect(imported.collectionsNotRebuilt.isEmpty)
        #expect(
            graph.operation(named: "dropout/cond/dropout/Mul")?.controlFlowContext?.name == "dropout/cond/cond_text")
        #expect(graph.operation(named: "dropout/cond/Identity")?.controlFlowContext?.name == "dropout/cond/cond_text_1")
        #expect(graph.operation(named: "dropout/cond/Switch")?.controlFlowContext == nil)
    }

    @Test func importScopePrefixesEveryNameAndCollectionMember() throws {
        let graph = Graph()
        let imported = try graph.importMetaGraph(try readMetaGraph(Self.metaGraphPath), importScope: "copy")
        #expect(imported.globalVariables.first?.name == "copy/conv2d/kernel:0")
        #expect(try graph.collection("train_op").map(\.name) == ["copy/Adam", "copy/Adam"])
    }

    @Test func aFileThatIsNoMetaGraphIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).meta").path
        try Data([0x0a, 0xff, 0xff, 0xff]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: ScopeFlowError.self) { try readMetaGraph(path) }
        #expect(error.code == .dataLoss)
        #expect(error.message.contains("is not a binary MetaGraphDef"))
    }
}
