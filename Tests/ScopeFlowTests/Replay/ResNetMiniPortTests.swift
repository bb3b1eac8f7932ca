import Foundation
import ScopeFlowProto
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
        let difference = ModelPortTests.firstDifference(graph.graphText, try ModelPortTests.graphText("resnet_mini"))
        #expect(difference == nil, "\(difference ?? "")")
        guard difference == nil else { return }
        let replay = try ModelReplay(folder: ModelReplayTests.folder("resnet_mini"))
        let outcome = try replay.run(on: graph)
        let failures = outcome.checks.filter { !$0.comparison.matches }.map { "\($0.label): \($0.comparison.detail)" }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        let fetched = replay.trace.runs.reduce(0) { $0 + $1.fetches.count }
        #expect(outcome.checks.count == fetched + replay.trace.variables.count)
    }

    /// The collections TF's MetaGraph lists (variables, trainable variables, losses, the kernels'
    /// regularization losses, update ops, moving-average variables, train op, global step), in order.
    @Test func collectionsAreTFs() throws {
        let graph = Graph()
        try graph.asDefault { _ = try ResNetMini() }
        let metaGraph = try readMetaGraph(ModelReplayTests.folder("resnet_mini") + "/model.meta")
        let compared = metaGraph.collectionDef.filter { $0.key != "cond_context" }
        for (key, collection) in compared {
            let theirs: [String]
            switch collection.kind {
            case .nodeList(let list): theirs = list.value
            case .bytesList(let list):
                theirs = try list.value.map { try Tensorflow_VariableDef(serializedBytes: $0).variableName }
            default: theirs = []
            }
            #expect(try graph.collection(key).map(\.name) == theirs, "collection \(key)")
        }
    }
}
