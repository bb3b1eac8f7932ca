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

    /// The port's nodes carry TF's attributes as model.meta has them (dtypes, shapes, constants'
    /// values, the Assert's `summarize`, casts' `Truncate` …), all but TF's internal `_`-prefixed ones.
    @Test func nodesCarryTFsAttributes() throws {
        let graph = Graph()
        try graph.asDefault { _ = try ResNetMini() }
        let metaGraph = try readMetaGraph(ModelReplayTests.folder("resnet_mini") + "/model.meta")
        let theirs = Dictionary(uniqueKeysWithValues: metaGraph.graphDef.node.map { ($0.name, $0) })
        var differing: [String] = []
        for node in graph.graphDef().node {
            guard let tf = theirs[node.name] else { continue }
            for key in Set(node.attr.keys).union(tf.attr.keys).filter({ !$0.hasPrefix("_") }).sorted()
            where node.attr[key] != tf.attr[key] {
                // A Const's value, compared as a tensor: TF writes a splat as one value.
                if key == "value", let a = node.attr[key], let b = tf.attr[key] {
                    let (ours, tfs) = (
                        try HostTensor(proto: a.tensor, context: key), try HostTensor(proto: b.tensor, context: key)
                    )
                    if ours.shape == tfs.shape && ours.storage == tfs.storage { continue }
                }
                let (ours, tfs) = (node.attr[key].map { "\($0)" } ?? "none", tf.attr[key].map { "\($0)" } ?? "none")
                differing.append("\(node.name) \(key): ours \(ours), TF \(tfs)")
            }
        }
        #expect(
            differing.isEmpty, "\(differing.count) attributes differ:\n\(differing.prefix(20).joined(separator: "\n"))")
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
