/// The zip archives that hold `.npz` files: reading their members (stored or deflated, zip64
/// included, as `numpy.savez` and `numpy.savez_compressed` write them) and writing stored ones.
enum ZipArchive {
    /// One member: its name and its bytes, checked against the archive's CRC-32.
    struct Member {
        let name: String
        let bytes: [UInt8]
    }

    private static let endSignature: UInt32 = 0x0605_4B50
    private static let zip64EndSignature: UInt32 = 0x0606_4B50
    private static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    private static let centralSignature: UInt32 = 0x0201_4B50
    private static let localSignature: UInt32 = 0x0403_4B50

    /// Every member of the archive `bytes`, in central-directory order.
    /// - Throws: ``ScopeFlowError/Code/dataLoss`` naming `file` and what is wrong,
    ///   ``ScopeFlowError/Code/unimplemented`` for an encrypted member or a compression other than
    ///   stored and deflate.
    static func members(of bytes: [UInt8], file: String) throws -> [Member] {
        func fail(_ what: String) -> ScopeFlowError {
            ScopeFlowError(
                .dataLoss, "\(file) is not a valid .npz (zip) archive: \(what). Write it again with numpy.savez.",
                names: [file])
        }
        let directory = try centralDirectory(bytes, file: file, fail: fail)
        var reader = ByteReader(bytes[directory.range], file: file, context: "zip central directory")
        // Each directory entry takes at least 46 bytes: the count cannot exceed what is there.
        guard directory.count <= directory.range.count / 46 else {
            throw fail("the directory claims \(directory.count) members but has room for \(directory.range.count / 46)")
        }
        var members: [Member] = []
        for _ in 0..<directory.count {
            guard try reader.readLittleEndian(UInt32.self) == centralSignature else {
                throw fail("a central directory entry has a wrong signature")
            }
            _ = try reader.readBytes(4)
            let flags = try reader.readLittleEndian(UInt16.self)
            let method = try reader.readLittleEndian(UInt16.self)
            _ = try reader.readBytes(4)
            let crc = try reader.readLittleEndian(UInt32.self)
            var compressedSize = UInt64(try reader.readLittleEndian(UInt32.self))
            var size = UInt64(try reader.readLittleEndian(UInt32.self))
            let nameLength = Int(try reader.readLittleEndian(UInt16.self))
            let extraLength = Int(try reader.readLittleEndian(UInt16.self))
            let commentLength = Int(try reader.readLittleEndian(UInt16.self))
            _ = try reader.readBytes(8)
            var offset = UInt64(try reader.readLittleEndian(UInt32.self))
            let name = String(decoding: try reader.readBytes(nameLength), as: UTF8.self)
            var extra = ByteReader(try reader.readBytes(extraLength), file: file, context: "zip extra field")
            _ = try reader.readBytes(commentLength)
            while extra.remaining >= 4 {
                let id = try extra.readLittleEndian(UInt16.self)
                var field = ByteReader(
                    try extra.readBytes(Int(try extra.readLittleEndian(UInt16.self))), file: file,
                    context: "zip64 extra field")
                guard id == 1 else { continue }
                if size == 0xFFFF_FFFF { size = try field.readLittleEndian(UInt64.self) }
                if compressedSize == 0xFFFF_FFFF { compressedSize = try field.readLittleEndian(UInt64.self) }
                if offset == 0xFFFF_FFFF { offset = try field.readLittleEndian(UInt64.self) }
            }
            guard flags & 1 == 0 else {
                throw ScopeFlowError(
                    .unimplemented, "\(file): member '\(name)' is encrypted; ScopeFlow reads plain archives only.",
                    names: [file])
            }
            let data = try memberData(
                bytes, offset: offset, compressedSize: compressedSize, name: name, file: file, fail: fail)
            let contents: [UInt8]
            switch method {
            case 0:
                guard UInt64(data.count) == size else { throw fail("stored member '\(name)' has a size mismatch") }
                contents = Array(data)
            case 8:
                guard size <= UInt64(Int.max) else { throw fail("member '\(name)' declares an impossible size") }
                contents = try Inflater.inflate(data, expectedSize: Int(size)) { fail("member '\(name)': \($0)") }
            default:
                throw ScopeFlowError(
                    .unimplemented,
                    "\(file): member '\(name)' uses zip compression method \(method); ScopeFlow reads stored and "
                        + "deflated members (numpy.savez and numpy.savez_compressed).",
                    names: [file])
            }
            guard CRC32.checksum(contents) == crc else { throw fail("member '\(name)' fails its CRC-32 check") }
            members.append(Member(name: name, bytes: contents))
        }
        return members
    }

    /// The central directory's byte range and member count, from the end records.
    private static func centralDirectory(_ bytes: [UInt8], file: String, fail: (String) -> ScopeFlowError) throws
        -> (range: Range<Int>, count: Int)
    {
        // The end record is 22 bytes plus a comment of at most 65535.
        guard bytes.count >= 22 else { throw fail("it is shorter than a zip end record") }
        let lowest = max(0, bytes.count - 22 - 65535)
        guard
            let end = stride(from: bytes.count - 22, through: lowest, by: -1).first(where: {
                bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == 5 && bytes[$0 + 3] == 6
            })
        else { throw fail("it has no zip end record") }
        var record = ByteReader(bytes[end...], file: file, context: "zip end record")
        _ = try record.readBytes(10)
        var count = UInt64(try record.readLittleEndian(UInt16.self))
        var size = UInt64(try record.readLittleEndian(UInt32.self))
        var offset = UInt64(try record.readLittleEndian(UInt32.self))
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF, end >= 20 {
            var locator = ByteReader(bytes[(end - 20)..<end], file: file, context: "zip64 locator")
            if try locator.readLittleEndian(UInt32.self) == zip64LocatorSignature {
                _ = try locator.readBytes(4)
                let recordOffset = try locator.readLittleEndian(UInt64.self)
                guard recordOffset <= UInt64(bytes.count - 56) else { throw fail("the zip64 end record is missing") }
                var zip64 = ByteReader(bytes[Int(recordOffset)...], file: file, context: "zip64 end record")
                guard try zip64.readLittleEndian(UInt32.self) == zip64EndSignature else {
                    throw fail("the zip64 end record has a wrong signature")
                }
                _ = try zip64.readBytes(28)
                count = try zip64.readLittleEndian(UInt64.self)
                size = try zip64.readLittleEndian(UInt64.self)
                offset = try zip64.readLittleEndian(UInt64.self)
            }
        }
        guard offset <= UInt64(bytes.count), size <= UInt64(bytes.count) - offset, count <= UInt64(Int.max) else {
            throw fail("the central directory lies outside the file")
        }
        return (Int(offset)..<Int(offset + size), Int(count))
    }

    /// The stored bytes of the member whose local header is at `offset`.
    private static func memberData(
        _ bytes: [UInt8], offset: UInt64, compressedSize: UInt64, name: String, file: String,
        fail: (String) -> ScopeFlowError
    ) throws -> ArraySlice<UInt8> {
        guard offset <= UInt64(bytes.count) else { throw fail("member '\(name)' starts past the end of the file") }
        var header = ByteReader(bytes[Int(offset)...], file: file, context: "zip local header")
        guard try header.readLittleEndian(UInt32.self) == localSignature else {
            throw fail("member '\(name)' has no local header where the directory says")
        }
        _ = try header.readBytes(22)
        let nameLength = Int(try header.readLittleEndian(UInt16.self))
        let extraLength = Int(try header.readLittleEndian(UInt16.self))
        _ = try header.readBytes(nameLength + extraLength)
        guard compressedSize <= UInt64(header.remaining) else {
            throw fail("member '\(name)' runs past the end of the file (the archive is truncated)")
        }
        return try header.readBytes(Int(compressedSize))
    }

    /// A zip archive of stored (uncompressed) members, as `numpy.savez` writes them.
    /// - Throws: ``ScopeFlowError/Code/resourceExhausted`` when a member or the archive exceeds the
    ///   4 GiB of a zip without zip64 records.
    static func archive(_ members: [Member]) throws -> [UInt8] {
        var writer = ByteWriter()
        var directory = ByteWriter()
        for member in members {
            let name = Array(member.name.utf8)
            guard member.bytes.count < 0xFFFF_FFFF, writer.bytes.count < 0xFFFF_FFFF, name.count <= 0xFFFF else {
                throw ScopeFlowError(
                    .resourceExhausted,
                    "Member '\(member.name)' does not fit a zip archive without zip64 (4 GiB); save fewer or smaller "
                        + "arrays per archive.")
            }
            let crc = CRC32.checksum(member.bytes)
            let offset = UInt32(writer.bytes.count)
            // Version 2.0, no flags, stored, the DOS date of 1980-01-01.
            func common(_ out: inout ByteWriter) {
                out.appendLittleEndian(UInt16(20))
                out.appendLittleEndian(UInt16(0))
                out.appendLittleEndian(UInt16(0))
                out.appendLittleEndian(UInt16(0))
                out.appendLittleEndian(UInt16(0x21))
                out.appendLittleEndian(crc)
                out.appendLittleEndian(UInt32(member.bytes.count))
                out.appendLittleEndian(UInt32(member.bytes.count))
                out.appendLittleEndian(UInt16(name.count))
                out.appendLittleEndian(UInt16(0))
            }
            writer.appendLittleEndian(localSignature)
            common(&writer)
            writer.append(name)
            writer.append(member.bytes)
            directory.appendLittleEndian(centralSignature)
            directory.appendLittleEndian(UInt16(20))
            common(&directory)
            directory.append([0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
            directory.appendLittleEndian(offset)
            directory.append(name)
        }
        guard members.count < 0xFFFF, writer.bytes.count < 0xFFFF_FFFF else {
            throw ScopeFlowError(
                .resourceExhausted, "The archive exceeds the 65535 members or 4 GiB of a zip without zip64.")
        }
        let directoryOffset = UInt32(writer.bytes.count)
        writer.append(directory.bytes)
        writer.appendLittleEndian(endSignature)
        writer.append([0, 0, 0, 0])
        writer.appendLittleEndian(UInt16(members.count))
        writer.appendLittleEndian(UInt16(members.count))
        writer.appendLittleEndian(UInt32(directory.bytes.count))
        writer.appendLittleEndian(directoryOffset)
        writer.appendLittleEndian(UInt16(0))
        return writer.bytes
    }
}
