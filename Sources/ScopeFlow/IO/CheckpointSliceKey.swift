/// The `.index` key of one slice of a partitioned tensor in a V2 checkpoint (TF's
/// `checkpoint::EncodeTensorNameSlice`): TF's "ordered code" of 0, the tensor's name, the rank,
/// then the start and length of each axis. The leading 0 byte sorts slice keys straight after
/// the header, before every tensor name.
enum CheckpointSliceKey {
    static func encode(name: String, start: [Int], length: [Int]) -> [UInt8] {
        var key: [UInt8] = []
        appendNumIncreasing(0, to: &key)
        appendString(name, to: &key)
        appendNumIncreasing(UInt64(start.count), to: &key)
        for (first, count) in zip(start, length) {
            appendSignedNumIncreasing(Int64(first), to: &key)
            appendSignedNumIncreasing(Int64(count), to: &key)
        }
        return key
    }

    /// A length byte, then the value's big-endian bytes without leading zeros.
    private static func appendNumIncreasing(_ value: UInt64, to key: inout [UInt8]) {
        var bytes: [UInt8] = []
        var rest = value
        while rest > 0 {
            bytes.insert(UInt8(truncatingIfNeeded: rest), at: 0)
            rest >>= 8
        }
        key.append(UInt8(bytes.count))
        key += bytes
    }

    /// The bytes with 0x00 escaped as 00 FF and 0xFF as FF 00, ended by 00 01.
    private static func appendString(_ text: String, to key: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case 0x00: key += [0x00, 0xFF]
            case 0xFF: key += [0xFF, 0x00]
            default: key.append(byte)
            }
        }
        key += [0x00, 0x01]
    }

    /// TF's `WriteSignedNumIncreasing`: the sign-extended big-endian value in the fewest bytes
    /// that leave room for a unary length header in the leading bits (one 1 bit per byte, ones
    /// for a positive value, zeros for a negative one).
    private static func appendSignedNumIncreasing(_ value: Int64, to key: inout [UInt8]) {
        let magnitude = UInt64(bitPattern: value < 0 ? ~value : value)
        let bits = magnitude == 0 ? 0 : 64 - magnitude.leadingZeroBitCount
        let length = min(10, bits / 7 + 1)
        let sign: UInt8 = value < 0 ? 0xFF : 0x00
        var bytes = [sign, sign] + withUnsafeBytes(of: value.bigEndian, Array.init)
        bytes = Array(bytes.suffix(length))
        // The header: `length` one bits (for 9 and 10 bytes they run into the second byte).
        let header: (UInt8, UInt8) =
            switch length {
            case 9: (0xFF, 0x80)
            case 10: (0xFF, 0xC0)
            default: (UInt8(truncatingIfNeeded: 0xFF00 >> length), 0)
            }
        bytes[0] ^= header.0
        if length > 1 { bytes[1] ^= header.1 }
        key += bytes
    }
}
