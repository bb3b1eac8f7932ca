/// A graph name as a dictionary key whose hash is computed once, over the
/// name folded to lower case. Both registries of a graph (the
/// case-insensitive name registry and the exact op index) key on it, so a new
/// op's name is hashed once, and a growing dictionary rehashes an `Int`
/// instead of the name's characters.
struct FoldedName: Hashable, Sendable {
    /// The name as spelled.
    let text: String
    /// A hash of the lower-cased UTF-8 bytes, taken eight at a time.
    let foldedHash: Int

    init(_ text: String) {
        self.text = text
        foldedHash = Self.foldedHash(of: text)
    }

    /// Names that differ only in case are the same key, as in TF's registry.
    static func == (lhs: FoldedName, rhs: FoldedName) -> Bool {
        lhs.foldedHash == rhs.foldedHash && Self.equalIgnoringCase(lhs.text, rhs.text)
    }

    func hash(into hasher: inout Hasher) { hasher.combine(foldedHash) }

    /// What `Dictionary` buckets by: the stored hash mixed with the table's seed, without
    /// running SipHash over it (see ``mixedHash(_:seed:)``).
    func _rawHashValue(seed: Int) -> Int { mixedHash(foldedHash, seed: seed) }

    /// The same name as a case-sensitive key, reusing the hash.
    var exact: ExactName { ExactName(text: text, foldedHash: foldedHash) }

    private static func foldedHash(of text: String) -> Int {
        if let hash = text.withUTF8Bytes({ wordHash($0, loweringASCII: true) }) { return hash }
        // Not all ASCII: hash the lower-cased bytes as they are (never nil without lowering).
        return text.lowercased().withUTF8Bytes { wordHash($0, loweringASCII: false) } ?? 0
    }

    /// The hash of `bytes` eight at a time, each word read little-endian, the last partial one
    /// through one overlapping load. With `loweringASCII` each word's capitals are lowered
    /// whole, and nil is returned at the first non-ASCII byte.
    @inline(__always) private static func wordHash(_ bytes: UnsafeBufferPointer<UInt8>, loweringASCII: Bool) -> Int? {
        guard let base = bytes.baseAddress else { return finished(seedHash, count: 0) }
        var hash = seedHash
        func fold(_ word: UInt64) -> Bool {
            guard loweringASCII else {
                hash = step(hash, word)
                return true
            }
            guard word & highBits == 0 else { return false }
            hash = step(hash, loweredWord(word))
            return true
        }
        var start = 0
        while start + 8 <= bytes.count {
            guard fold(UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))) else {
                return nil
            }
            start += 8
        }
        if start < bytes.count {
            var word: UInt64 = 0
            if bytes.count >= 8 {
                // The last eight bytes, shifted down past those already hashed.
                let last = UInt64(littleEndian: UnsafeRawPointer(base + bytes.count - 8).loadUnaligned(as: UInt64.self))
                word = last >> UInt64(8 * (8 - (bytes.count - start)))
            } else {
                for shift in 0..<bytes.count { word |= UInt64(base[shift]) << (8 * shift) }
            }
            guard fold(word) else { return nil }
        }
        return finished(hash, count: bytes.count)
    }

    private static let seedHash: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Folds one word of name bytes into the running hash.
    @inline(__always) private static func step(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
        return mixed ^ (mixed >> 29)
    }

    /// The running hash with the byte count folded in (so a trailing zero byte still counts).
    @inline(__always) private static func finished(_ hash: UInt64, count: Int) -> Int {
        Int(truncatingIfNeeded: step(hash, UInt64(count)))
    }

    /// `word`'s ASCII capitals lowered, every other byte unchanged (all bytes below 0x80).
    @inline(__always) private static func loweredWord(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let atLeastA = word &+ ones &* (0x80 - 0x41)
        let pastZ = word &+ ones &* (0x80 - 0x5B)
        let capitals = atLeastA & ~pastZ & highBits
        return word | (capitals >> 2)
    }

    @inline(__always) private static func lowered(_ c: UInt8) -> UInt8 { c &- 0x41 < 26 ? c | 0x20 : c }

    private static func equalIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        let ascii: Bool? = lhs.withUTF8Bytes { a in
            rhs.withUTF8Bytes { b in
                guard a.count == b.count else {
                    let bothASCII = a.allSatisfy { $0 < 0x80 } && b.allSatisfy { $0 < 0x80 }
                    return bothASCII ? false : nil
                }
                for i in 0..<a.count {
                    let (x, y) = (a[i], b[i])
                    if x >= 0x80 || y >= 0x80 { return nil }
                    if lowered(x) != lowered(y) { return false }
                }
                return true
            }
        }
        return ascii ?? (lhs.lowercased() == rhs.lowercased())
    }
}

/// A graph name as a case-sensitive dictionary key (the op index), hashed
/// like ``FoldedName`` so one computed hash serves both.
struct ExactName: Hashable, Sendable {
    let text: String
    let foldedHash: Int

    init(text: String, foldedHash: Int) {
        self.text = text
        self.foldedHash = foldedHash
    }

    init(_ text: String) { self = FoldedName(text).exact }

    static func == (lhs: ExactName, rhs: ExactName) -> Bool {
        lhs.foldedHash == rhs.foldedHash && lhs.text == rhs.text
    }

    func hash(into hasher: inout Hasher) { hasher.combine(foldedHash) }

    /// See ``FoldedName/_rawHashValue(seed:)``.
    func _rawHashValue(seed: Int) -> Int { mixedHash(foldedHash, seed: seed) }
}

/// A name key's stored FNV-1a hash, mixed with a dictionary's per-table seed by MurmurHash3's
/// 64-bit finalizer, so every bit of the hash reaches the low bits a table buckets by.
///
/// `Dictionary` asks a key for `_rawHashValue(seed:)`; its default runs SipHash-1-3 over what
/// `hash(into:)` feeds it, which was ~15% of building a graph (each insert, and each rehash
/// while a registry grows). The names' hash is already computed once per name; SipHash's
/// resistance to chosen collisions buys nothing for names a program makes itself.
@inline(__always) func mixedHash(_ hash: Int, seed: Int) -> Int {
    var h = UInt64(bitPattern: Int64(hash ^ seed))
    h ^= h >> 33
    h = h &* 0xff51_afd7_ed55_8ccd
    h ^= h >> 33
    h = h &* 0xc4ce_b9fe_1a85_ec53
    h ^= h >> 33
    return Int(truncatingIfNeeded: h)
}
