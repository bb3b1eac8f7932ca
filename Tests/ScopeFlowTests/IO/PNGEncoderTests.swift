import Testing

@testable import ScopeFlow

/// The DEFLATE/zlib encoder and the PNG writer of image summaries, read back with the project's
/// ``Inflater`` and checked against published checksums.
@Suite struct PNGEncoderTests {
    @Test func adler32MatchesItsPublishedValue() {
        #expect(Zlib.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)  // the example of the Adler-32 article
        #expect(Zlib.adler32([]) == 1)
        #expect(Zlib.adler32([UInt8](repeating: 255, count: 6000)) == 0xA497_59EA)  // Python zlib.adler32: the sums wrap modulo 65521
    }

    @Test(arguments: ["empty", "short", "runs", "random", "repeats beyond the window"])
    func deflateRoundTripsThroughInflate(_ kind: String) throws {
        var generator = SplitMix(seed: 26)
        let data: [UInt8] =
            switch kind {
            case "empty": []
            case "short": [7, 7]
            case "runs": [UInt8](repeating: 3, count: 1000) + (0..<600).map { UInt8($0 % 7) }
            case "random": (0..<5000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            default:
                { block in block + (0..<40000).map { _ in UInt8(truncatingIfNeeded: generator.next() % 3) } + block }(
                    (0..<300).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
            }
        let stream = Zlib.compress(data)
        #expect(try PNGTestDecoder.inflateZlib(stream, expectedSize: data.count) == data)
        if kind == "runs" { #expect(stream.count < 100) }  // back references, not literals
    }

    @Test func pngHasTheStandardLayout() throws {
        let pixels: [UInt8] = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]
        let file = PNGEncoder.encode(pixels[...], width: 2, height: 2, channels: 3)
        // IHDR: 13 bytes, width 2, height 2, depth 8, colour type 2 (RGB), CRC-32 of type and data.
        #expect(
            Array(file[8..<33]) == [
                0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0, 0xFD, 0xD4, 0x9A, 0x73,
            ])
        #expect(Array(file.suffix(12)) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
        let image = try PNGTestDecoder.decode(file)
        #expect(image == PNGTestDecoder.Image(width: 2, height: 2, bitDepth: 8, colorType: 2, pixels: pixels))
    }

    /// A small deterministic generator (SplitMix64) for test data.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
