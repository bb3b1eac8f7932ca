@testable import ScopeFlow

/// Reads back the PNG files ScopeFlow writes, with the project's own ``Inflater``: checks the
/// signature, every chunk's CRC-32, the zlib header and Adler-32, and undoes filter type 0
/// (the only one the encoder writes; another is reported, not guessed).
enum PNGTestDecoder {
    struct Image: Equatable {
        var width = 0, height = 0, bitDepth = 0, colorType = 0
        var pixels: [UInt8] = []
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func decode(_ file: [UInt8]) throws -> Image {
        guard file.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw Failure(description: "no PNG signature")
        }
        var image = Image()
        var data: [UInt8] = []
        var position = 8
        var sawEnd = false
        while position < file.count {
            guard position + 12 <= file.count else { throw Failure(description: "a chunk is cut off") }
            let length = Int(bigEndian(file, position))
            let type = String(decoding: file[position + 4..<position + 8], as: UTF8.self)
            guard position + 12 + length <= file.count else { throw Failure(description: "chunk \(type) is cut off") }
            let body = Array(file[position + 8..<position + 8 + length])
            let crc = bigEndian(file, position + 8 + length)
            guard crc == CRC32.checksum(file[position + 4..<position + 8 + length]) else {
                throw Failure(description: "chunk \(type) has a wrong CRC")
            }
            switch type {
            case "IHDR":
                image.width = Int(bigEndian(body, 0))
                image.height = Int(bigEndian(body, 4))
                image.bitDepth = Int(body[8])
                image.colorType = Int(body[9])
                guard body[10] == 0, body[11] == 0, body[12] == 0 else {
                    throw Failure(description: "unexpected compression, filter or interlace method")
                }
            case "IDAT": data += body
            case "IEND": sawEnd = true
            default: break
            }
            position += 12 + length
        }
        guard sawEnd else { throw Failure(description: "no IEND chunk") }
        let channels = [0: 1, 4: 2, 2: 3, 6: 4][image.colorType] ?? 0
        let rowBytes = image.width * channels
        let raw = try inflateZlib(data, expectedSize: image.height * (rowBytes + 1))
        for row in 0..<image.height {
            let start = row * (rowBytes + 1)
            guard raw[start] == 0 else { throw Failure(description: "row \(row) uses filter type \(raw[start])") }
            image.pixels += raw[start + 1..<start + 1 + rowBytes]
        }
        return image
    }

    /// The data of a zlib stream, its header and Adler-32 checked.
    static func inflateZlib(_ stream: [UInt8], expectedSize: Int) throws -> [UInt8] {
        guard stream.count >= 6, stream[0] & 0x0F == 8, (Int(stream[0]) << 8 | Int(stream[1])) % 31 == 0,
            stream[1] & 0x20 == 0
        else { throw Failure(description: "bad zlib header") }
        let data = try Inflater.inflate(
            stream[2..<stream.count - 4], expectedSize: expectedSize, fail: { ScopeFlowError(.dataLoss, $0) })
        guard bigEndian(stream, stream.count - 4) == Zlib.adler32(data) else {
            throw Failure(description: "wrong Adler-32")
        }
        return data
    }

    private static func bigEndian(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 << 8 | UInt32(bytes[offset + $1]) }
    }
}
