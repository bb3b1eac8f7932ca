import Foundation
import Testing

@testable import ScopeFlow
@testable import ScopeFlowExamples

/// The port of `shared/models/resnet_mini.py` (`ResNetMini`): TF 2.21's training graph node for node
/// (`graph.txt`), TF's collections, and, restored from `init.ckpt`, TF's values for every step and
/// eval run and TF's `final.ckpt` (moving averages included).
@Suite struct ResNetMiniPortTests {
    @Test func buildsTFsGraphAndReplaysToTFsValues() throws {
        let graph = Graph()
        try graph.asDefault { _ = try ResNetMini() }
        try ModelPortTests.expectPortReplaysTF(graph, model: "resnet_mini")
    }

    /// The collections TF's MetaGraph lists (variables, trainable variables, losses, the kernels'
    /// regularization losses, update ops, moving-average variables, train op, global step), in order.
    @Test func collectionsAreTFs() throws {
        let graph = Graph()
        try graph.asDefault { _ = try ResNetMini() }
        try ModelPortTests.expectTFsCollections(graph, model: "resnet_mini", skipping: ["cond_context"])
    }

    /// The port's nodes carry TF's attributes as model.meta has them (dtypes, shapes, constants'
    /// values, the Assert's `summarize`, casts' `Truncate` …), all but TF's internal `_`-prefixed ones.
    @Test func nodesCarryTFsAttributes() throws {
        let graph = Graph()
        try graph.asDefault { _ = try ResNetMini() }
        try ModelPortTests.expectTFsAttributes(graph, model: "resnet_mini")
    }

    /// `variablesToRestore()` of the port's averager reads TF's final averages (checkpoint keys
    /// `<variable>/ExponentialMovingAverage`) into the variables themselves, as an evaluation with
    /// averaged weights does; the variables without averages (global step, slots) keep their keys.
    @Test func movingAveragesRestoreIntoTheVariables() throws {
        let graph = Graph()
        let model = try graph.asDefault { try ResNetMini() }
        let restoreMap = try graph.asDefault { try model.movingAverage.variablesToRestore() }
        #expect(restoreMap["resnet/logits/kernel/ExponentialMovingAverage"]?.op.name == "resnet/logits/kernel")
        #expect(restoreMap["global_step"]?.op.name == "global_step")
        let prefix = ModelReplayTests.folder("resnet_mini") + "/final.ckpt"
        let saver = try graph.asDefault { Saver(varList: restoreMap) }
        let session = Session(graph: graph)
        try saver.restore(session, from: prefix)
        let reader = try CheckpointReader(prefix: prefix)
        for variable in try graph.asDefault({ try trainableVariables() }) {
            let restored = try session.run(variable.tensor)
            let average = try reader.tensor(named: variable.op.name + "/ExponentialMovingAverage")
            #expect(restored.shape == average.shape && restored.storage == average.storage, "\(variable.op.name)")
        }
    }
}
