/// The header of a `.npy` file: the Python dict literal after the magic and version,
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
struct NumpyHeader: Equatable {
    /// numpy's type string: byte order (`<`, `>`, `|`, `=`), kind and item size (`<f4`, `|b1`, `<U7`).
    var descr: String
    /// Whether the data are stored column-major.
    var fortranOrder: Bool
    var shape: [Int]

    /// Parses the dict literal `text`; `fail` makes the error for what is wrong.
    init(parsing text: String, fail: @escaping (String) -> ScopeFlowError) throws {
        var parser = LiteralParser(bytes: Array(text.utf8), fail: fail)
        var descr: String?
        var fortranOrder: Bool?
        var shape: [Int]?
        try parser.expect("{")
        while try !parser.consume("}") {
            let key = try parser.string()
            try parser.expect(":")
            switch key {
            case "descr": descr = try parser.string()
            case "fortran_order": fortranOrder = try parser.boolean()
            case "shape": shape = try parser.tuple()
            default: throw fail("the header has an unknown key '\(key)'")
            }
            if try !parser.consume(",") {
                try parser.expect("}")
                break
            }
        }
        guard let descr, let fortranOrder, let shape else {
            throw fail("the header lacks one of 'descr', 'fortran_order' and 'shape'")
        }
        self.descr = descr
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    init(descr: String, shape: [Int]) {
        self.descr = descr
        self.fortranOrder = false
        self.shape = shape
    }

    /// The dict literal as numpy writes it (`(3,)` for one dimension, `()` for a scalar).
    var text: String {
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        return "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': (\(dims)), }"
    }
}

/// Reads the few Python literals a `.npy` header holds: quoted strings, `True`/`False`, tuples of ints.
private struct LiteralParser {
    let bytes: [UInt8]
    let fail: (String) -> ScopeFlowError
    var position = 0

    init(bytes: [UInt8], fail: @escaping (String) -> ScopeFlowError) {
        self.bytes = bytes
        self.fail = fail
    }

    private mutating func skipSpace() {
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x09 {
            position += 1
        }
    }

    /// Consumes `token` if it comes next.
    mutating func consume(_ token: String) throws -> Bool {
        skipSpace()
        let token = Array(token.utf8)
        guard position + token.count <= bytes.count, Array(bytes[position..<position + token.count]) == token else {
            return false
        }
        position += token.count
        return true
    }

    mutating func expect(_ token: String) throws {
        guard try consume(token) else {
            throw fail("the header's dict literal has no '\(token)' at character \(position)")
        }
    }

    mutating func string() throws -> String {
        skipSpace()
        guard position < bytes.count, bytes[position] == 0x27 || bytes[position] == 0x22 else {
            throw fail("the header has no quoted string at character \(position)")
        }
        let quote = bytes[position]
        guard let end = bytes[(position + 1)...].firstIndex(of: quote) else {
            throw fail("a string of the header is not closed")
        }
        defer { position = end + 1 }
        return String(decoding: bytes[(position + 1)..<end], as: UTF8.self)
    }

    mutating func boolean() throws -> Bool {
        if try consume("True") { return true }
        if try consume("False") { return false }
        throw fail("'fortran_order' is neither True nor False")
    }

    mutating func tuple() throws -> [Int] {
        try expect("(")
        var values: [Int] = []
        while try !consume(")") {
            skipSpace()
            let start = position
            while position < bytes.count, (0x30...0x39).contains(bytes[position]) { position += 1 }
            guard position > start, position - start <= 18,
                let value = Int(String(decoding: bytes[start..<position], as: UTF8.self))
            else { throw fail("a dimension of 'shape' is not a non-negative integer below 10^18") }
            _ = try consume("L")  // Python 2 longs
            values.append(value)
            if try !consume(",") {
                try expect(")")
                break
            }
        }
        return values
    }
}
