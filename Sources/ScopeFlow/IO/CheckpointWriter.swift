import Foundation
import ScopeFlowProto

/// Writes a V2 checkpoint ("tensor bundle") as TensorFlow's non-sharded `SaveV2` does:
/// `P.data-00000-of-00001` (tensors in key order, no padding) and the `P.index` table.
///
/// A save is atomic whatever the prefix (see `docs/checkpoint-saves.md`): both files are
/// written under temporary names and flushed, then the data file is renamed into place, then
/// the `.index`, whose rename commits the checkpoint. When `P` already holds a checkpoint, the
/// new data file also keeps the bytes the old `.index` points at (the new tensors go before
/// or after them), so at every moment `P.index` matches `P.data-00000-of-00001`: a kill
/// leaves the old checkpoint or the new one, for TensorFlow as for ScopeFlow, with no
/// recovery step.
enum CheckpointWriter {
    /// The data file of shard 0 of a one-shard bundle.
    static func dataPath(_ prefix: String) -> String { prefix + ".data-00000-of-00001" }
    static func indexPath(_ prefix: String) -> String { prefix + ".index" }

    /// The `.index` and `.data` bytes of a bundle holding `tensors` and the partitioned `sliced`,
    /// exactly as TF writes them.
    static func encode(
        _ tensors: [String: HostTensor], sliced: [String: SlicedTensor] = [:]
    ) throws -> (index: [UInt8], data: [UInt8]) {
        let payload = try BundlePayload(tensors, sliced: sliced)
        return (try payload.index(dataOffset: 0), payload.data)
    }

    /// Writes the bundle `prefix` holding `tensors` and the partitioned `sliced`, creating its
    /// folder if needed as TF's `BundleWriter` does, and reports each step on disk to `observe`.
    /// On failure the checkpoint that `prefix` held before (if any) still loads and no temporary
    /// file is left.
    static func write(
        _ tensors: [String: HostTensor], sliced: [String: SlicedTensor] = [:], prefix: String,
        observe: (SaveStep) throws -> Void
    ) throws {
        let payload = try BundlePayload(tensors, sliced: sliced)
        let folder = DurableFile.folderPath(of: prefix)
        try DurableFile.createFolder(folder)
        removeAbandonedSaves(in: folder)
        let data = dataPath(prefix)
        let kept = keptDataRange(prefix)
        // The new tensors go where they overlap nothing the current `.index` points at.
        let offset = kept.map { payload.data.count <= $0.lowerBound ? 0 : $0.upperBound } ?? 0
        let index = indexPath(prefix)
        let dataTemporary = DurableFile.temporaryPath(for: data)
        let indexTemporary = DurableFile.temporaryPath(for: index)
        var dataRenamed = false
        do {
            do {
                let file = try SyncedFile(creating: dataTemporary)
                try file.write(payload.data, at: offset)
                if let kept { try file.copy(kept, from: data) }
                try file.sync()
            }
            try observe(.dataWritten)
            do {
                let file = try SyncedFile(creating: indexTemporary)
                try file.write(try payload.index(dataOffset: offset), at: 0)
                try file.sync()
            }
            try observe(.indexWritten)
            try DurableFile.rename(dataTemporary, to: data)
            dataRenamed = true
            try observe(.dataRenamed)
            try DurableFile.rename(indexTemporary, to: index)
            try observe(.indexRenamed)
        } catch {
            unlink(dataTemporary)
            unlink(indexTemporary)
            // A data file no `.index` points at is not a checkpoint; one the old `.index` reads stays.
            if dataRenamed, kept == nil, access(index, F_OK) != 0 { unlink(data) }
            throw error
        }
    }

    /// Deletes the checkpoint `prefix` (its `.index`, `.meta` and data file), reporting each
    /// step to `observe`. The `.index` is first renamed to a temporary name, so a kill midway
    /// leaves no checkpoint that fails to load, and the next save deletes the rest; on an error
    /// before the data file is gone it gets its name back and the checkpoint stays whole.
    static func remove(_ prefix: String, observe: (SaveStep) throws -> Void) throws {
        let index = indexPath(prefix)
        let temporary = DurableFile.temporaryPath(for: index)
        guard Foundation.rename(index, temporary) == 0 else {
            if errno == ENOENT { return }
            throw DurableFile.failure("Cannot delete \(index)", path: index)
        }
        do {
            try DurableFile.syncFolder(of: index)
            try observe(.oldIndexRemoved)
            try DurableFile.remove(prefix + ".meta")
            try DurableFile.remove(dataPath(prefix))
        } catch {
            if access(dataPath(prefix), F_OK) == 0 { Foundation.rename(temporary, index) } else { unlink(temporary) }
            throw error
        }
        unlink(temporary)
        try observe(.oldDataRemoved)
    }

    /// The bytes of `prefix`'s data file that its current `.index` points at; nil when there
    /// is no such one-shard checkpoint (nothing to keep readable while it is replaced).
    private static func keptDataRange(_ prefix: String) -> Range<Int>? {
        guard let bytes = try? FileIO.read(indexPath(prefix)), let table = try? SSTable.decode(bytes, file: indexPath(prefix)),
            let first = table.first, first.key.isEmpty,
            let header = try? Tensorflow_BundleHeaderProto(serializedBytes: Array(first.value)), header.numShards == 1,
            let attributes = try? FileManager.default.attributesOfItem(atPath: dataPath(prefix)),
            let fileSize = (attributes[.size] as? NSNumber)?.intValue
        else { return nil }
        var lower = Int.max
        var upper = 0
        for (_, value) in table.dropFirst() {
            guard let entry = try? Tensorflow_BundleEntryProto(serializedBytes: Array(value)) else { return nil }
            guard entry.size > 0 else { continue }
            guard entry.offset >= 0, entry.offset <= Int64(fileSize) - entry.size else { return nil }
            lower = min(lower, Int(entry.offset))
            upper = max(upper, Int(entry.offset + entry.size))
        }
        return lower < upper ? lower..<upper : 0..<0
    }

    /// Deletes what saves killed in `folder` left: their temporary files, and a data file whose
    /// `.index` never got its final name.
    private static func removeAbandonedSaves(in folder: String) {
        for target in DurableFile.removeAbandonedTemporaries(in: folder) where target.hasSuffix(".index") {
            let prefix = String(target.dropLast(".index".count))
            if access(target, F_OK) != 0 { unlink(dataPath(prefix)) }
        }
    }
}

/// A partitioned tensor as a checkpoint stores it: the whole's shape and dtype, and its slices,
/// each with its start in the whole (TF's `BundleWriter::AddSlice`).
struct SlicedTensor {
    let shape: [Int]
    let dtype: DType
    let slices: [(start: [Int], value: HostTensor)]
}

/// A bundle's data bytes and its `.index` entries, before the data's place in the file is known.
private struct BundlePayload {
    var data: [UInt8] = []
    private var entries: [(key: [UInt8], entry: Tensorflow_BundleEntryProto)] = []

    /// The data in TF's order: by tensor name, a partitioned tensor's slices in the order given;
    /// the entries sorted by key bytes (slice keys, which start with 0, first).
    init(_ tensors: [String: HostTensor], sliced: [String: SlicedTensor] = [:]) throws {
        let names = (Array(tensors.keys) + Array(sliced.keys)).sorted {
            Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8))
        }
        for name in names {
            if let tensor = tensors[name] {
                entries.append((Array(name.utf8), append(tensor)))
                continue
            }
            guard let whole = sliced[name] else { continue }
            var entry = Tensorflow_BundleEntryProto()
            entry.dtype = whole.dtype.proto
            entry.shape = Shape(known: whole.shape).proto
            for (start, value) in whole.slices {
                var proto = Tensorflow_TensorSliceProto()
                proto.extent = zip(start, value.shape).map { first, length in
                    var extent = Tensorflow_TensorSliceProto.Extent()
                    extent.start = Int64(first)
                    extent.length = Int64(length)
                    return extent
                }
                entry.slices.append(proto)
                entries.append((CheckpointSliceKey.encode(name: name, start: start, length: value.shape), append(value)))
            }
            entries.append((Array(name.utf8), entry))
        }
        entries.sort { $0.key.lexicographicallyPrecedes($1.key) }
    }

    /// Appends `tensor`'s bytes to the data; returns its entry.
    private mutating func append(_ tensor: HostTensor) -> Tensorflow_BundleEntryProto {
        let bytes: [UInt8]
        let crc: UInt32
        if case .string(let strings) = tensor.storage {
            (bytes, crc) = TensorCoding.encodeStrings(strings)
        } else {
            bytes = TensorCoding.encodeFixedWidth(tensor.storage)
            crc = CRC32C.mask(CRC32C.checksum(bytes))
        }
        var entry = Tensorflow_BundleEntryProto()
        entry.dtype = tensor.dtype.proto
        entry.shape = Shape(known: tensor.shape).proto
        entry.offset = Int64(data.count)
        entry.size = Int64(bytes.count)
        entry.crc32C = crc
        data.append(contentsOf: bytes)
        return entry
    }

    /// The `.index` bytes for the data placed at `dataOffset` in the data file.
    func index(dataOffset: Int) throws -> [UInt8] {
        var header = Tensorflow_BundleHeaderProto()
        header.numShards = 1
        header.version.producer = 1
        var records = [(key: [UInt8](), value: try [UInt8](header.serializedData()))]
        for (key, entry) in entries {
            var placed = entry
            if placed.slices.isEmpty { placed.offset += Int64(dataOffset) }
            records.append((key, try [UInt8](placed.serializedData())))
        }
        return SSTable.encode(records)
    }
}
