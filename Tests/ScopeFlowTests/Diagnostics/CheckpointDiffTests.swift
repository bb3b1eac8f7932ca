import Foundation
import Testing

@testable import ScopeFlow

/// `graph.diffNames(against:)` on TF's fixture checkpoints vs graphs whose names differ.
@Suite struct CheckpointDiffTests {
    /// A zero-filled tensor like `entry`.
    private static func zeros(like entry: CheckpointEntry) throws -> HostTensor {
        let n = entry.shape.reduce(1, *)
        let storage: HostTensor.Storage
        switch entry.dtype {
        case .float16: storage = .float16(Array(repeating: 0, count: n))
        case .float32: storage = .float32(Array(repeating: 0, count: n))
        case .float64: storage = .float64(Array(repeating: 0, count: n))
        case .int32: storage = .int32(Array(repeating: 0, count: n))
        case .int64: storage = .int64(Array(repeating: 0, count: n))
        case .bool: storage = .bool(Array(repeating: false, count: n))
        case .string: storage = .string(Array(repeating: "", count: n))
        case .resource: throw ScopeFlowError(.invalidArgument, "a checkpoint holds no resource values")
        }
        return try HostTensor(storage: storage, shape: entry.shape)
    }

    /// The checkpoint's variables rebuilt as zeros under the names `rename` gives (nil: left out),
    /// initialized in a session.
    private func rebuild(
        _ reader: CheckpointReader, rename: (String) -> String?
    ) throws -> (Graph, Session, [String: Variable]) {
        let graph = Graph()
        var byKey: [String: Variable] = [:]
        let initOp = try graph.asDefault {
            for entry in reader.entries {
                guard let name = rename(entry.name) else { continue }
                byKey[entry.name] = try Variable(try Self.zeros(like: entry), name: name + "/")
            }
            return try globalVariablesInitializer()
        }
        let session = Session(graph: graph)
        try session.run(initOp)
        return (graph, session, byKey)
    }

    /// Restores through `diff.assignmentMap` and checks every variable holds the checkpoint's value.
    private func expectRestoresEveryVariable(
        _ diff: NameDiff, _ reader: CheckpointReader, _ session: Session, _ byKey: [String: Variable]
    ) throws {
        #expect(diff.missing.isEmpty)
        #expect(Set(diff.assignmentMap.keys) == Set(byKey.keys))
        for (key, variable) in diff.assignmentMap { #expect(byKey[key]?.op === variable.op, "\(key)") }
        try Saver.restore(session, from: reader.prefix, assignmentMap: diff.assignmentMap)
        for (key, variable) in byKey {
            let value = try #require(try session.value(of: variable))
            let stored = try reader.tensor(named: key)
            #expect(value.shape == stored.shape, "\(key)")
            #expect(Fixtures.values(value) == Fixtures.values(stored), "\(key)")
        }
    }

    @Test func addedScopePrefixRestoresEveryDtypeOfTheBasicFixture() throws {
        let reader = try CheckpointReader(prefix: Fixtures.path("ckpt_basic/model.ckpt"))
        let (graph, session, byKey) = try rebuild(reader) { "outer/" + $0 }
        let diff = try graph.diffNames(against: reader)
        #expect(diff.matched.isEmpty)
        #expect(diff.proposed.count == 13)
        #expect(diff.unexpected.isEmpty)
        #expect(diff.proposed.allSatisfy { $0.reason == "prefix \"outer/\" added" })
        try expectRestoresEveryVariable(diff, reader, session, byKey)
    }

    @Test func removedPrefixAndKernelRenamesLineUp() throws {
        let reader = try CheckpointReader(prefix: Fixtures.path("ckpt_basic/model.ckpt"))
        let (graph, session, byKey) = try rebuild(reader) { key in
            let short = key.hasPrefix("model/") ? String(key.dropFirst(6)) : key
            return short.replacingOccurrences(of: "kernel", with: "weights").replacingOccurrences(of: "bias", with: "biases")
        }
        let diff = try graph.diffNames(against: reader)
        #expect(diff.matched.map(\.graph.name) == ["global_step"])
        let dense = diff.proposed.first { $0.checkpoint.name == "model/dense/kernel" }
        #expect(dense?.graph.name == "dense/weights")
        #expect(dense?.reason == "prefix \"model/\" removed; kernel→weights")
        try expectRestoresEveryVariable(diff, reader, session, byKey)
    }

    @Test func adamFixtureUnderANewScopeWithSlotsLeftOutAndARenamedStep() throws {
        let reader = try CheckpointReader(prefix: Fixtures.path("ckpt_adam/model.ckpt-3"))
        let (graph, session, byKey) = try rebuild(reader) { key in
            if key == "global_step" { return "train/step" }
            return key.hasPrefix("layer") && !key.contains("Adam") ? "model/" + key : nil
        }
        let diff = try graph.diffNames(against: reader)
        #expect(diff.proposed.first { $0.checkpoint.name == "global_step" }?.reason == "only int64 () candidate")
        #expect(diff.unexpected.map(\.name) == [
            "beta1_power", "beta2_power", "layer1/b/Adam", "layer1/b/Adam_1", "layer1/w/Adam", "layer1/w/Adam_1",
            "layer2/b/Adam", "layer2/b/Adam_1", "layer2/w/Adam", "layer2/w/Adam_1", "layer3/b/Adam", "layer3/b/Adam_1",
            "layer3/w/Adam", "layer3/w/Adam_1",
        ])
        try expectRestoresEveryVariable(diff, reader, session, byKey)
    }

    @Test func lstmCellRenameAndConflictsAreListed() throws {
        let graph = Graph()
        try graph.asDefault {
            _ = try getVariable("rnn/lstm_cell/kernel", shape: [4, 8])
            _ = try getVariable("rnn/lstm_cell/bias", shape: [8])
            _ = try getVariable("head/w", shape: [2, 2])
            _ = try getVariable("extra", shape: [5])
        }
        let diff = NameDiff(
            graph: try graph.variables().map { NameDiff.Entry(name: $0.op.name, dtype: $0.dtype, shape: $0.shape) },
            checkpoint: [
                NameDiff.Entry(name: "rnn/basic_lstm_cell/weights", dtype: .float32, shape: [4, 8]),
                NameDiff.Entry(name: "rnn/basic_lstm_cell/biases", dtype: .float32, shape: [8]),
                NameDiff.Entry(name: "head/w", dtype: .float32, shape: [3, 2]),
            ])
        #expect(diff.keyMap == [
            "rnn/basic_lstm_cell/weights": "rnn/lstm_cell/kernel", "rnn/basic_lstm_cell/biases": "rnn/lstm_cell/bias",
        ])
        #expect(diff.assignmentMap.isEmpty)
        #expect(diff.conflicts.map(\.graph.name) == ["head/w"])
        #expect(diff.missing.map(\.name) == ["extra"])
        #expect(diff.description == """
            0 matched, 2 proposed, 1 missing, 0 unexpected, 1 conflicting
            proposed (checkpoint key -> graph variable):
              rnn/basic_lstm_cell/biases   ->  rnn/lstm_cell/bias    float32 (8,)    basic_lstm_cell→lstm_cell; biases→bias
              rnn/basic_lstm_cell/weights  ->  rnn/lstm_cell/kernel  float32 (4, 8)  basic_lstm_cell→lstm_cell; weights→kernel
            conflicting (same name, different dtype or shape):
              head/w  checkpoint: float32 (3, 2)  graph: float32 (2, 2)
            missing (in the graph, not in the checkpoint):
              extra  float32 (5,)
            """)
    }

    @Test func restoreWithAnAssignmentMapReportsEveryProblemAtOnce() throws {
        let graph = Graph()
        let (a, b, c) = try graph.asDefault {
            (try getVariable("a", shape: [2, 3]), try getVariable("b", shape: [7]), try getVariable("c", shape: [], dtype: .int32))
        }
        let prefix = Fixtures.path("ckpt_basic/model.ckpt")
        let error = #expect(throws: ScopeFlowError.self) {
            try Saver.restore(
                Session(graph: graph), from: prefix,
                assignmentMap: ["model/dense/kernel": a, "model/dense/bias": b, "model/nope": c])
        }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("Key model/nope not found in checkpoint") == true)
        #expect(error?.message.contains("model/dense/bias has shape [1] in the checkpoint but (7,) in the graph") == true)
        let doubled = #expect(throws: ScopeFlowError.self) {
            try Saver.restore(Session(graph: graph), from: prefix, assignmentMap: ["model/dense/kernel": a, "model/dense/bias": a])
        }
        #expect(doubled?.code == .invalidArgument)
        #expect(doubled?.names == ["model/dense/bias", "model/dense/kernel"])
    }

    @Test func diffAgainstACheckpointFolder() throws {
        let graph = Graph()
        try graph.asDefault { _ = try getVariable("global_step", shape: [], dtype: .int64) }
        let diff = try graph.diffNames(againstCheckpoint: Fixtures.path("ckpt_adam"))
        #expect(diff.matched.map(\.graph.name) == ["global_step"])
        #expect(throws: ScopeFlowError.self) { try graph.diffNames(againstCheckpoint: Fixtures.path("nowhere")) }
    }
}
