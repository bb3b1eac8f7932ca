/// A table-driven CRC-32 of a reflected polynomial (initial value and final XOR all ones).
struct ReflectedCRC32: Sendable {
    private let table: [UInt32]

    init(polynomial: UInt32) {
        table = (0..<256).map { byte in
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ polynomial : crc >> 1 }
            return crc
        }
    }

    /// The CRC of `bytes` (0 for the empty input).
    func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 { extend(0, bytes) }

    /// Continues `crc` over more bytes: the result is the CRC of the concatenation.
    func extend(_ crc: UInt32, _ bytes: some Sequence<UInt8>) -> UInt32 {
        var value = ~crc
        for byte in bytes { value = table[Int((value ^ UInt32(byte)) & 0xFF)] ^ (value >> 8) }
        return ~value
    }
}

/// CRC-32 (IEEE 802.3, polynomial 0xEDB88320 reflected), the checksum of zip archives (`.npz`).
enum CRC32 {
    private static let crc = ReflectedCRC32(polynomial: 0xEDB8_8320)

    /// The CRC of `bytes`.
    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 { crc.checksum(bytes) }
}

/// CRC-32C (Castagnoli), the checksum of TFRecord files and checkpoint bundles,
/// and TensorFlow's masking of stored checksums.
enum CRC32C {
    private static let crc = ReflectedCRC32(polynomial: 0x82F6_3B78)

    /// The CRC of `bytes` (CRC-32C of the empty input is 0).
    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 { crc.checksum(bytes) }

    /// Continues `crc` over more bytes: the result is the CRC of the concatenation.
    static func extend(_ crc: UInt32, _ bytes: some Sequence<UInt8>) -> UInt32 { Self.crc.extend(crc, bytes) }

    /// The stored ("masked") form of a CRC.
    static func mask(_ crc: UInt32) -> UInt32 { ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8 }

    /// The CRC a masked value stands for.
    static func unmask(_ masked: UInt32) -> UInt32 {
        let rotated = masked &- 0xA282_EAD8
        return (rotated >> 17) | (rotated << 15)
    }
}
