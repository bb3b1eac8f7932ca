/// Tensor element bytes as checkpoints and `tensor_content` store them:
/// little-endian, row-major; strings in the bundle's length-prefixed layout.
enum TensorCoding {
    /// The size of one element of `dtype` in bytes (nil for strings).
    static func elementSize(_ dtype: DType) -> Int? { dtype.byteSize }

    /// The bytes `count` elements of `dtype` take in memory (a `String` value each for strings),
    /// or nil when the product overflows. Every reader sizes what a file declares with this.
    static func byteCount(_ count: Int, _ dtype: DType) -> Int? {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: elementSize(dtype) ?? MemoryLayout<String>.stride)
        return overflow ? nil : bytes
    }

    /// The little-endian element bytes of numeric or bool storage.
    static func encodeFixedWidth(_ storage: HostTensor.Storage) -> [UInt8] {
        var out = ByteWriter()
        switch storage {
        case .float16(let v): v.forEach { out.appendLittleEndian($0.bitPattern) }
        case .float32(let v): v.forEach { out.appendLittleEndian($0.bitPattern) }
        case .float64(let v): v.forEach { out.appendLittleEndian($0.bitPattern) }
        case .int32(let v): v.forEach { out.appendLittleEndian($0) }
        case .int64(let v): v.forEach { out.appendLittleEndian($0) }
        case .bool(let v): v.forEach { out.appendByte($0 ? 1 : 0) }
        case .string: break
        }
        return out.bytes
    }

    /// `count` numeric or bool elements of `dtype`; the reader must hold exactly their bytes.
    static func decodeFixedWidth(_ reader: ByteReader, dtype: DType, count: Int) throws -> HostTensor.Storage {
        var reader = reader
        guard let size = elementSize(dtype), count.multipliedReportingOverflow(by: size) == (reader.remaining, false)
        else {
            throw reader.corrupt("\(reader.remaining) bytes do not hold \(count) \(dtype) elements")
        }
        func read<T>(_ next: (inout ByteReader) throws -> T) throws -> [T] {
            try (0..<count).map { _ in try next(&reader) }
        }
        switch dtype {
        case .float16: return .float16(try read { Float16(bitPattern: try $0.readLittleEndian()) })
        case .float32: return .float32(try read { Float(bitPattern: try $0.readLittleEndian()) })
        case .float64: return .float64(try read { Double(bitPattern: try $0.readLittleEndian()) })
        case .int32: return .int32(try read { try $0.readLittleEndian() })
        case .int64: return .int64(try read { try $0.readLittleEndian() })
        case .bool: return .bool(try read { try $0.readBytes(1).first! != 0 })
        case .string: throw reader.corrupt("strings are not fixed-width")
        case .resource: throw reader.corrupt("resource handles have no stored value")
        }
    }

    /// A bundle string tensor: varint lengths, the masked CRC of the lengths as
    /// uint32s, the bytes. Returns the payload and the masked CRC of the whole entry.
    static func encodeStrings(_ strings: [String]) -> (bytes: [UInt8], maskedCRC: UInt32) {
        var out = ByteWriter()
        var crc: UInt32 = 0
        for string in strings {
            out.appendVarint(UInt64(string.utf8.count))
            crc = CRC32C.extend(crc, littleEndianBytes(UInt32(string.utf8.count)))
        }
        let lengthCRC = littleEndianBytes(CRC32C.mask(crc))
        out.append(lengthCRC)
        crc = CRC32C.extend(crc, lengthCRC)
        for string in strings {
            out.append(string.utf8)
            crc = CRC32C.extend(crc, string.utf8)
        }
        return (out.bytes, CRC32C.mask(crc))
    }

    /// `count` strings from a bundle payload, checking the length checksum and every length,
    /// with the masked CRC of the whole payload (to compare with the entry's).
    static func decodeStrings(_ reader: ByteReader, count: Int) throws -> (strings: [String], maskedCRC: UInt32) {
        var reader = reader
        guard count <= reader.remaining else {
            throw reader.corrupt("\(reader.remaining) bytes cannot hold \(count) strings")
        }
        var lengths: [Int] = []
        lengths.reserveCapacity(count)
        var crc: UInt32 = 0
        for _ in 0..<count {
            let length = try reader.readLength(limit: reader.remaining)
            lengths.append(length)
            crc = CRC32C.extend(crc, littleEndianBytes(UInt32(truncatingIfNeeded: length)))
        }
        let lengthCRC = try reader.readBytes(4)
        guard lengthCRC.elementsEqual(littleEndianBytes(CRC32C.mask(crc))) else {
            throw reader.corrupt("the string length checksum does not match")
        }
        crc = CRC32C.extend(crc, lengthCRC)
        let strings = try lengths.map { length in
            let bytes = try reader.readBytes(length)
            crc = CRC32C.extend(crc, bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        return (strings, CRC32C.mask(crc))
    }

    private static func littleEndianBytes(_ value: UInt32) -> [UInt8] {
        var out = ByteWriter()
        out.appendLittleEndian(value)
        return out.bytes
    }
}
