/// The LevelDB-style sorted table of a checkpoint's `.index` file, written
/// block for block as TensorFlow's table builder does (so our bytes equal TF's)
/// and read strictly (every block checksum, key order and length is checked).
enum SSTable {
    static let magic: UInt64 = 0xDB47_7524_8B80_FB57
    static let footerSize = 48
    static let targetBlockSize = 262_144
    static let dataRestartInterval = 16

    /// The table holding `entries`, whose keys must be strictly increasing bytewise.
    static func encode(_ entries: [(key: [UInt8], value: [UInt8])]) -> [UInt8] {
        var file = ByteWriter()
        var block = BlockBuilder(restartInterval: dataRestartInterval)
        var index = BlockBuilder(restartInterval: 1)
        var pendingHandle: (offset: Int, size: Int)?
        var lastKey: [UInt8] = []

        func flush() {
            guard !block.isEmpty else { return }
            pendingHandle = writeBlock(block.finish(), to: &file)
            block = BlockBuilder(restartInterval: dataRestartInterval)
        }
        func addIndexEntry(key: [UInt8]) {
            guard let handle = pendingHandle else { return }
            var value = ByteWriter()
            value.appendVarint(UInt64(handle.offset))
            value.appendVarint(UInt64(handle.size))
            index.add(key: key, value: value.bytes)
            pendingHandle = nil
        }
        for (key, value) in entries {
            if key.count + value.count >= 2 * targetBlockSize { flush() }
            if pendingHandle != nil { addIndexEntry(key: shortestSeparator(lastKey, key)) }
            block.add(key: key, value: value)
            lastKey = key
            if block.estimatedSize >= targetBlockSize { flush() }
        }
        flush()
        addIndexEntry(key: shortSuccessor(lastKey))
        let meta = writeBlock(BlockBuilder(restartInterval: 1).finish(), to: &file)
        let indexHandle = writeBlock(index.finish(), to: &file)
        var footer = ByteWriter()
        for number in [meta.offset, meta.size, indexHandle.offset, indexHandle.size] {
            footer.appendVarint(UInt64(number))
        }
        footer.append(repeatElement(0, count: 40 - footer.bytes.count))
        footer.appendLittleEndian(magic)
        file.append(footer.bytes)
        return file.bytes
    }

    private static func writeBlock(_ contents: [UInt8], to file: inout ByteWriter) -> (offset: Int, size: Int) {
        let offset = file.bytes.count
        file.append(contents)
        file.appendByte(0)
        file.appendLittleEndian(CRC32C.mask(CRC32C.extend(CRC32C.checksum(contents), [0])))
        return (offset, contents.count)
    }

    /// LevelDB's `FindShortestSeparator`: a short key in `[a, b)`.
    static func shortestSeparator(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        let common = zip(a, b).prefix { $0 == $1 }.count
        guard common < min(a.count, b.count) else { return a }
        let byte = a[common]
        guard byte < 0xFF, byte + 1 < b[common] else { return a }
        return Array(a[..<common]) + [byte + 1]
    }

    /// LevelDB's `FindShortSuccessor`: a short key ≥ `a`.
    static func shortSuccessor(_ a: [UInt8]) -> [UInt8] {
        guard let i = a.firstIndex(where: { $0 != 0xFF }) else { return a }
        return Array(a[..<i]) + [a[i] + 1]
    }

    /// Every entry of the table in `bytes`, in file order.
    /// - Throws: ``ScopeFlowError/Code/dataLoss`` naming `file` for any corruption.
    static func decode(_ bytes: [UInt8], file: String) throws -> [(key: [UInt8], value: ArraySlice<UInt8>)] {
        guard bytes.count >= footerSize else {
            throw ScopeFlowError(
                .dataLoss, "\(file) is corrupt: it has \(bytes.count) bytes, fewer than the 48-byte table footer "
                    + "(truncated file?).", names: [file])
        }
        var footer = ByteReader(bytes[(bytes.count - footerSize)...], file: file, context: "table footer")
        _ = try footer.readVarint()
        _ = try footer.readVarint()
        let indexOffset = try footer.readLength(limit: bytes.count)
        let indexSize = try footer.readLength(limit: bytes.count)
        var magicReader = ByteReader(bytes[(bytes.count - 8)...], file: file, context: "table footer")
        guard try magicReader.readLittleEndian(UInt64.self) == magic else {
            throw footer.corrupt("the magic number is wrong (not a checkpoint .index file?)")
        }
        let index = try blockEntries(bytes, offset: indexOffset, size: indexSize, file: file, context: "index block")
        var result: [(key: [UInt8], value: ArraySlice<UInt8>)] = []
        var blocksEnd = 0
        for (number, entry) in index.enumerated() {
            var handle = ByteReader(entry.value, file: file, context: "index block")
            let offset = try handle.readLength(limit: bytes.count)
            let size = try handle.readLength(limit: bytes.count)
            // Data blocks follow each other in file order, so every byte is read at most once.
            guard offset >= blocksEnd else {
                throw handle.corrupt("data block \(number) at offset \(offset) overlaps the block before it (ending at \(blocksEnd))")
            }
            blocksEnd = offset + size + 5
            let context = "data block \(number)"
            for item in try blockEntries(bytes, offset: offset, size: size, file: file, context: context) {
                if let last = result.last?.key, !last.lexicographicallyPrecedes(item.key) {
                    throw handle.corrupt(
                        "key '\(String(decoding: item.key, as: UTF8.self))' is not after '\(String(decoding: last, as: UTF8.self))' "
                            + "(keys must be sorted bytewise)")
                }
                result.append(item)
            }
        }
        return result
    }

    /// The entries of the block at `offset` (`size` bytes plus the 5-byte trailer), checksum verified.
    private static func blockEntries(
        _ bytes: [UInt8], offset: Int, size: Int, file: String, context: String
    ) throws -> [(key: [UInt8], value: ArraySlice<UInt8>)] {
        var reader = ByteReader(bytes[...], file: file, context: context)
        guard offset <= bytes.count - footerSize, size + 5 <= bytes.count - footerSize - offset else {
            throw reader.corrupt("the block at offset \(offset) with size \(size) runs past the end of the table")
        }
        let contents = bytes[offset..<offset + size]
        var trailer = ByteReader(bytes[(offset + size)..<(offset + size + 5)], file: file, context: context)
        let type = try trailer.readBytes(1).first!
        let stored = try trailer.readLittleEndian(UInt32.self)
        guard CRC32C.mask(CRC32C.extend(CRC32C.checksum(contents), [type])) == stored else {
            throw reader.corrupt("block checksum mismatch")
        }
        guard type == 0 else {
            throw ScopeFlowError(
                .unimplemented, "\(file) has a compressed (type \(type)) \(context); ScopeFlow reads only "
                    + "uncompressed tables, as TensorFlow writes them.", names: [file])
        }
        reader = ByteReader(contents, file: file, context: context)
        guard size >= 4 else { throw reader.corrupt("the block is shorter than its restart count") }
        var countReader = ByteReader(contents.suffix(4), file: file, context: context)
        let restarts = Int(try countReader.readLittleEndian(UInt32.self))
        guard restarts <= (size - 4) / 4 else { throw reader.corrupt("\(restarts) restart points do not fit the block") }
        reader = ByteReader(contents.prefix(size - 4 - 4 * restarts), file: file, context: context)
        var entries: [(key: [UInt8], value: ArraySlice<UInt8>)] = []
        var key: [UInt8] = []
        while !reader.isAtEnd {
            let shared = try reader.readLength(limit: key.count, maxBytes: 5)
            let unshared = try reader.readLength(limit: reader.remaining, maxBytes: 5)
            let valueLength = try reader.readLength(limit: reader.remaining, maxBytes: 5)
            key = Array(key[..<shared]) + (try reader.readBytes(unshared))
            entries.append((key, try reader.readBytes(valueLength)))
        }
        return entries
    }
}

/// Builds one table block: prefix-compressed entries, restart offsets and their count.
private struct BlockBuilder {
    let restartInterval: Int
    private var buffer = ByteWriter()
    private var restarts: [UInt32] = [0]
    private var counter = 0
    private var lastKey: [UInt8] = []

    init(restartInterval: Int) { self.restartInterval = restartInterval }

    var isEmpty: Bool { buffer.bytes.isEmpty }
    /// The finished size so far, as LevelDB estimates it.
    var estimatedSize: Int { buffer.bytes.count + 4 * restarts.count + 4 }

    mutating func add(key: [UInt8], value: [UInt8]) {
        var shared = 0
        if counter < restartInterval {
            shared = zip(lastKey, key).prefix { $0 == $1 }.count
        } else {
            restarts.append(UInt32(buffer.bytes.count))
            counter = 0
        }
        buffer.appendVarint(UInt64(shared))
        buffer.appendVarint(UInt64(key.count - shared))
        buffer.appendVarint(UInt64(value.count))
        buffer.append(key[shared...])
        buffer.append(value)
        lastKey = key
        counter += 1
    }

    func finish() -> [UInt8] {
        var out = buffer
        for restart in restarts { out.appendLittleEndian(restart) }
        out.appendLittleEndian(UInt32(restarts.count))
        return out.bytes
    }
}
