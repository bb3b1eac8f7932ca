/// A DEFLATE (RFC 1951) decoder, for the compressed members of `.npz` archives
/// (`numpy.savez_compressed`). Every length and distance is checked against the input and the
/// declared output size, so a corrupt stream is an error, never an overrun or a runaway allocation.
struct Inflater {
    private let input: ArraySlice<UInt8>
    private var position: Int
    private var bitBuffer: UInt32 = 0
    private var bitCount = 0
    private var output: [UInt8] = []
    private let limit: Int
    private let fail: (String) -> ScopeFlowError

    /// Decodes `input` into exactly `expectedSize` bytes.
    /// - Throws: `fail`'s error when the stream is corrupt or does not decode to `expectedSize` bytes.
    static func inflate(_ input: ArraySlice<UInt8>, expectedSize: Int, fail: @escaping (String) -> ScopeFlowError)
        throws -> [UInt8]
    {
        var inflater = Inflater(input: input, limit: expectedSize, fail: fail)
        try inflater.run()
        guard inflater.output.count == expectedSize else {
            throw fail("the compressed data decode to \(inflater.output.count) bytes, not the \(expectedSize) declared")
        }
        return inflater.output
    }

    private init(input: ArraySlice<UInt8>, limit: Int, fail: @escaping (String) -> ScopeFlowError) {
        self.input = input
        self.position = input.startIndex
        self.limit = limit
        self.fail = fail
        // DEFLATE expands at most ~1032:1; never reserve beyond what the input could produce.
        let (bound, overflow) = input.count.multipliedReportingOverflow(by: 1032)
        output.reserveCapacity(min(limit, overflow ? limit : bound))
    }

    private mutating func run() throws {
        var isLast = false
        while !isLast {
            isLast = try bits(1) == 1
            switch try bits(2) {
            case 0: try storedBlock()
            case 1: try huffmanBlock(literals: Self.fixedLiterals, distances: Self.fixedDistances)
            case 2:
                let (literals, distances) = try dynamicTables()
                try huffmanBlock(literals: literals, distances: distances)
            default: throw fail("a compressed block has the reserved type 3")
            }
        }
    }

    private mutating func bits(_ count: Int) throws -> Int {
        while bitCount < count {
            guard position < input.endIndex else { throw fail("the compressed data end in the middle of a block") }
            bitBuffer |= UInt32(input[position]) << UInt32(bitCount)
            position += 1
            bitCount += 8
        }
        let value = Int(bitBuffer & ((1 << UInt32(count)) - 1))
        bitBuffer >>= UInt32(count)
        bitCount -= count
        return value
    }

    private mutating func emit(_ byte: UInt8) throws {
        guard output.count < limit else {
            throw fail("the compressed data decode to more than the \(limit) bytes declared")
        }
        output.append(byte)
    }

    private mutating func storedBlock() throws {
        bitBuffer = 0
        bitCount = 0
        guard input.endIndex - position >= 4 else { throw fail("a stored block's header is cut off") }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
        position += 4
        guard length == complement ^ 0xFFFF else { throw fail("a stored block's length check fails") }
        guard input.endIndex - position >= length else { throw fail("a stored block runs past the end") }
        for byte in input[position..<position + length] { try emit(byte) }
        position += length
    }

    private mutating func huffmanBlock(literals: HuffmanCode, distances: HuffmanCode) throws {
        while true {
            let symbol = try decode(literals)
            if symbol < 256 {
                try emit(UInt8(symbol))
                continue
            }
            if symbol == 256 { return }
            let lengthIndex = symbol - 257
            guard lengthIndex < DeflateTables.lengthBase.count else { throw fail("a length code \(symbol) is invalid") }
            let length = DeflateTables.lengthBase[lengthIndex] + (try bits(DeflateTables.lengthExtra[lengthIndex]))
            let distanceCode = try decode(distances)
            guard distanceCode < DeflateTables.distanceBase.count else {
                throw fail("a distance code \(distanceCode) is invalid")
            }
            let distance =
                DeflateTables.distanceBase[distanceCode] + (try bits(DeflateTables.distanceExtra[distanceCode]))
            guard distance <= output.count else { throw fail("a back reference reaches before the start of the data") }
            let start = output.count - distance
            for offset in 0..<length { try emit(output[start + offset]) }
        }
    }

    private mutating func decode(_ code: HuffmanCode) throws -> Int {
        var value = 0
        var first = 0
        var index = 0
        for length in 1...15 {
            value |= try bits(1)
            let count = code.counts[length]
            if value - first < count { return code.symbols[index + value - first] }
            index += count
            first = (first + count) << 1
            value <<= 1
        }
        throw fail("a Huffman code is invalid")
    }

    private mutating func dynamicTables() throws -> (HuffmanCode, HuffmanCode) {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw fail("a block declares too many codes") }
        var codeLengths = [Int](repeating: 0, count: 19)
        for index in 0..<codeLengthCount { codeLengths[Self.codeLengthOrder[index]] = try bits(3) }
        let lengthCode = try HuffmanCode(lengths: codeLengths, fail: fail)
        var lengths: [Int] = []
        while lengths.count < literalCount + distanceCount {
            let symbol = try decode(lengthCode)
            switch symbol {
            case 0...15: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw fail("a repeat code has nothing to repeat") }
                lengths += repeatElement(previous, count: 3 + (try bits(2)))
            case 17: lengths += repeatElement(0, count: 3 + (try bits(3)))
            default: lengths += repeatElement(0, count: 11 + (try bits(7)))
            }
        }
        guard lengths.count == literalCount + distanceCount else { throw fail("code lengths overrun their table") }
        guard lengths[256] != 0 else { throw fail("a block has no end-of-block code") }
        return (
            try HuffmanCode(lengths: Array(lengths[..<literalCount]), fail: fail),
            try HuffmanCode(lengths: Array(lengths[literalCount...]), fail: fail)
        )
    }

    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    private static let fixedLiterals = try! HuffmanCode(
        lengths: Array(repeating: 8, count: 144) + Array(repeating: 9, count: 112) + Array(repeating: 7, count: 24)
            + Array(repeating: 8, count: 8),
        fail: { ScopeFlowError(.dataLoss, $0) })
    private static let fixedDistances = try! HuffmanCode(
        lengths: Array(repeating: 5, count: 30), fail: { ScopeFlowError(.dataLoss, $0) })
}

/// A canonical Huffman code: how many codes each length has, and the symbols in code order.
private struct HuffmanCode: Sendable {
    var counts = [Int](repeating: 0, count: 16)
    var symbols: [Int] = []

    init(lengths: [Int], fail: (String) -> ScopeFlowError) throws {
        for length in lengths { counts[length] += 1 }
        counts[0] = 0
        var left = 1
        for length in 1...15 {
            left = (left << 1) - counts[length]
            guard left >= 0 else { throw fail("a Huffman table is over-subscribed") }
        }
        var offsets = [Int](repeating: 0, count: 16)
        for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
        symbols = [Int](repeating: 0, count: lengths.count)
        for (symbol, length) in lengths.enumerated() where length != 0 {
            symbols[offsets[length]] = symbol
            offsets[length] += 1
        }
    }
}
