import Foundation
import ScopeFlowProto
import Testing

@testable import ScopeFlow

@Suite struct CheckpointCorruptionTests {
    /// A copy of fixture ckpt_basic in a temporary folder, with `edit` applied to one of its files.
    private func corruptedCopy(_ suffix: String, _ edit: (inout [UInt8]) -> Void) throws -> String {
        let directory = try Fixtures.temporaryDirectory()
        for name in ["model.ckpt.index", "model.ckpt.data-00000-of-00001"] {
            var bytes = try FileIO.read(Fixtures.path("ckpt_basic/" + name))
            if name.hasSuffix(suffix) { edit(&bytes) }
            try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        return directory + "/model.ckpt"
    }

    /// Opens the checkpoint and reads every tensor, returning the error.
    private func failure(_ prefix: String) -> ScopeFlowError? {
        do {
            let reader = try CheckpointReader(prefix: prefix)
            for entry in reader.entries { _ = try reader.tensor(named: entry.name) }
            return nil
        } catch { return error as? ScopeFlowError }
    }

    @Test func truncatedIndexIsDataLoss() throws {
        for length in [0, 10, 47, 200, 513] {
            let error = failure(try corruptedCopy(".index") { $0 = Array($0.prefix(length)) })
            #expect(error?.code == .dataLoss, "length \(length)")
            #expect(error?.message.contains("model.ckpt.index") == true)
        }
    }

    @Test func wrongMagicIsDataLoss() throws {
        let error = failure(try corruptedCopy(".index") { $0[$0.count - 1] ^= 0xFF })
        #expect(error?.code == .dataLoss)
        #expect(error?.message.contains("magic") == true)
    }

    @Test func flippedIndexByteFailsTheBlockChecksum() throws {
        let error = failure(try corruptedCopy(".index") { $0[20] ^= 0x01 })
        #expect(error?.code == .dataLoss)
        #expect(error?.message.contains("checksum") == true)
    }

    @Test func everyFlippedDataByteIsCaught() throws {
        let size = try FileIO.read(Fixtures.path("ckpt_basic/model.ckpt.data-00000-of-00001")).count
        for offset in stride(from: 0, to: size, by: 7) {
            let error = failure(try corruptedCopy(".data-00000-of-00001") { $0[offset] ^= 0x10 })
            #expect(error?.code == .dataLoss, "offset \(offset)")
        }
    }

    @Test func truncatedDataIsDataLoss() throws {
        let error = failure(try corruptedCopy(".data-00000-of-00001") { $0.removeLast(10) })
        #expect(error?.code == .dataLoss)
        #expect(error?.message.contains("data-00000-of-00001") == true)
    }

    @Test func keysOutOfOrderAreRejected() throws {
        let header = [UInt8](try Tensorflow_BundleHeaderProto.with { $0.numShards = 1 }.serializedData())
        let table = SSTable.encode([([], header), (Array("b".utf8), []), (Array("a".utf8), [])])
        let error = #expect(throws: ScopeFlowError.self) { try SSTable.decode(table, file: "x.index") }
        #expect(error?.code == .dataLoss)
        #expect(error?.message.contains("sorted") == true)
    }

    @Test func absurdSizesAreRejectedWithoutAllocating() throws {
        let header = [UInt8](try Tensorflow_BundleHeaderProto.with { $0.numShards = 1 }.serializedData())
        let entry = [UInt8](
            try Tensorflow_BundleEntryProto.with {
                $0.dtype = .dtString
                $0.shape.dim = [.with { $0.size = 1 << 40 }]
                $0.size = 1 << 62
            }.serializedData())
        let directory = try Fixtures.temporaryDirectory()
        try Data(SSTable.encode([([], header), (Array("huge".utf8), entry)]))
            .write(to: URL(fileURLWithPath: directory + "/c.index"))
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: directory + "/c.data-00000-of-00001"))
        let error = failure(directory + "/c")
        #expect(error?.code == .dataLoss)
    }

    @Test func missingFilesAreNotFound() {
        #expect(failure("/nonexistent/model.ckpt")?.code == .notFound)
    }
}
