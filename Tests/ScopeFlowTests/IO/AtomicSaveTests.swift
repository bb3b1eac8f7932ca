import Foundation
import Testing

@testable import ScopeFlow

/// Saves stopped (as by `kill -9`) or failing at every step on disk: the folder always holds
/// a checkpoint that loads, with the old values or the new ones, and the next save tidies up.
@Suite struct AtomicSaveTests {
    /// A session holding variables `w` (float, `count` values, all `value`) and `step` (int64).
    private struct Model {
        let session: Session
        let saver: Saver

        init(count: Int, value: Float, step: Int64, maxToKeep: Int? = 1) throws {
            let graph = Graph()
            let (saver, initOp) = try graph.asDefault {
                _ = try getVariable("w", shape: [count], initializer: .constant(Double(value)))
                _ = try getVariable("step", shape: [], dtype: .int64, initializer: .constant(Double(step)), trainable: false)
                return (try Saver(maxToKeep: maxToKeep), try globalVariablesInitializer())
            }
            session = Session(graph: graph)
            try session.run(initOp)
            self.saver = saver
        }
    }

    /// The values a checkpoint holds, read with every checksum checked, as `w`'s first value and `step`.
    private func contents(_ prefix: String) throws -> (w: [Float], step: Int64) {
        let reader = try CheckpointReader(prefix: prefix)
        return (try #require(try reader.tensor(named: "w").floats), try #require(try reader.tensor(named: "step").int64s?.first))
    }

    /// A copy of `folder` as a process killed now would leave it: its temporary files belong
    /// to a process that no longer runs.
    private func snapshot(_ folder: String) throws -> String {
        let copy = try Fixtures.temporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            var target = name
            if let (final, owner) = DurableFile.parseTemporary(name), owner != nil {
                target = (DurableFile.temporaryPath(for: final, owner: .init(pid: Int32.max, token: 1)) as NSString).lastPathComponent
            }
            try FileManager.default.copyItem(atPath: folder + "/" + name, toPath: copy + "/" + target)
        }
        return copy
    }

    private func temporaries(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".tempstate") }
    }

    /// The scenario every test below stops or fails at each step: `model.ckpt-1` and
    /// `model.ckpt-2` saved (`model.ckpt-2` `overwrites` times, so its data sits at either end
    /// of the double-buffered file), then a new saver with `maxToKeep: 1`, as a new process
    /// would make, saves `newCount` values over `model.ckpt-2` and deletes `model.ckpt-1`.
    private func prepare(overwrites: Int) throws -> (folder: String, prefix: String) {
        let folder = try Fixtures.temporaryDirectory()
        let old = try Model(count: 4, value: 1, step: 1, maxToKeep: 5)
        try old.saver.save(old.session, to: folder + "/model.ckpt", globalStep: 1)
        for _ in 0..<overwrites { try old.saver.save(old.session, to: folder + "/model.ckpt", globalStep: 2) }
        return (folder, folder + "/model.ckpt-2")
    }

    static let layouts: [(overwrites: Int, newCount: Int)] = [(1, 4), (2, 4), (1, 9), (2, 9), (2, 2), (3, 1)]

    @Test(arguments: layouts)
    func aSaveKilledAtAnyStepLeavesTheOldOrTheNewCheckpoint(overwrites: Int, newCount: Int) throws {
        let (folder, prefix) = try prepare(overwrites: overwrites)
        let new = try Model(count: newCount, value: 7, step: 2)
        var stops: [(SaveStep, String)] = []
        try new.saver.save(new.session, to: folder + "/model.ckpt", globalStep: 2) { stops.append(($0, try snapshot(folder))) }
        #expect(stops.map(\.0) == SaveStep.allCases)
        #expect(try temporaries(in: folder) == [])
        for (step, copy) in stops {
            let committed = SaveStep.allCases.firstIndex(of: step)! >= SaveStep.allCases.firstIndex(of: .indexRenamed)!
            // No recovery runs here: this is what TensorFlow reads too.
            let latest = try #require(try latestCheckpoint(in: copy), "after \(step)")
            #expect(latest == copy + "/model.ckpt-2", "after \(step)")
            let (w, _) = try contents(latest)
            #expect(w == (committed ? [Float](repeating: 7, count: newCount) : [1, 1, 1, 1]), "after \(step)")
            for name in try FileManager.default.contentsOfDirectory(atPath: copy) where name.hasSuffix(".index") {
                #expect(throws: Never.self, "\(name) after \(step)") { _ = try contents(copy + "/" + String(name.dropLast(6))) }
            }
            // The next process's save deletes what the killed one left.
            let next = try Model(count: 3, value: 5, step: 3)
            try next.saver.save(next.session, to: copy + "/model.ckpt", globalStep: 2)
            let left = try FileManager.default.contentsOfDirectory(atPath: copy).sorted()
            #expect(left == [
                "checkpoint", "model.ckpt-2.data-00000-of-00001", "model.ckpt-2.index",
            ], "after \(step)")
            #expect(try contents(copy + "/model.ckpt-2").w == [5, 5, 5], "after \(step)")
        }
        #expect(try contents(prefix).w == [Float](repeating: 7, count: newCount))
    }

    private struct InjectedFailure: Error {}

    @Test(arguments: SaveStep.allCases)
    func aSaveFailingAtAnyStepKeepsWhatWasSaved(failing: SaveStep) throws {
        let (folder, prefix) = try prepare(overwrites: 2)
        let new = try Model(count: 9, value: 7, step: 2)
        let order = SaveStep.allCases.firstIndex(of: failing)!
        let deleting = [SaveStep.oldIndexRemoved, .oldDataRemoved].contains(failing)
        do {
            try new.saver.save(new.session, to: folder + "/model.ckpt", globalStep: 2) { step in
                if step == failing { throw InjectedFailure() }
            }
            // As TF, a checkpoint that cannot be deleted does not fail the save.
            #expect(deleting)
        } catch is InjectedFailure {
            #expect(!deleting)
        }
        #expect(try temporaries(in: folder) == [])
        let committed = order >= SaveStep.allCases.firstIndex(of: .indexRenamed)!
        #expect(try contents(prefix).w == (committed ? [Float](repeating: 7, count: 9) : [1, 1, 1, 1]))
        #expect(try latestCheckpoint(in: folder) == prefix)
        // model.ckpt-1 is deleted once its data file is; until then it loads and stays listed.
        let deleted = order >= SaveStep.allCases.firstIndex(of: .oldDataRemoved)!
        #expect(FileManager.default.fileExists(atPath: folder + "/model.ckpt-1.index") == !deleted)
        #expect(FileManager.default.fileExists(atPath: folder + "/model.ckpt-1.data-00000-of-00001") == !deleted)
        // A checkpoint not deleted stays on the saver's list, for its next save to delete.
        #expect(new.saver.lastCheckpoints.contains(folder + "/model.ckpt-1") == !deleted)
        if !deleted {
            #expect(try contents(folder + "/model.ckpt-1").step == 1)
            #expect(try CheckpointState.read(in: folder)?.all.contains("model.ckpt-1") == true)
        }
    }

    @Test func aSaveFailingAfterItsCommitKeepsBothCheckpointsAndNoTemporaryFile() throws {
        let (folder, prefix) = try prepare(overwrites: 1)
        // A folder where the `checkpoint` file must go: its rename fails (EISDIR) after the bundle's.
        try FileManager.default.removeItem(atPath: folder + "/checkpoint")
        try FileManager.default.createDirectory(atPath: folder + "/checkpoint/x", withIntermediateDirectories: true)
        let new = try Model(count: 4, value: 7, step: 2)
        let error = #expect(throws: ScopeFlowError.self) { try new.saver.save(new.session, to: folder + "/model.ckpt", globalStep: 2) }
        #expect(error?.message.hasPrefix("Cannot rename ") == true)
        #expect(error?.names == [folder + "/checkpoint"])
        #expect(try temporaries(in: folder) == [])
        #expect(try contents(prefix).w == [7, 7, 7, 7])
        #expect(try contents(folder + "/model.ckpt-1").step == 1)
    }

    @Test func overwritingOnePrefixKeepsItsDataFileAtMostTwiceTheTensors() throws {
        let folder = try Fixtures.temporaryDirectory()
        let prefix = folder + "/model.ckpt"
        for round in 1...5 {
            let model = try Model(count: 100, value: Float(round), step: Int64(round))
            try model.saver.save(model.session, to: prefix)
            #expect(try contents(prefix).w == [Float](repeating: Float(round), count: 100))
            let size = try FileManager.default.attributesOfItem(atPath: CheckpointWriter.dataPath(prefix))[.size] as? Int
            #expect(size == (round == 1 ? 408 : 816))
        }
        #expect(try temporaries(in: folder) == [])
    }

    @Test func aNewPrefixIsWrittenByteForByteAsTensorFlowDoes() throws {
        let folder = try Fixtures.temporaryDirectory()
        let model = try Model(count: 3, value: 2, step: 4)
        let prefix = try model.saver.save(model.session, to: folder + "/model.ckpt", globalStep: 4)
        let tensors = ["w": HostTensor([Float](repeating: 2, count: 3)), "step": try HostTensor([Int64(4)], shape: [])]
        let (index, data) = try CheckpointWriter.encode(tensors)
        #expect(try FileIO.read(CheckpointWriter.indexPath(prefix)) == index)
        #expect(try FileIO.read(CheckpointWriter.dataPath(prefix)) == data)
    }

    @Test func leftoversOfAKilledSaveAreDeletedButNotThoseOfARunningOne() throws {
        let folder = try Fixtures.temporaryDirectory()
        let dead = DurableFile.Owner(pid: Int32.max, token: 1)
        let running = DurableFile.Owner(pid: 1, token: 1)  // init: always running
        let abandoned = [
            DurableFile.temporaryPath(for: folder + "/other.ckpt-3.index", owner: dead),
            DurableFile.temporaryPath(for: folder + "/other.ckpt-3.data-00000-of-00001", owner: dead),
            DurableFile.temporaryPath(for: folder + "/checkpoint", owner: dead),
            folder + "/other.ckpt-3.data-00000-of-00001",  // renamed before its killed save renamed the `.index`
            folder + "/model.ckpt.index.tempstate12345",  // TF's name, unchanged for an hour
        ]
        let inFlight = [
            DurableFile.temporaryPath(for: folder + "/another.ckpt.index", owner: running),
            folder + "/tf.ckpt.index.tempstate678",  // TF's name, just written
        ]
        for path in abandoned + inFlight { #expect(FileManager.default.createFile(atPath: path, contents: Data([1]))) }
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: folder + "/model.ckpt.index.tempstate12345")
        let model = try Model(count: 2, value: 1, step: 1)
        try model.saver.save(model.session, to: folder + "/model.ckpt")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(left == [
            (inFlight[0] as NSString).lastPathComponent, "checkpoint", "model.ckpt.data-00000-of-00001", "model.ckpt.index",
            "tf.ckpt.index.tempstate678",
        ])
    }

    @Test func aFolderThatCannotBeCreatedIsAClearError() throws {
        let folder = try Fixtures.temporaryDirectory()
        #expect(FileManager.default.createFile(atPath: folder + "/file", contents: Data([1])))
        let model = try Model(count: 2, value: 1, step: 1)
        let error = #expect(throws: ScopeFlowError.self) { try model.saver.save(model.session, to: folder + "/file/run/model.ckpt") }
        #expect(error?.message == "Cannot create the checkpoint folder \(folder)/file/run: Not a directory. "
            + "Check that the folder exists and is writable.")
    }

    @Test func aDiskFullErrorSaysSoAndHowToFixIt() {
        errno = ENOSPC
        let error = DurableFile.failure("Cannot write /d/model.ckpt.index", path: "/d/model.ckpt.index")
        #expect(error.code == .resourceExhausted)
        #expect(error.message == "Cannot write /d/model.ckpt.index: No space left on device. "
            + "Free some space on the disk (or raise the quota) and save again.")
    }
}
