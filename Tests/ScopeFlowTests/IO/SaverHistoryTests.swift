import Foundation
import Testing

@testable import ScopeFlow

/// `maxToKeep` across processes: a new `Saver` counts the checkpoints the folder's
/// `checkpoint` file lists (TF's `recover_last_checkpoints`).
@Suite struct SaverHistoryTests {
    /// A new saver over an initialized variable, as a new process would make.
    private func saver(maxToKeep: Int?) throws -> (Session, Saver) {
        let graph = Graph()
        let (saver, initOp) = try graph.asDefault {
            _ = try getVariable("w", shape: [2], initializer: .constant(3))
            return (try Saver(maxToKeep: maxToKeep), try globalVariablesInitializer())
        }
        let session = Session(graph: graph)
        try session.run(initOp)
        return (session, saver)
    }

    private func checkpoints(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".index") }.sorted()
    }

    private func state(in folder: String) throws -> String {
        try String(contentsOfFile: folder + "/checkpoint", encoding: .utf8)
    }

    @Test func aNewSaverCountsTheCheckpointsTheFolderLists() throws {
        let folder = try Fixtures.temporaryDirectory()
        let (first, earlier) = try saver(maxToKeep: 3)
        for step in 1...3 { try earlier.save(first, to: folder + "/model.ckpt", globalStep: step) }
        let (second, later) = try saver(maxToKeep: 3)
        try later.save(second, to: folder + "/model.ckpt", globalStep: 4)
        #expect(try checkpoints(in: folder) == ["model.ckpt-2.index", "model.ckpt-3.index", "model.ckpt-4.index"])
        #expect(!FileManager.default.fileExists(atPath: folder + "/model.ckpt-1.data-00000-of-00001"))
        #expect(later.lastCheckpoints == [2, 3, 4].map { folder + "/model.ckpt-\($0)" })
        #expect(try state(in: folder) == "model_checkpoint_path: \"model.ckpt-4\"\n"
            + (2...4).map { "all_model_checkpoint_paths: \"model.ckpt-\($0)\"\n" }.joined())
    }

    @Test func aListedCheckpointWithoutItsIndexIsNotCounted() throws {
        let folder = try Fixtures.temporaryDirectory()
        let (first, earlier) = try saver(maxToKeep: 5)
        for step in 1...2 { try earlier.save(first, to: folder + "/model.ckpt", globalStep: step) }
        try FileManager.default.removeItem(atPath: folder + "/model.ckpt-1.index")
        let (second, later) = try saver(maxToKeep: 2)
        try later.save(second, to: folder + "/model.ckpt", globalStep: 3)
        #expect(later.lastCheckpoints == [folder + "/model.ckpt-2", folder + "/model.ckpt-3"])
        #expect(try checkpoints(in: folder) == ["model.ckpt-2.index", "model.ckpt-3.index"])
    }

    @Test func recoverLastCheckpointsSetsTheListAsInTensorFlow() throws {
        let folder = try Fixtures.temporaryDirectory()
        let (first, earlier) = try saver(maxToKeep: 5)
        for step in 1...3 { try earlier.save(first, to: folder + "/model.ckpt", globalStep: step) }
        let (second, later) = try saver(maxToKeep: 2)
        later.recoverLastCheckpoints([folder + "/model.ckpt-2", folder + "/model.ckpt-9"])
        #expect(later.lastCheckpoints == [folder + "/model.ckpt-2"])
        try later.save(second, to: folder + "/model.ckpt", globalStep: 4)
        // The told list replaces the folder's: model.ckpt-1 and -3 are not this saver's to delete.
        #expect(later.lastCheckpoints == [folder + "/model.ckpt-2", folder + "/model.ckpt-4"])
        #expect(try checkpoints(in: folder) == (1...4).map { "model.ckpt-\($0).index" })
        try later.save(second, to: folder + "/model.ckpt", globalStep: 5)
        #expect(try checkpoints(in: folder) == [1, 3, 4, 5].map { "model.ckpt-\($0).index" })
    }

    @Test(arguments: [nil, 0] as [Int?])
    func noMaxToKeepDeletesNothingAndListsTheLatest(maxToKeep: Int?) throws {
        let folder = try Fixtures.temporaryDirectory()
        let (session, saver) = try saver(maxToKeep: maxToKeep)
        for step in 1...3 { try saver.save(session, to: folder + "/model.ckpt", globalStep: step) }
        #expect(try checkpoints(in: folder) == (1...3).map { "model.ckpt-\($0).index" })
        #expect(try state(in: folder) == "model_checkpoint_path: \"model.ckpt-3\"\nall_model_checkpoint_paths: \"model.ckpt-3\"\n")
    }

    @Test func savingAListedPrefixAgainUnderAnotherSpellingNeverDeletesIt() throws {
        let folder = try Fixtures.temporaryDirectory()
        let (first, earlier) = try saver(maxToKeep: 5)
        for step in 1...2 { try earlier.save(first, to: folder + "/model.ckpt", globalStep: step) }
        let (second, later) = try saver(maxToKeep: 1)
        let prefix = try later.save(second, to: folder + "/.//model.ckpt", globalStep: 2)
        #expect(try checkpoints(in: folder) == ["model.ckpt-2.index"])
        #expect(try listVariables(prefix).map(\.name) == ["w"])
        #expect(try latestCheckpoint(in: folder) == folder + "/model.ckpt-2")
    }

    @Test func aDamagedCheckpointFileIsRewritten() throws {
        let folder = try Fixtures.temporaryDirectory()
        #expect(FileManager.default.createFile(atPath: folder + "/checkpoint", contents: Data([0, 0, 0])))
        let (session, saver) = try saver(maxToKeep: 2)
        try saver.save(session, to: folder + "/model.ckpt", globalStep: 1)
        #expect(try state(in: folder) == "model_checkpoint_path: \"model.ckpt-1\"\nall_model_checkpoint_paths: \"model.ckpt-1\"\n")
    }

    @Test func checkpointsOutsideTheFolderAreListedByAbsolutePath() throws {
        let folder = try Fixtures.temporaryDirectory()
        #expect(SaveHistory.entry(folder + "/a/model.ckpt-1", in: folder + "/a") == "model.ckpt-1")
        #expect(SaveHistory.entry(folder + "/a/model.ckpt-1", in: folder + "/b") == folder + "/a/model.ckpt-1")
        #expect(SaveHistory.canonical("/x/./y//z") == "/x/y/z")
    }
}
