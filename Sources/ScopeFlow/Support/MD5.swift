import Foundation

/// The MD5 digest of `bytes` (RFC 1321), which TF's `DropoutWrapper` hashes its seeds with.
func md5(_ bytes: [UInt8]) -> [UInt8] {
    var message = bytes
    message.append(0x80)
    while message.count % 64 != 56 { message.append(0) }
    let bitCount = UInt64(bytes.count) &* 8
    message += (0..<8).map { UInt8(truncatingIfNeeded: bitCount >> (8 * $0)) }
    var state: [UInt32] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476]
    for chunk in stride(from: 0, to: message.count, by: 64) {
        let words = (0..<16).map { word in
            (0..<4).reduce(UInt32(0)) { $0 | UInt32(message[chunk + 4 * word + $1]) << (8 * $1) }
        }
        var (a, b, c, d) = (state[0], state[1], state[2], state[3])
        for round in 0..<64 {
            let (f, index): (UInt32, Int)
            switch round {
            case 0..<16: (f, index) = ((b & c) | (~b & d), round)
            case 16..<32: (f, index) = ((d & b) | (~d & c), (5 * round + 1) % 16)
            case 32..<48: (f, index) = (b ^ c ^ d, (3 * round + 5) % 16)
            default: (f, index) = (c ^ (b | ~d), (7 * round) % 16)
            }
            let sum = a &+ f &+ md5Constants[round] &+ words[index]
            (a, d, c) = (d, c, b)
            b = b &+ (sum << md5Shifts[round] | sum >> (32 - md5Shifts[round]))
        }
        state = zip(state, [a, b, c, d]).map { $0 &+ $1 }
    }
    return state.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
}

/// The per-round left rotations of MD5.
private let md5Shifts: [UInt32] = (0..<4).flatMap { round in
    Array(repeating: [[7, 12, 17, 22], [5, 9, 14, 20], [4, 11, 16, 23], [6, 10, 15, 21]][round], count: 4)
        .flatMap { $0 }
}

/// MD5's additive constants, `floor(2^32 · |sin(i + 1)|)`.
private let md5Constants: [UInt32] = (0..<64).map { UInt32((abs(sin(Double($0 + 1))) * 4_294_967_296).rounded(.down)) }
