import ScopeFlowProto

/// One tensor listed in a checkpoint: its key, element type and shape.
public struct CheckpointEntry: Sendable, Hashable {
    /// The key: the variable's op name (`model/dense/kernel`).
    public let name: String
    /// The element type.
    public let dtype: DType
    /// The dimensions (`[]` for a scalar).
    public let shape: [Int]
}

/// Reads a V2 checkpoint written by TensorFlow or ScopeFlow (TF's
/// `tf.train.load_checkpoint` / `NewCheckpointReader`).
///
/// Every checksum, length and key order is verified; a corrupt file throws a
/// ``ScopeFlowError/Code/dataLoss`` naming the file and the problem.
///
/// ```swift
/// let reader = try CheckpointReader(prefix: "run/model.ckpt-3")
/// for entry in reader.entries { print(entry.name, entry.dtype, entry.shape) }
/// let w = try reader.tensor(named: "layer1/w")
/// ```
public struct CheckpointReader: Sendable {
    /// The checkpoint prefix (`dir/model.ckpt-3`).
    public let prefix: String
    /// Every tensor in the checkpoint, in key order (partitioned-variable slices hidden).
    public let entries: [CheckpointEntry]
    private let records: [String: StoredTensor]
    private let dataFiles: [[UInt8]]

    /// A tensor's `.index` entry; for a partitioned tensor, also its slices' entries.
    private struct StoredTensor: Sendable {
        let entry: CheckpointEntry
        let record: Tensorflow_BundleEntryProto
        let slices: [(start: [Int], record: Tensorflow_BundleEntryProto)]
    }

    /// Opens the checkpoint `prefix` (reads `prefix.index` and its data files).
    /// - Throws: ``ScopeFlowError/Code/notFound`` when a file is missing,
    ///   ``ScopeFlowError/Code/dataLoss`` when one is corrupt.
    public init(prefix: String) throws {
        self.prefix = prefix
        let indexPath = CheckpointWriter.indexPath(prefix)
        let table = try SSTable.decode(try FileIO.read(indexPath), file: indexPath)
        func corrupt(_ what: String, underlying: (any Error)? = nil) -> ScopeFlowError {
            ScopeFlowError(.dataLoss, "\(indexPath) is corrupt: \(what).", names: [indexPath], underlying: underlying)
        }
        guard let first = table.first, first.key.isEmpty else {
            throw corrupt("the first record is not the bundle header (key \"\")")
        }
        let header: Tensorflow_BundleHeaderProto
        do { header = try Tensorflow_BundleHeaderProto(serializedBytes: Array(first.value)) } catch {
            throw corrupt("the bundle header does not parse (\(error))", underlying: error)
        }
        guard header.endianness == .little else {
            throw ScopeFlowError(
                .unimplemented, "\(indexPath) is a big-endian checkpoint; ScopeFlow reads little-endian ones.",
                names: [indexPath])
        }
        guard (1...10_000).contains(header.numShards) else { throw corrupt("num_shards is \(header.numShards)") }
        var entries: [CheckpointEntry] = []
        var records: [String: StoredTensor] = [:]
        var sliceRecords: [[UInt8]: Tensorflow_BundleEntryProto] = [:]
        var wholes: [(name: String, entry: CheckpointEntry, record: Tensorflow_BundleEntryProto)] = []
        for (key, value) in table.dropFirst() {
            let name = key.first == 0 ? "slice key \(key.map { String($0, radix: 16) })" : String(decoding: key, as: UTF8.self)
            let record: Tensorflow_BundleEntryProto
            do { record = try Tensorflow_BundleEntryProto(serializedBytes: Array(value)) } catch {
                throw corrupt("the entry of '\(name)' does not parse (\(error))", underlying: error)
            }
            let dims = record.shape.dim.map { Int(clamping: $0.size) }
            guard let count = HostTensor.elementCount(dims), !record.shape.unknownRank else {
                throw corrupt("the entry of '\(name)' has an invalid shape \(dims)")
            }
            let dtype = try DType(proto: record.dtype, context: "'\(name)' in \(indexPath)")
            if !record.slices.isEmpty {
                // A partitioned tensor: no data of its own; its slices are checked below.
                let entry = CheckpointEntry(name: name, dtype: dtype, shape: dims)
                entries.append(entry)
                wholes.append((name, entry, record))
                continue
            }
            // A fixed-width tensor takes exactly count × element size bytes; strings take at least a
            // one-byte length each plus the 4-byte length checksum.
            let sizeFits =
                dtype == .string
                ? record.size >= 4 && record.size - 4 >= count
                : TensorCoding.byteCount(count, dtype).map { record.size == $0 } ?? false
            guard sizeFits else {
                throw corrupt(
                    "the entry of '\(name)' (\(dtype), shape \(dims), \(count) elements) records \(record.size) bytes, "
                        + "which its shape cannot have")
            }
            guard (0..<header.numShards).contains(record.shardID) else {
                throw corrupt("the entry of '\(name)' names shard \(record.shardID) of \(header.numShards)")
            }
            if key.first == 0 {
                sliceRecords[Array(key)] = record
                continue
            }
            let entry = CheckpointEntry(name: name, dtype: dtype, shape: dims)
            entries.append(entry)
            records[name] = StoredTensor(entry: entry, record: record, slices: [])
        }
        for (name, entry, record) in wholes {
            let slices = try Self.slices(of: entry, record.slices, in: sliceRecords, corrupt: corrupt)
            records[name] = StoredTensor(entry: entry, record: record, slices: slices)
        }
        self.entries = entries
        self.records = records
        let shards = Int(header.numShards)
        dataFiles = try (0..<shards).map { shard in
            try FileIO.read(prefix + ".data-" + Self.fiveDigits(shard) + "-of-" + Self.fiveDigits(shards))
        }
    }

    private static func fiveDigits(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// True when the checkpoint holds a tensor called `name`.
    public func hasTensor(_ name: String) -> Bool { records[name] != nil }

    /// The value stored under `name`; a partitioned tensor is put together from its slices.
    /// - Throws: ``ScopeFlowError/Code/notFound`` for a missing key,
    ///   ``ScopeFlowError/Code/dataLoss`` when the stored bytes are corrupt.
    public func tensor(named name: String) throws -> HostTensor {
        guard let found = records[name] else {
            throw ScopeFlowError(
                .notFound, "Key \(name) not found in checkpoint \(prefix); list its keys with `scopeflow inspect`.",
                names: [name])
        }
        guard !found.slices.isEmpty else { return try payload(of: found.record, name: name, entry: found.entry) }
        let blocks = try found.slices.map { start, record in
            let shape = record.shape.dim.map { Int($0.size) }
            let slice = CheckpointEntry(name: name, dtype: found.entry.dtype, shape: shape)
            return (start: start, value: try payload(of: record, name: "\(name) (slice at \(start))", entry: slice))
        }
        return try HostTensor.assembled(shape: found.entry.shape, dtype: found.entry.dtype, blocks: blocks)
    }

    /// The tensor `record` points at, of `entry`'s dtype and shape.
    private func payload(of record: Tensorflow_BundleEntryProto, name: String, entry: CheckpointEntry) throws -> HostTensor {
        let shard = Int(record.shardID)
        let file = prefix + ".data-" + Self.fiveDigits(shard) + "-of-" + Self.fiveDigits(dataFiles.count)
        let data = dataFiles[shard]
        var reader = ByteReader(data[...], file: file, context: "tensor '\(name)'")
        guard record.offset >= 0, record.size >= 0, record.offset <= data.count,
            record.size <= data.count - Int(record.offset)
        else {
            throw reader.corrupt("offset \(record.offset) and size \(record.size) run past the \(data.count)-byte file")
        }
        _ = try reader.readBytes(Int(record.offset))
        let bytes = try reader.readBytes(Int(record.size))
        let payload = ByteReader(bytes, file: file, context: "tensor '\(name)'")
        let count = HostTensor.elementCount(entry.shape) ?? 0
        let storage: HostTensor.Storage
        if entry.dtype == .string {
            let (strings, crc) = try TensorCoding.decodeStrings(payload, count: count)
            guard crc == record.crc32C else {
                throw payload.corrupt("the checksum does not match")
            }
            storage = .string(strings)
        } else {
            guard CRC32C.mask(CRC32C.checksum(bytes)) == record.crc32C else {
                throw payload.corrupt("the checksum does not match")
            }
            storage = try TensorCoding.decodeFixedWidth(payload, dtype: entry.dtype, count: count)
        }
        return HostTensor(uncheckedStorage: storage, shape: entry.shape)
    }

    /// Whether two boxes (start and length per axis) share an element.
    private static func overlap(_ a: (start: [Int], length: [Int]), _ b: (start: [Int], length: [Int])) -> Bool {
        a.start.indices.allSatisfy { axis in
            a.start[axis] < b.start[axis] + b.length[axis] && b.start[axis] < a.start[axis] + a.length[axis]
        }
    }

    /// The slices of the partitioned tensor `entry` (TF's `TensorSliceProto`s) with their stored
    /// entries, checked: each inside the whole, stored under its key with its shape and dtype, and
    /// together covering every element exactly once.
    private static func slices(
        of entry: CheckpointEntry, _ protos: [Tensorflow_TensorSliceProto],
        in stored: [[UInt8]: Tensorflow_BundleEntryProto], corrupt: (String, (any Error)?) -> ScopeFlowError
    ) throws -> [(start: [Int], record: Tensorflow_BundleEntryProto)] {
        let name = entry.name
        var boxes: [(start: [Int], length: [Int])] = []
        var covered = 0
        for proto in protos {
            guard proto.extent.count == entry.shape.count else {
                throw corrupt("a slice of '\(name)' has \(proto.extent.count) extents for rank \(entry.shape.count)", nil)
            }
            var start: [Int] = []
            var length: [Int] = []
            for (extent, size) in zip(proto.extent, entry.shape) {
                let first = Int(clamping: extent.start)
                let count = extent.hasLength_p == nil ? size - first : Int(clamping: extent.length)
                guard first >= 0, count >= 0, first <= size, count <= size - first else {
                    throw corrupt("a slice of '\(name)' runs outside its shape \(entry.shape)", nil)
                }
                start.append(first)
                length.append(count)
            }
            for box in boxes where Self.overlap(box, (start, length)) {
                throw corrupt("two slices of '\(name)' overlap (at \(box.start) and \(start))", nil)
            }
            boxes.append((start, length))
            covered += length.reduce(1, *)
            guard covered <= HostTensor.elementCount(entry.shape) ?? 0 else {
                throw corrupt("the slices of '\(name)' hold more elements than its shape \(entry.shape)", nil)
            }
        }
        guard covered == HostTensor.elementCount(entry.shape) else {
            throw corrupt("the slices of '\(name)' do not cover its shape \(entry.shape)", nil)
        }
        return try boxes.map { start, length in
            let key = CheckpointSliceKey.encode(name: name, start: start, length: length)
            guard let record = stored[key] else { throw corrupt("the slice of '\(name)' at \(start) is missing", nil) }
            let dims = record.shape.dim.map { Int(clamping: $0.size) }
            guard dims == length, record.dtype == entry.dtype.proto else {
                throw corrupt("the slice of '\(name)' at \(start) is stored with another shape or dtype", nil)
            }
            return (start, record)
        }
    }
}
