/// Prints a tensor exactly as numpy 2.x prints the equivalent `ndarray` with
/// `print(array)`: `[1.5 2. ]`, `[[1 2]\n [3 4]]`, `[ True False]`, and `3.0`
/// for a float scalar. Lines wrap at 75 characters and tensors of more than
/// 1000 elements are summarised with `...`, as numpy's defaults do.
extension HostTensor: CustomStringConvertible {
    public var description: String {
        // An empty tensor prints as `[]` whatever its shape ([2^40, 0] included): nothing is sized by the shape.
        if count == 0 { return "[]" }
        let strings = ElementStrings(self)
        if shape.isEmpty { return strings.scalar(0) }
        return NumpyLayout(shape: shape, summarize: count > 1000).render(strings.element)
    }
}

/// The decimal digits of a finite float's shortest round-trip representation:
/// the value is `0.d₁d₂… × 10^point` (no leading or trailing zero digits;
/// no digits for zero).
private struct DecimalDigits {
    var negative: Bool
    var digits: [UInt8]
    var point: Int

    /// Parses Swift's shortest representation (`"1.5"`, `"1e-05"`, `"-0.0"`).
    init(_ text: String) {
        var s = Substring(text)
        negative = s.hasPrefix("-")
        if negative { s = s.dropFirst() }
        let parts = s.split(separator: "e", maxSplits: 1)
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let whole = mantissa[0]
        let fraction = mantissa.count > 1 ? mantissa[1] : ""
        digits = (whole + fraction).map { $0.asciiValue! - 48 }
        point = whole.count + exponent
        while digits.first == 0 {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == 0 { digits.removeLast() }
        if digits.isEmpty { point = 0 }
    }

    /// Rounds (half up) to at most `keep` significant digits.
    mutating func round(significant keep: Int) {
        guard digits.count > keep else { return }
        guard keep >= 0 else {
            digits = []
            return
        }
        let up = digits[keep] >= 5
        digits.removeSubrange(keep...)
        if up {
            var i = keep - 1
            while i >= 0 && digits[i] == 9 {
                digits[i] = 0
                i -= 1
            }
            if i >= 0 { digits[i] += 1 } else {
                digits.insert(1, at: 0)
                point += 1
            }
        }
        while digits.last == 0 { digits.removeLast() }
        if digits.isEmpty { point = 0 }
    }

    private func text(_ range: Range<Int>) -> String {
        String(range.map { i in Character(Unicode.Scalar((i >= 0 && i < digits.count ? digits[i] : 0) + 48)) })
    }

    /// The integer and fraction digits of the positional form, at most
    /// `maxFraction` fraction digits (rounded).
    func positional(maxFraction: Int) -> (whole: String, fraction: String) {
        var rounded = self
        rounded.round(significant: point + maxFraction)
        let p = rounded.point
        let whole = (negative ? "-" : "") + (p > 0 ? rounded.text(0..<p) : "0")
        let fraction = rounded.digits.count > p ? rounded.text(p..<rounded.digits.count) : ""
        return (whole, fraction)
    }

    /// The scientific form `d.ddd × 10^exp` with at most `maxFraction`
    /// fraction digits (rounded).
    func scientific(maxFraction: Int) -> (whole: String, fraction: String, exponent: Int) {
        var rounded = self
        rounded.round(significant: maxFraction + 1)
        let sign = negative ? "-" : ""
        guard !rounded.digits.isEmpty else { return (sign + "0", "", 0) }
        return (sign + rounded.text(0..<1), rounded.text(1..<rounded.digits.count), rounded.point - 1)
    }
}

/// numpy's exponent text: a sign and at least `width` digits (`e-05`).
private func exponentText(_ e: Int, width: Int) -> String {
    let digits = String(abs(e))
    return "e" + (e < 0 ? "-" : "+") + String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// The text of every element, formatted with numpy's rules for the dtype.
private struct ElementStrings {
    let element: (Int) -> String
    let scalar: (Int) -> String

    init(_ tensor: HostTensor) {
        switch tensor.storage {
        case .float16(let v): (element, scalar) = Self.floats(v.map { ($0.description, Double($0)) }, tensor)
        case .float32(let v): (element, scalar) = Self.floats(v.map { ($0.description, Double($0)) }, tensor)
        case .float64(let v): (element, scalar) = Self.floats(v.map { ($0.description, $0) }, tensor)
        case .int32(let v): (element, scalar) = Self.integers(v.map(Int64.init), tensor)
        case .int64(let v): (element, scalar) = Self.integers(v, tensor)
        case .bool(let v): (element, scalar) = ({ v[$0] ? " True" : "False" }, { v[$0] ? "True" : "False" })
        case .string(let v):
            let quoted: (Int) -> String = { "b'" + v[$0] + "'" }
            (element, scalar) = (quoted, quoted)
        }
    }

    /// Integers right-aligned to the widest shown value.
    private static func integers(_ v: [Int64], _ tensor: HostTensor) -> ((Int) -> String, (Int) -> String) {
        let shown = NumpyLayout.shownIndices(tensor.shape, summarize: v.count > 1000).map { v[$0] }
        let width = max(String(shown.max() ?? 0).count, String(shown.min() ?? 0).count)
        let element: (Int) -> String = { i in
            let s = String(v[i])
            return String(repeating: " ", count: max(0, width - s.count)) + s
        }
        return (element, { String(v[$0]) })
    }

    /// numpy's `FloatingFormat` (floatmode `maxprec`, precision 8) for arrays
    /// and its scalar `str()` for 0-d tensors.
    private static func floats(
        _ v: [(text: String, value: Double)], _ tensor: HostTensor
    ) -> ((Int) -> String, (Int) -> String) {
        let shown = NumpyLayout.shownIndices(tensor.shape, summarize: v.count > 1000).map { v[$0] }
        let finite = shown.filter { $0.value.isFinite }
        let magnitudes = finite.map { abs($0.value) }.filter { $0 != 0 }
        var useExponent = false
        if let high = magnitudes.max(), let low = magnitudes.min() {
            useExponent = high >= 1e8 || low < 1e-4 || high / low > 1e3
        }
        let precision = 8
        let exponentDigits: Int
        let fractionDigits: Int
        var padLeft: Int
        let padRight: Int
        if useExponent {
            let parts = finite.map { DecimalDigits($0.text).scientific(maxFraction: precision) }
            fractionDigits = parts.map(\.fraction.count).max() ?? 0
            exponentDigits = max(2, parts.map { String(abs($0.exponent)).count }.max() ?? 2)
            padLeft = parts.map(\.whole.count).max() ?? 0
            padRight = exponentDigits + 2 + fractionDigits
        } else {
            let parts = finite.map { DecimalDigits($0.text).positional(maxFraction: precision) }
            (fractionDigits, exponentDigits) = (0, 0)
            padLeft = parts.map(\.whole.count).max() ?? 0
            padRight = parts.map(\.fraction.count).max() ?? 0
        }
        if finite.count != shown.count {
            let negativeInfinity = shown.contains { $0.value == -.infinity }
            padLeft = max(padLeft, 3 - (padRight + 1), 3 + (negativeInfinity ? 1 : 0) - (padRight + 1))
        }
        let element: (Int) -> String = { [padLeft] i in
            let x = v[i].value
            guard x.isFinite else {
                let s = x.isNaN ? "nan" : x < 0 ? "-inf" : "inf"
                return String(repeating: " ", count: max(0, padLeft + padRight + 1 - s.count)) + s
            }
            if useExponent {
                let p = DecimalDigits(v[i].text).scientific(maxFraction: precision)
                return String(repeating: " ", count: padLeft - p.whole.count) + p.whole + "."
                    + p.fraction + String(repeating: "0", count: fractionDigits - p.fraction.count)
                    + exponentText(p.exponent, width: exponentDigits)
            }
            let p = DecimalDigits(v[i].text).positional(maxFraction: precision)
            return String(repeating: " ", count: padLeft - p.whole.count) + p.whole + "." + p.fraction
                + String(repeating: " ", count: padRight - p.fraction.count)
        }
        return (element, { scalarText(v[$0]) })
    }

    /// numpy's `str()` of one float: positional for 1e-4 ≤ |x| < 1e16,
    /// scientific otherwise, shortest round-trip digits (`3.0`, `1e-05`).
    private static func scalarText(_ x: (text: String, value: Double)) -> String {
        guard x.value.isFinite else { return x.value.isNaN ? "nan" : x.value < 0 ? "-inf" : "inf" }
        let digits = DecimalDigits(x.text)
        let magnitude = abs(x.value)
        if magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e16) {
            let p = digits.positional(maxFraction: Int.max / 2)
            return p.whole + "." + (p.fraction.isEmpty ? "0" : p.fraction)
        }
        let s = digits.scientific(maxFraction: Int.max / 2)
        return s.whole + (s.fraction.isEmpty ? "" : "." + s.fraction) + exponentText(s.exponent, width: 2)
    }
}

/// numpy's `_formatArray`: nested brackets, one row per line with a hanging
/// indent, blank lines between blocks, wrapping at 75 characters and (when
/// summarising) the first and last 3 items of every long axis around `...`.
private struct NumpyLayout {
    let shape: [Int]
    let summarize: Bool
    private let strides: [Int]
    static let lineWidth = 75
    static let edgeItems = 3

    init(shape: [Int], summarize: Bool) {
        self.shape = shape
        self.summarize = summarize
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) {
            strides[axis] = strides[axis + 1] * shape[axis + 1]
        }
        self.strides = strides
    }

    /// The positions shown along an axis of length `n`.
    private func positions(_ n: Int) -> [Int] {
        summarize && n > 2 * Self.edgeItems ? Array(0..<Self.edgeItems) + Array((n - Self.edgeItems)..<n) : Array(0..<n)
    }

    /// The flat indices of the elements that are printed.
    static func shownIndices(_ shape: [Int], summarize: Bool) -> [Int] {
        let layout = NumpyLayout(shape: shape, summarize: summarize)
        var offsets = [0]
        for axis in 0..<shape.count {
            let shown = layout.positions(shape[axis])
            offsets = offsets.flatMap { base in shown.map { base + $0 * layout.strides[axis] } }
        }
        return offsets
    }

    /// The whole array, with `element(flatIndex)` giving each element's text.
    func render(_ element: (Int) -> String) -> String {
        render(axis: 0, offset: 0, indent: " ", width: Self.lineWidth, element)
    }

    private func render(axis: Int, offset: Int, indent: String, width: Int, _ element: (Int) -> String) -> String {
        if axis == shape.count { return element(offset) }
        let n = shape[axis]
        let summary = summarize && n > 2 * Self.edgeItems
        // `nil` stands for the `...` of a summarised axis.
        let items: [Int?] =
            summary
            ? (0..<Self.edgeItems).map { $0 } + [nil] + ((n - Self.edgeItems)..<n).map { $0 }
            : (0..<n).map { $0 }
        let nested = { (i: Int) in
            render(axis: axis + 1, offset: offset + i * strides[axis], indent: indent + " ", width: width - 1, element)
        }
        var s = ""
        if axis == shape.count - 1 {
            var line = indent
            for (k, item) in items.enumerated() {
                let word = item.map(nested) ?? "..."
                if line.count + word.count > width - 1 && line.count > indent.count {
                    s += line.trimmingTrailingSpaces() + "\n"
                    line = indent
                }
                line += word
                if k < items.count - 1 { line += " " }
            }
            s += line
        } else {
            let separator = String(repeating: "\n", count: shape.count - axis - 1)
            for (k, item) in items.enumerated() {
                s += indent + (item.map(nested) ?? "...")
                if k < items.count - 1 { s += separator }
            }
        }
        return "[" + s.dropFirst(indent.count) + "]"
    }
}

extension String {
    /// The string without trailing spaces (Python's `rstrip()` for our output).
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
