/// The length and distance tables of DEFLATE (RFC 1951 §3.2.5), shared by ``Inflater`` and ``Deflate``:
/// the smallest length (distance) of each code and the number of extra bits that follow it.
enum DeflateTables {
    static let lengthBase = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    static let lengthExtra = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    static let distanceBase = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ]
    static let distanceExtra = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]
}

/// A DEFLATE (RFC 1951) encoder: one final block with the fixed Huffman codes (§3.2.6), so no
/// code tables travel with the data, and back references found greedily through chains of
/// earlier positions that start with the same three bytes. Small and exact rather than
/// tight: the PNG images of summaries are a few kilobytes.
enum Deflate {
    /// The largest distance a back reference may reach (the 32 KiB window).
    private static let window = 32768
    /// How many earlier positions with the same three-byte hash a match search looks at.
    private static let chainDepth = 32

    /// `data` as a raw DEFLATE stream.
    static func compress(_ data: [UInt8]) -> [UInt8] {
        var writer = LSBBitWriter()
        writer.write(1, bits: 1)  // BFINAL: the only block
        writer.write(1, bits: 2)  // BTYPE 01: fixed Huffman codes
        var latest = [Int](repeating: -1, count: 1 << 15)  // hash → the latest position with it
        var earlier = [Int](repeating: -1, count: window)  // position % window → the one before it
        func insert(_ position: Int) {
            guard position + 3 <= data.count else { return }
            let hash = hashOfThree(data, at: position)
            earlier[position % window] = latest[hash]
            latest[hash] = position
        }
        var position = 0
        while position < data.count {
            let (length, distance) = longestMatch(data, at: position, latest: latest, earlier: earlier)
            if length >= 3 {
                writeLength(length, distance: distance, to: &writer)
                for covered in position..<position + length { insert(covered) }
                position += length
            } else {
                writeSymbol(Int(data[position]), to: &writer)
                insert(position)
                position += 1
            }
        }
        writeSymbol(256, to: &writer)  // end of block
        return writer.finish()
    }

    private static func hashOfThree(_ data: [UInt8], at position: Int) -> Int {
        let word = Int(data[position]) << 16 | Int(data[position + 1]) << 8 | Int(data[position + 2])
        return (word &* 2_654_435_761) >> 17 & 0x7FFF
    }

    /// The longest earlier copy of the bytes at `position` (length 0 when none has three bytes).
    private static func longestMatch(_ data: [UInt8], at position: Int, latest: [Int], earlier: [Int])
        -> (length: Int, distance: Int)
    {
        guard position + 3 <= data.count else { return (0, 0) }
        let maximum = min(258, data.count - position)
        var best = (length: 0, distance: 0)
        var candidate = latest[hashOfThree(data, at: position)]
        var depth = 0
        while candidate >= 0, position - candidate <= window, depth < chainDepth {
            var length = 0
            while length < maximum, data[candidate + length] == data[position + length] { length += 1 }
            if length > best.length {
                best = (length, position - candidate)
                if length == maximum { break }
            }
            let next = earlier[candidate % window]
            guard next < candidate else { break }
            candidate = next
            depth += 1
        }
        return best
    }

    /// A length symbol (257…285) and a distance code, each with its extra bits.
    private static func writeLength(_ length: Int, distance: Int, to writer: inout LSBBitWriter) {
        let lengthCode = DeflateTables.lengthBase.lastIndex { $0 <= length }!
        writeSymbol(257 + lengthCode, to: &writer)
        writer.write(length - DeflateTables.lengthBase[lengthCode], bits: DeflateTables.lengthExtra[lengthCode])
        let distanceCode = DeflateTables.distanceBase.lastIndex { $0 <= distance }!
        writer.writeHuffman(distanceCode, bits: 5)
        writer.write(
            distance - DeflateTables.distanceBase[distanceCode], bits: DeflateTables.distanceExtra[distanceCode])
    }

    /// A literal/length symbol in the fixed code: 0–143 in 8 bits from 0x30, 144–255 in 9 bits
    /// from 0x190, 256–279 in 7 bits from 0, 280–287 in 8 bits from 0xC0.
    private static func writeSymbol(_ symbol: Int, to writer: inout LSBBitWriter) {
        switch symbol {
        case 0...143: writer.writeHuffman(0x30 + symbol, bits: 8)
        case 144...255: writer.writeHuffman(0x190 + symbol - 144, bits: 9)
        case 256...279: writer.writeHuffman(symbol - 256, bits: 7)
        default: writer.writeHuffman(0xC0 + symbol - 280, bits: 8)
        }
    }
}

/// Bits packed from the least significant bit of each byte on, as DEFLATE stores them.
private struct LSBBitWriter {
    private var bytes: [UInt8] = []
    private var buffer: UInt32 = 0
    private var count = 0

    /// The low `bits` bits of `value`, least significant first (header fields, extra bits).
    mutating func write(_ value: Int, bits: Int) {
        buffer |= UInt32(value & ((1 << bits) - 1)) << UInt32(count)
        count += bits
        while count >= 8 {
            bytes.append(UInt8(buffer & 0xFF))
            buffer >>= 8
            count -= 8
        }
    }

    /// A Huffman code of `bits` bits, most significant first (RFC 1951 §3.1.1).
    mutating func writeHuffman(_ code: Int, bits: Int) {
        var reversed = 0
        for bit in 0..<bits where code & (1 << bit) != 0 { reversed |= 1 << (bits - 1 - bit) }
        write(reversed, bits: bits)
    }

    /// The bytes, the last one padded with zero bits.
    mutating func finish() -> [UInt8] {
        if count > 0 { bytes.append(UInt8(buffer & 0xFF)) }
        buffer = 0
        count = 0
        return bytes
    }
}

/// The zlib format (RFC 1950) around a DEFLATE stream, as PNG's image data: a two-byte header
/// (DEFLATE with a 32 KiB window, check bits), the compressed data, then the Adler-32 of the data.
enum Zlib {
    static func compress(_ data: [UInt8]) -> [UInt8] {
        let checksum = adler32(data)
        return [0x78, 0x01] + Deflate.compress(data)
            + (0..<4).map { UInt8(truncatingIfNeeded: checksum >> (24 - 8 * $0)) }
    }

    /// The Adler-32 checksum: two sums modulo 65521, of the bytes and of the running first sum.
    static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return b << 16 | a
    }
}
