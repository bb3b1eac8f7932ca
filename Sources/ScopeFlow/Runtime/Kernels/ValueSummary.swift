import Foundation

extension HostTensor {
    /// The first `maxEntries` values as TF's `Tensor::SummarizeValue` writes them (all of them when
    /// `maxEntries` is negative): nested `[…]` per dimension without the outermost pair, values
    /// separated by spaces, `...` where values were left out; floats as C's `%g` with the fewest
    /// of 6 (float32, float16) or 15 (float64) digits and 9 or 17 that read back the same value,
    /// bools as `1` and `0`, strings C-escaped except for non-ASCII characters.
    func summarizedValue(maxEntries: Int) -> String {
        let limit = maxEntries < 0 ? count : Swift.min(maxEntries, count)
        let element = summaryElement
        var text = ""
        if shape.isEmpty {
            text = (0..<limit).map(element).joined(separator: " ")
        } else {
            var index = 0
            Self.summarizeDimension(0, shape, limit: limit, element: element, index: &index, into: &text)
        }
        if count > limit { text += "..." }
        return text
    }

    /// TF's `PrintOneDim`: the values of dimension `dim` on, from flat `index` on, until `limit`.
    private static func summarizeDimension(
        _ dim: Int, _ shape: [Int], limit: Int, element: (Int) -> String, index: inout Int, into text: inout String
    ) {
        guard index < limit else { return }
        if dim == shape.count - 1 {
            for i in 0..<shape[dim] {
                guard index < limit else {
                    if dim != 0 { text += "..." }
                    return
                }
                if i > 0 { text += " " }
                text += element(index)
                index += 1
            }
            return
        }
        for _ in 0..<shape[dim] {
            let opened = index < limit
            if opened { text += "[" }
            summarizeDimension(dim + 1, shape, limit: limit, element: element, index: &index, into: &text)
            if opened || index < limit { text += "]" }
        }
    }

    /// One element as TF's `PrintOneElement` writes it.
    private var summaryElement: (Int) -> String {
        switch storage {
        case .float16(let v): { Self.summarized(Float(v[$0])) }
        case .float32(let v): { Self.summarized(v[$0]) }
        case .float64(let v): { Self.summarized(v[$0]) }
        case .int32(let v): { String(v[$0]) }
        case .int64(let v): { String(v[$0]) }
        case .bool(let v): { v[$0] ? "1" : "0" }
        case .string(let v): { Self.cEscaped(v[$0]) }
        }
    }

    /// A float as TF's `FloatToBuffer`: `%.6g`, or `%.9g` when that does not read back the same value.
    private static func summarized(_ value: Float) -> String {
        if value.isNaN { return value.sign == .minus ? "-nan" : "nan" }
        let short = String(format: "%.6g", Double(value))
        return Float(short) == value ? short : String(format: "%.9g", Double(value))
    }

    /// A double as TF's `DoubleToBuffer`: `%.15g`, or `%.17g` when that does not read back the same value.
    private static func summarized(_ value: Double) -> String {
        if value.isNaN { return value.sign == .minus ? "-nan" : "nan" }
        let short = String(format: "%.15g", value)
        return Double(short) == value ? short : String(format: "%.17g", value)
    }

    /// `text` as absl's `Utf8SafeCEscape`: `\n`, `\r`, `\t`, quotes and backslash escaped, other
    /// ASCII control characters as three octal digits, everything else as it is.
    private static func cEscaped(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case "\"": escaped += "\\\""
            case "'": escaped += "\\'"
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let octal = String(scalar.value, radix: 8)
                escaped += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
