/// A PNG encoder (ISO/IEC 15948) for 8-bit images: the signature, an `IHDR` chunk, one `IDAT`
/// chunk holding the rows (each with filter type 0, None) as a zlib stream, and `IEND`; every
/// chunk closed by the CRC-32 of its type and data.
enum PNGEncoder {
    private static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The PNG file of `pixels`, row-major `height × width × channels` bytes; `channels` 1
    /// (grey), 2 (grey and alpha), 3 (RGB) or 4 (RGBA). The caller checks the sizes.
    static func encode(_ pixels: ArraySlice<UInt8>, width: Int, height: Int, channels: Int) -> [UInt8] {
        precondition(
            (1...4).contains(channels) && width > 0 && height > 0 && pixels.count == width * height * channels,
            "PNGEncoder.encode needs width × height × channels bytes")
        let colorType: UInt8 = [0, 4, 2, 6][channels - 1]
        let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, colorType, 0, 0, 0]
        let rowBytes = width * channels
        var rows: [UInt8] = []
        rows.reserveCapacity(height * (rowBytes + 1))
        for row in 0..<height {
            rows.append(0)  // filter type None
            let start = pixels.startIndex + row * rowBytes
            rows += pixels[start..<start + rowBytes]
        }
        return signature + chunk("IHDR", header) + chunk("IDAT", Zlib.compress(rows)) + chunk("IEND", [])
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typed + bigEndian(CRC32.checksum(typed))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) }
    }
}
