import Foundation
import ScopeFlow

/// Evaluates the observation keys of SPEC.md §4 after a program has run.
extension CaseRunner {
    /// The refs named by `as`, depth first in program order.
    static func refNames(_ steps: [JSONValue]) -> [String] {
        steps.flatMap { step -> [String] in
            (step["as"]?.stringValue.map { [$0] } ?? []) + refNames(step["body"]?.arrayValue ?? [])
        }
    }

    /// Every default key for the program's refs, then any further `expect` keys.
    func observe(program: [JSONValue], expectKeys: [String]) -> [(String, JSONValue)] {
        var keys: [String] = []
        for name in CaseRunner.refNames(program) {
            if case .variableScope? = refs[name] {
                keys += [name + ".name", name + ".original_name_scope"]
            } else {
                keys.append(name)
            }
        }
        for key in expectKeys where !keys.contains(key) { keys.append(key) }
        return keys.map { ($0, observe(key: $0)) }
    }

    func observe(key: String) -> JSONValue {
        let parts = key.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let value = refs[parts[0]] else { return .null }
        let accessor = parts.count == 2 ? parts[1] : nil
        switch (value, accessor) {
        case (.error(let kind), _): return .object([("error", .string(kind))])
        case (.tensor(let t), nil), (.tensor(let t), "name"): return .string(t.name)
        case (.tensor(let t), "op"): return .string(t.op.name)
        case (.tensor(let t), "dtype"): return .string(t.dtype.name)
        case (.tensor(let t), "shape"): return shapeJSON(t.shape)
        case (.variable(let v), nil), (.variable(let v), "name"): return .string(v.name)
        case (.variable(let v), "op"): return .string(v.op.name)
        case (.variable(let v), "dtype"): return .string(v.dtype.name)
        case (.variable(let v), "shape"): return shapeJSON(v.shape)
        case (.operation(let op), nil), (.operation(let op), "name"), (.operation(let op), "op"): return .string(op.name)
        case (.variableScope(let s), "name"): return .string(s.name)
        case (.variableScope(let s), "original_name_scope"): return .string(s.originalNameScope)
        case (.variableScope(let s), "dtype"): return .string(s.dtype.name)
        case (.variableScope(let s), "reuse"):
            switch s.reuse {
            case .inherit: return .bool(false)
            case .reuse: return .bool(true)
            case .auto: return .string("auto")
            }
        case (.string(let s), nil): return .string(s)
        case (.names(let names), nil): return .array(names.map(JSONValue.string))
        case (.values(let values), nil): return .array(values)
        default: return .object([("error", .string("bad_accessor"))])
        }
    }

    private func shapeJSON(_ shape: Shape) -> JSONValue {
        guard let dims = shape.dims else { return .null }
        return .array(dims.map { $0.map { .number(Double($0)) } ?? .null })
    }
}

/// Converts fetched values to SPEC.md §6 JSON: floats rounded to 6 significant
/// digits, integers exact, nested arrays for non-scalars.
func jsonValue(of tensor: HostTensor) -> JSONValue {
    let flat: [JSONValue]
    switch tensor.storage {
    case .float16(let a): flat = a.map { rounded6(Double($0)) }
    case .float32(let a): flat = a.map { rounded6(Double($0)) }
    case .float64(let a): flat = a.map(rounded6)
    case .int32(let a): flat = a.map { .number(Double($0)) }
    case .int64(let a): flat = a.map { .number(Double($0)) }
    case .bool(let a): flat = a.map(JSONValue.bool)
    case .string(let a): flat = a.map(JSONValue.string)
    }
    func nest(_ dims: ArraySlice<Int>, _ items: ArraySlice<JSONValue>) -> JSONValue {
        guard let first = dims.first else { return items.first ?? .null }
        guard first > 0 else { return .array([]) }
        let stride = items.count / first  // the product of the other sizes, which cannot overflow
        return .array((0..<first).map { i in
            nest(dims.dropFirst(), items.dropFirst(i * stride).prefix(stride))
        })
    }
    return nest(tensor.shape[...], flat[...])
}

private func rounded6(_ x: Double) -> JSONValue {
    guard x.isFinite else { return .number(x) }
    let r = Double(String(format: "%.6g", x)) ?? x
    return .number(r == 0 ? 0 : r)
}
