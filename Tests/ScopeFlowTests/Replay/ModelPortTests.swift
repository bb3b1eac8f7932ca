import Foundation
import ScopeFlowProto
import Testing

@testable import ScopeFlow
@testable import ScopeFlowExamples

/// The Swift ports of `shared/models/` (`Sources/ScopeFlowExamples/Models`): each builds TF 2.21's
/// training graph node for node (`graph.txt`: name, op, inputs, control inputs, order) and,
/// restored from `init.ckpt`, replays `trace.json` to TF's values and `final.ckpt`.
@Suite struct ModelPortTests {
    static func graphText(_ model: String) throws -> String {
        try String(contentsOfFile: ModelReplayTests.folder(model) + "/graph.txt", encoding: .utf8)
    }

    /// The first line where two graph listings differ, for a readable failure.
    static func firstDifference(_ ours: String, _ theirs: String) -> String? {
        let (a, b) = (ours.split(separator: "\n"), theirs.split(separator: "\n"))
        for index in 0..<max(a.count, b.count) {
            let (x, y) = (index < a.count ? a[index] : "<end>", index < b.count ? b[index] : "<end>")
            if x != y { return "line \(index + 1): ScopeFlow \(x)\n              TF        \(y)" }
        }
        return nil
    }

    @Test func mnistCNNBuildsTFsGraphAndReplaysToTFsValues() throws {
        let graph = Graph()
        try graph.asDefault { _ = try MNISTCNN() }
        let outcome = try Self.expectPortReplaysTF(graph, model: "mnist_cnn")
        #expect(outcome?.checks.count == 51)
    }

    @Test func dcganBuildsTFsGraphAndReplaysToTFsValues() throws {
        let graph = Graph()
        try graph.asDefault { _ = try DCGAN() }
        try Self.expectPortReplaysTF(graph, model: "dcgan")
    }

    /// The ptb_lstm port: both models' graphs node for node, then the replay, which feeds the last
    /// final state into the zero-state tensors and sets the learning rate through its assign.
    @Test func ptbLSTMBuildsTFsGraphAndReplaysToTFsValues() throws {
        let graph = Graph()
        try graph.asDefault { _ = try PTBLSTM() }
        try Self.expectPortReplaysTF(graph, model: "ptb_lstm")
    }

    @Test func bigruTaggerBuildsTFsGraphAndReplaysToTFsValues() throws {
        let graph = Graph()
        try graph.asDefault { _ = try BiGRUTagger() }
        try Self.expectPortReplaysTF(graph, model: "bigru_tagger")
    }

    /// The dcgan port's collections hold what TF's MetaGraph lists, in order: both train ops
    /// (twice, as `minimize` and the program add them), the eight moving-average updates, and the
    /// variables.
    @Test func dcganCollectionsAreTFs() throws {
        let graph = Graph()
        try graph.asDefault { _ = try DCGAN() }
        let metaGraph = try readMetaGraph(ModelReplayTests.folder("dcgan") + "/model.meta")
        #expect(metaGraph.collectionDef.keys.sorted() == graph.collectionKeys)
        try Self.expectTFsCollections(graph, model: "dcgan")
    }

    /// The dcgan port's nodes carry TF's attributes (dtypes, shapes, strides, padding, epsilon,
    /// constants' values, MatMul gradients' `grad_a`/`grad_b` hints …) as model.meta has them, all but
    /// TF's internal `_`-prefixed ones.
    @Test func dcganNodesCarryTFsAttributes() throws {
        let graph = Graph()
        try graph.asDefault { _ = try DCGAN() }
        try Self.expectTFsAttributes(graph, model: "dcgan")
    }

    /// The ptb_lstm port's nodes carry model.meta's attributes (loop frames, seeds, dtypes, shapes …).
    @Test func ptbLSTMNodesCarryTFsAttributes() throws {
        let graph = Graph()
        try graph.asDefault { _ = try PTBLSTM() }
        try Self.expectTFsAttributes(graph, model: "ptb_lstm")
    }

    /// The bigru_tagger port's nodes carry model.meta's attributes (loop frames, seeds, dtypes,
    /// shapes, slicing masks …).
    @Test func bigruTaggerNodesCarryTFsAttributes() throws {
        let graph = Graph()
        try graph.asDefault { _ = try BiGRUTagger() }
        try Self.expectTFsAttributes(graph, model: "bigru_tagger")
    }

    /// Expects `graph` to be `model`'s `graph.txt` line for line and, restored from `init.ckpt`, to
    /// replay `trace.json` to TF's values and `final.ckpt` (a check per fetch and per variable).
    /// Returns the replay's outcome, nil when the graph differs (then nothing is replayed).
    @discardableResult
    static func expectPortReplaysTF(_ graph: Graph, model: String) throws -> ReplayOutcome? {
        let difference = firstDifference(graph.graphText, try graphText(model))
        #expect(difference == nil, "\(difference ?? "")")
        guard difference == nil else { return nil }
        let replay = try ModelReplay(folder: ModelReplayTests.folder(model))
        let outcome = try replay.run(on: graph)
        let failures = outcome.checks.filter { !$0.comparison.matches }.map { "\($0.label): \($0.comparison.detail)" }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        let fetched = replay.trace.runs.reduce(0) { $0 + $1.fetches.count }
        #expect(outcome.checks.count == fetched + replay.trace.variables.count)
        return outcome
    }

    /// Expects each collection of `model`'s model.meta (but those in `skipping`) to list the same
    /// names, in order, as `graph`'s collection of that key (variables by their `VariableDef` name).
    static func expectTFsCollections(_ graph: Graph, model: String, skipping: Set<String> = []) throws {
        let metaGraph = try readMetaGraph(ModelReplayTests.folder(model) + "/model.meta")
        for (key, collection) in metaGraph.collectionDef where !skipping.contains(key) {
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

    /// Expects each node of `graph` to have the attributes of its namesake in `model`'s model.meta,
    /// all but TF's internal `_`-prefixed ones (a Const's value compared as a tensor).
    static func expectTFsAttributes(_ graph: Graph, model: String) throws {
        let metaGraph = try readMetaGraph(ModelReplayTests.folder(model) + "/model.meta")
        let theirs = Dictionary(uniqueKeysWithValues: metaGraph.graphDef.node.map { ($0.name, $0) })
        var differing: [String] = []
        for node in graph.graphDef().node {
            guard let tf = theirs[node.name] else { continue }
            let keys = Set(node.attr.keys).union(tf.attr.keys)
                .filter { !$0.hasPrefix("_") }.sorted()
            for key in keys where node.attr[key] != tf.attr[key] {
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
}
