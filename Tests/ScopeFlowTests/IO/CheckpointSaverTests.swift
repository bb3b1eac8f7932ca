import Foundation
import Testing

@testable import ScopeFlow

@Suite struct CheckpointSaverTests {
    /// A graph with the variables of fixture ckpt_basic's `model/dense` and `global_step`, initialized.
    private func model(kernel: Shape = [2, 3]) throws -> (Graph, Session, Saver) {
        let graph = Graph()
        let (saver, initOp) = try graph.asDefault {
            try variableScope("model/dense") { _ in
                _ = try getVariable("kernel", shape: kernel, initializer: .constant(0.5))
                _ = try getVariable("bias", shape: [1], initializer: .constant(0))
            }
            _ = try getVariable("global_step", shape: [], dtype: .int64, initializer: .constant(7), trainable: false)
            return (try Saver(), try globalVariablesInitializer())
        }
        let session = Session(graph: graph)
        try session.run(initOp)
        return (graph, session, saver)
    }

    @Test func savesAndRestoresEveryVariable() throws {
        let (graph, session, saver) = try model()
        let directory = try Fixtures.temporaryDirectory()
        let prefix = try saver.save(session, to: directory + "/model.ckpt", globalStep: 3)
        #expect(prefix == directory + "/model.ckpt-3")
        #expect(try latestCheckpoint(in: directory) == prefix)
        #expect(try listVariables(prefix).map(\.name) == ["global_step", "model/dense/bias", "model/dense/kernel"])
        let kernel = try graph.variables().first { $0.op.name == "model/dense/kernel" }!
        try session.assignValue(try HostTensor([Float](repeating: 9, count: 6), shape: [2, 3]), to: kernel)
        try saver.restore(session, from: prefix)
        #expect(try session.value(of: kernel)?.floats == [Float](repeating: 0.5, count: 6))
    }

    @Test func restoresTheTensorFlowFixture() throws {
        let (graph, session, saver) = try model()
        try saver.restore(session, from: Fixtures.path("ckpt_basic/model.ckpt"))
        let values = try graph.variables().map { try session.value(of: $0)! }
        #expect(values.map(\.shape) == [[2, 3], [1], []])
        #expect(values[1].floats == [-0.5])
        #expect(values[2].int64s == [42])
    }

    @Test func keepsAtMostMaxToKeepCheckpoints() throws {
        let (graph, session, _) = try model()
        let saver = try graph.asDefault { try Saver(maxToKeep: 2) }
        let directory = try Fixtures.temporaryDirectory()
        for step in 1...4 { try saver.save(session, to: directory + "/model.ckpt", globalStep: step) }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(files == [
            "checkpoint", "model.ckpt-3.data-00000-of-00001", "model.ckpt-3.index",
            "model.ckpt-4.data-00000-of-00001", "model.ckpt-4.index",
        ])
        let state = try String(contentsOfFile: directory + "/checkpoint", encoding: .utf8)
        #expect(state == "model_checkpoint_path: \"model.ckpt-4\"\nall_model_checkpoint_paths: \"model.ckpt-3\"\n"
            + "all_model_checkpoint_paths: \"model.ckpt-4\"\n")
    }

    @Test func readsTheFixtureStateFile() throws {
        #expect(try latestCheckpoint(in: Fixtures.path("ckpt_adam")) == Fixtures.path("ckpt_adam/model.ckpt-3"))
        #expect(try latestCheckpoint(in: Fixtures.path("events_graph")) == nil)
    }

    @Test func reportsEveryMissingKeyAndShapeMismatchAtOnce() throws {
        let graph = Graph()
        let saver = try graph.asDefault {
            try variableScope("model/dense") { _ in
                _ = try getVariable("kernal", shape: [2, 3])
                _ = try getVariable("bias", shape: [2])
            }
            _ = try getVariable("global_stpe", shape: [], dtype: .int64)
            return try Saver()
        }
        let error = #expect(throws: ScopeFlowError.self) {
            try saver.restore(Session(graph: graph), from: Fixtures.path("ckpt_basic/model.ckpt"))
        }
        #expect(error?.code == .notFound)
        #expect(error?.names == ["global_stpe", "model/dense/kernal"])
        let message = error?.message ?? ""
        #expect(message.contains("Key model/dense/kernal not found in checkpoint (closest key in the checkpoint: model/dense/kernel)"))
        #expect(message.contains("Key global_stpe not found in checkpoint (closest key in the checkpoint: global_step)"))
        #expect(message.contains("model/dense/bias has shape [1] in the checkpoint but (2,) in the graph"))
        #expect(message.contains("Unexpected key model/dense/kernel in checkpoint (closest variable: model/dense/kernal)"))
    }

    @Test func aFailedSaveKeepsThePreviousCheckpoint() throws {
        let (_, session, saver) = try model()
        let directory = try Fixtures.temporaryDirectory()
        let first = try saver.save(session, to: directory + "/model.ckpt", globalStep: 1)
        try FileManager.default.createDirectory(
            atPath: directory + "/model.ckpt-2.data-00000-of-00001", withIntermediateDirectories: true)
        #expect(throws: ScopeFlowError.self) { try saver.save(session, to: directory + "/model.ckpt", globalStep: 2) }
        #expect(try latestCheckpoint(in: directory) == first)
        #expect(!FileManager.default.fileExists(atPath: directory + "/model.ckpt-2.index"))
        #expect(try CheckpointReader(prefix: first).entries.count == 3)
    }

    /// Regression (found checking with real TF): TF's SaveV2 creates the checkpoint's folder; so must we.
    @Test func saveCreatesTheCheckpointFolderAsTensorFlowDoes() throws {
        let (_, session, saver) = try model()
        let prefix = try saver.save(session, to: try Fixtures.temporaryDirectory() + "/new/sub/model.ckpt", globalStep: 1)
        #expect(try listVariables(prefix).count == 3)
        #expect(try latestCheckpoint(in: (prefix as NSString).deletingLastPathComponent) == prefix)
    }
}
