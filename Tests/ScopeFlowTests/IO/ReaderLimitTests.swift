import Foundation
import ScopeFlowProto
import Testing

@testable import ScopeFlow

/// Hand-made truncated and forged inputs for each length, count and size check of the readers.
@Suite struct ReaderLimitTests {
    private func write(_ bytes: [UInt8], _ name: String, in directory: String? = nil) throws -> String {
        let path = (try directory ?? Fixtures.temporaryDirectory()) + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func eventRecord(step: Int64) throws -> [UInt8] {
        TFRecord.frame(try [UInt8](Tensorflow_Event.with { $0.step = step; $0.fileVersion = "brain.Event:2" }.serializedData()))
    }

    // MARK: Event files

    @Test func aTruncatedEventFileKeepsTheEventsBeforeTheDamage() throws {
        let records = try (0..<3).map { try eventRecord(step: Int64($0)) }
        let whole = records.joined()
        for cut in [1, 5, records[2].count - 1] {
            let path = try write(Array(whole.dropLast(cut)), "events.out.tfevents.1.cut")
            let contents = try EventFileContents(path: path)
            #expect(contents.events.map(\.step) == [0, 1], "cut \(cut)")
            let warning = try #require(contents.warnings.first)
            #expect(contents.warnings.count == 1)
            #expect(warning.code == .dataLoss)
            #expect(warning.message.contains(path) && warning.message.contains("offset \(records[0].count + records[1].count)"))
            #expect(warning.message.contains("truncated"))
        }
    }

    @Test func aDamagedRecordKeepsTheEventsBeforeIt() throws {
        let records = try (0..<3).map { try eventRecord(step: Int64($0)) }
        var bytes = Array(records.joined())
        bytes[records[0].count + 14] ^= 1  // inside the second payload
        let contents = try EventFileContents(path: try write(bytes, "events.out.tfevents.1.bad"))
        #expect(contents.events.map(\.step) == [0])
        #expect(contents.warnings.first?.message.contains("data checksum") == true)
    }

    @Test func aFileWhoseFirstRecordIsDamagedIsNoEventFile() throws {
        let path = try write(Array("not an event file at all".utf8), "events.out.tfevents.1.text")
        let error = #expect(throws: ScopeFlowError.self) { try EventFileContents(path: path) }
        #expect(error?.code == .dataLoss)
        #expect(error?.message.contains("offset 0") == true)
    }

    @Test func emptyFilesAndFoldersWithoutEventsAreErrors() throws {
        let empty = try write([], "events.out.tfevents.1.empty")
        #expect(throws: ScopeFlowError.self) { try EventFileContents(path: empty) }
        let folder = try Fixtures.temporaryDirectory()
        let emptyFolder = #expect(throws: ScopeFlowError.self) { try EventFileContents(path: folder) }
        #expect(emptyFolder?.code == .notFound)
        _ = try write(Array("x".utf8), "notes.txt", in: folder)
        let otherFiles = #expect(throws: ScopeFlowError.self) { try EventFileContents(path: folder) }
        #expect(otherFiles?.message.contains("holds no event file") == true)
        #expect(try checkpointPrefix(folder) == nil)
    }

    // MARK: Files

    @Test func unreadableFilesSayWhyWithoutFoundationCodes() throws {
        let folder = try Fixtures.temporaryDirectory()
        let missing = #expect(throws: ScopeFlowError.self) { try FileIO.read(folder + "/missing") }
        #expect(missing?.code == .notFound)
        #expect(missing?.message.contains("No such file or directory") == true)
        let directory = #expect(throws: ScopeFlowError.self) { try FileIO.read(folder) }
        #expect(directory?.message.contains("Is a directory") == true)
        #expect(directory?.message.contains("NSCocoaErrorDomain") == false)
        let device = #expect(throws: ScopeFlowError.self) { try FileIO.read("/dev/zero") }
        #expect(device?.message.contains("not a regular file") == true)
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0) }
        #expect(try FileIO.read(try write(bytes, "big.bin")) == bytes)
    }

    @Test func aNulFilledStateFileIsCorrupt() throws {
        let folder = try Fixtures.temporaryDirectory()
        _ = try write([0, 0, 0, 10, 0], "checkpoint", in: folder)
        let error = #expect(throws: ScopeFlowError.self) { try latestCheckpoint(in: folder) }
        #expect(error?.code == .dataLoss)
        #expect(error?.message.contains("NUL byte at offset 0") == true)
    }

    @Test func aDataFileNamesItsCheckpoint() throws {
        #expect(try checkpointPrefix("run/model.ckpt-3.data-00000-of-00001") == "run/model.ckpt-3")
        #expect(try checkpointPrefix("run/model.ckpt-3.data-00001-of-00002") == "run/model.ckpt-3")
        #expect(try checkpointPrefix("/nonexistent/model.data-x") == nil)
    }

    // MARK: Checkpoints

    /// A checkpoint whose single entry `t` is `entry` (header: one shard), with an empty data file.
    private func forgedCheckpoint(_ entry: Tensorflow_BundleEntryProto) throws -> String {
        let header = Tensorflow_BundleHeaderProto.with { $0.numShards = 1 }
        let table = SSTable.encode([
            ([], try [UInt8](header.serializedData())), (Array("t".utf8), try [UInt8](entry.serializedData())),
        ])
        let folder = try Fixtures.temporaryDirectory()
        _ = try write(table, "model.ckpt.index", in: folder)
        _ = try write([], "model.ckpt.data-00000-of-00001", in: folder)
        return folder + "/model.ckpt"
    }

    private func entry(_ dims: [Int64], size: Int64, dtype: Tensorflow_DataType = .dtFloat) -> Tensorflow_BundleEntryProto {
        Tensorflow_BundleEntryProto.with {
            $0.dtype = dtype
            $0.shape.dim = dims.map { size in Tensorflow_TensorShapeProto.Dim.with { $0.size = size } }
            $0.size = size
        }
    }

    @Test func forgedShapesAndSizesAreDataLoss() throws {
        let forged: [(Tensorflow_BundleEntryProto, String)] = [
            (entry([1 << 62, 4, 0], size: 0), "invalid shape"),
            (entry([-1], size: 0), "invalid shape"),
            (entry(Array(repeating: 1, count: 255), size: 4), "invalid shape"),
            (entry([1 << 40], size: 4), "records 4 bytes"),
            (entry([1 << 62], size: 0), "records 0 bytes"),
            (entry([3], size: 11), "records 11 bytes"),
            (entry([1 << 40], size: 100, dtype: .dtString), "records 100 bytes"),
        ]
        for (entry, what) in forged {
            let error = #expect(throws: ScopeFlowError.self) { try CheckpointReader(prefix: try forgedCheckpoint(entry)) }
            #expect(error?.code == .dataLoss, "\(what)")
            #expect(error?.message.contains(what) == true, "\(error?.message ?? "")")
        }
    }

    @Test func anEntryPastTheDataFileIsDataLoss() throws {
        var past = entry([2], size: 8)
        past.offset = Int64.max - 4
        let reader = try CheckpointReader(prefix: try forgedCheckpoint(past))
        let error = #expect(throws: ScopeFlowError.self) { try reader.tensor(named: "t") }
        #expect(error?.code == .dataLoss)
        #expect(error?.message.contains("run past the 0-byte file") == true)
    }

    // MARK: Tensors

    private func tensorProto(_ dims: [Int64], floats: [Float] = [], content: [UInt8] = []) -> Tensorflow_TensorProto {
        Tensorflow_TensorProto.with {
            $0.dtype = .dtFloat
            $0.tensorShape.dim = dims.map { size in Tensorflow_TensorShapeProto.Dim.with { $0.size = size } }
            $0.floatVal = floats
            $0.tensorContent = Data(content)
        }
    }

    @Test func aRepeatedValueFillsTheShapeUpToTheLimit() throws {
        #expect(try HostTensor(proto: tensorProto([2, 2], floats: [1, 2]), context: "t").floats == [1, 2, 2, 2])
        #expect(try HostTensor(proto: tensorProto([3]), context: "t").floats == [0, 0, 0])
        let limit = Int64(HostTensor.maximumExpandedByteCount / 4)
        let error = #expect(throws: ScopeFlowError.self) { try HostTensor(proto: tensorProto([limit + 1], floats: [7]), context: "t") }
        #expect(error?.code == .resourceExhausted)
        let huge = #expect(throws: ScopeFlowError.self) { try HostTensor(proto: tensorProto([Int64.max], floats: [7]), context: "t") }
        #expect(huge?.message.contains("more than 2^63 bytes") == true)
    }

    @Test func forgedTensorProtosAreDataLoss() throws {
        for (proto, what) in [
            (tensorProto([-5], floats: [1]), "negative"), (tensorProto([1 << 62, 4]), "overflow"),
            (tensorProto([3], content: [0, 0, 128, 63]), "content of one float for three"),
        ] {
            let error = #expect(throws: ScopeFlowError.self, "\(what)") { try HostTensor(proto: proto, context: "t") }
            #expect(error?.code == .dataLoss, "\(what)")
        }
    }

    @Test func emptyTensorsWithHugeSizesPrintWithoutAllocating() throws {
        for shape in [[1 << 40, 0], [0, 1 << 40], [1 << 62, 0, 1 << 62]] {
            let tensor = try HostTensor(storage: .float32([]), shape: shape)
            #expect(tensor.description == "[]")
            #expect(tensor.count == 0)
        }
        let overflow = #expect(throws: ScopeFlowError.self) { try HostTensor(storage: .float32([]), shape: [1 << 62, 4, 0]) }
        #expect(overflow?.code == .shapeMismatch)
        #expect(try HostTensor(storage: .int32([5]), shape: []).description == "5")
    }
}
