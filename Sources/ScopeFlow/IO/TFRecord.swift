/// TFRecord framing: `u64 length | masked crc(length) | payload | masked crc(payload)`, little-endian.
enum TFRecord {
    /// One framed record holding `payload`.
    static func frame(_ payload: [UInt8]) -> [UInt8] {
        var out = ByteWriter()
        out.appendLittleEndian(UInt64(payload.count))
        out.appendLittleEndian(CRC32C.mask(CRC32C.checksum(out.bytes)))
        out.append(payload)
        out.appendLittleEndian(CRC32C.mask(CRC32C.checksum(payload)))
        return out.bytes
    }

    /// The records of a file read up to the first damage.
    struct Records {
        /// The payloads before the damage, both checksums verified.
        var payloads: [ArraySlice<UInt8>] = []
        /// What stopped the reading before the end of the file (truncation, a checksum
        /// mismatch, a length past the end), naming the file and the record's offset; nil when
        /// every byte was read.
        var damage: ScopeFlowError?
    }

    /// The payloads of every record in `bytes` up to the first damaged one, as TensorFlow's
    /// record reader yields them: a length is trusted only after its checksum matches and only
    /// when the file holds that many bytes.
    static func records(_ bytes: [UInt8], file: String) -> Records {
        var reader = ByteReader(bytes[...], file: file, context: "record stream")
        var records = Records()
        while !reader.isAtEnd {
            let start = reader.position
            do {
                records.payloads.append(try nextPayload(&reader))
            } catch {
                records.damage = ScopeFlowError(
                    .dataLoss, "\(file) is corrupt: \(error) in the record at offset \(start) of \(bytes.count) bytes.",
                    names: [file], underlying: error)
                break
            }
        }
        return records
    }

    /// Why one record cannot be read.
    private struct Damage: Error, CustomStringConvertible {
        let description: String
    }

    private static func nextPayload(_ reader: inout ByteReader) throws -> ArraySlice<UInt8> {
        guard reader.remaining >= 12 else { throw Damage(description: "the file ends inside the record header (truncated)") }
        let lengthBytes = try reader.readBytes(8)
        guard try reader.readLittleEndian(UInt32.self) == CRC32C.mask(CRC32C.checksum(lengthBytes)) else {
            throw Damage(description: "the length checksum does not match (not a TFRecord file?)")
        }
        var lengthReader = ByteReader(lengthBytes, file: reader.file, context: "record header")
        let length = try lengthReader.readLittleEndian(UInt64.self)
        guard length <= UInt64(reader.remaining), reader.remaining - Int(length) >= 4 else {
            throw Damage(description: "the \(length)-byte payload runs past the end of the file (truncated)")
        }
        let payload = try reader.readBytes(Int(length))
        guard try reader.readLittleEndian(UInt32.self) == CRC32C.mask(CRC32C.checksum(payload)) else {
            throw Damage(description: "the data checksum does not match")
        }
        return payload
    }
}
