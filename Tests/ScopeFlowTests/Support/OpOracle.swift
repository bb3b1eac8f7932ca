import Foundation
import Testing
@testable import ScopeFlow

/// The op oracle recorded from real TensorFlow 2.21 (`Resources/ops.json`).
struct OpOracle: Decodable, Sendable {
    struct TensorRecord: Decodable, Sendable {
        let dtype: String
        let shape: [Int]
        let values: [JSONScalar]?
        let name: String?
    }

    struct NodeInput: Decodable, Sendable {
        let placeholder: String?
        let const: TensorRecord?
        let tensor: String?
    }

    struct Node: Decodable, Sendable {
        let name: String
        let type: String
        let attrs: [String: JSONScalar]
        let inputs: [NodeInput]
    }

    struct Tolerance: Decodable, Sendable {
        let rtol: Double
        let atol: Double
    }

    struct Tolerances: Decodable, Sendable {
        let forward: Tolerance
        let grad: Tolerance
    }

    struct GradRecord: Decodable, Sendable {
        let input: String
        let dtype: String?
        let shape: [Int]?
        let values: [JSONScalar]?
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let id: String
        let op: String
        let composite: Bool
        let node: Node?
        let inputs: [TensorRecord]
        let outputs: [TensorRecord]
        let grads: [GradRecord]
        /// The fixed weights of each output in the gradient loss; nil for non-float outputs.
        let W: [TensorRecord?]
        let tol: Tolerances
        let api: String
        let graph_ops: [[String]]
        /// Every `[name, type]` TF's gradient function created (cases recorded by
        /// `Scripts/tf-verify/record_ops_oracle.py` only).
        let grad_graph_ops: [[String]]?
        /// The outputs' static shapes (nil: unknown rank; a nil dimension: unknown size), recorded
        /// only where one is not its value's shape (`Unique`'s `y`).
        let static_shapes: [[Int?]?]?
        var testDescription: String { id }
    }

    let cases: [Case]

    /// The oracle, decoded once: the shared recording (`ops.json`) and the cases of ops added since
    /// (`ops_added.json`, recorded by `Scripts/tf-verify/record_ops_oracle.py`).
    static let shared: OpOracle = {
        let files = ["ops", "ops_added"].map {
            Bundle.module.url(forResource: $0, withExtension: "json", subdirectory: "Resources")!
        }
        let oracles = files.map { try! JSONDecoder().decode(OpOracle.self, from: Data(contentsOf: $0)) }
        return OpOracle(cases: oracles.flatMap(\.cases))
    }()
}

/// A JSON leaf: number, bool, string (incl. "nan"/"inf"/"-inf"), or list of numbers.
enum JSONScalar: Decodable, Sendable {
    case number(Double)
    case bool(Bool)
    case string(String)
    case list([JSONScalar])
    case tensor(OpOracle.TensorRecord)

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let l = try? c.decode([JSONScalar].self) { self = .list(l) }
        else { self = .tensor(try c.decode(OpOracle.TensorRecord.self)) }
    }

    var double: Double {
        switch self {
        case .number(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .string("nan"): return .nan
        case .string("inf"): return .infinity
        case .string("-inf"): return -.infinity
        default: return .nan
        }
    }

    /// The attribute this JSON value stands for in a TF NodeDef.
    var attrValue: AttrValue {
        switch self {
        case .bool(let b): return .bool(b)
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? .int(Int(d)) : .float(d)
        case .string(let s): return DType(rawValue: s).map(AttrValue.type) ?? .string(s)
        case .list(let items): return .ints(items.map { Int($0.double) })
        case .tensor(let record): return (try? record.hostTensor()).map(AttrValue.tensor) ?? .string("unsupported tensor")
        }
    }
}

extension OpOracle.TensorRecord {
    /// The recorded tensor as a ScopeFlow value.
    func hostTensor() throws -> HostTensor {
        let raw = (values ?? []).map(\.double)
        switch dtype {
        case "float32": return try HostTensor(raw.map { Float($0) }, shape: shape)
        case "float64": return try HostTensor(raw, shape: shape)
        case "int32": return try HostTensor(raw.map { Int32($0) }, shape: shape)
        case "int64": return try HostTensor(raw.map { Int64($0) }, shape: shape)
        case "bool": return try HostTensor((values ?? []).map { if case .bool(let b) = $0 { b } else { false } }, shape: shape)
        default: throw ScopeFlowError(.unimplemented, "oracle dtype \(dtype)")
        }
    }
}

/// Compares `got` with an oracle record; returns a description of the first
/// mismatch, or nil when equal within tolerance (NaN matches NaN, ±inf exactly).
func oracleMismatch(_ got: HostTensor, _ want: OpOracle.TensorRecord, _ tol: OpOracle.Tolerance) -> String? {
    guard got.dtype.rawValue == want.dtype else { return "dtype \(got.dtype) != \(want.dtype)" }
    guard got.shape == want.shape else { return "shape \(got.shape) != \(want.shape)" }
    let gotValues: [Double]
    switch got.storage {
    case .float32(let a): gotValues = a.map(Double.init)
    case .float64(let a): gotValues = a
    case .int32(let a): gotValues = a.map(Double.init)
    case .int64(let a): gotValues = a.map(Double.init)
    case .bool(let a): gotValues = a.map { $0 ? 1 : 0 }
    default: return "unsupported dtype \(got.dtype)"
    }
    // float32 records hold 9 significant digits: exact once rounded back to Float.
    let wantValues = (want.values ?? []).map { want.dtype == "float32" ? Double(Float($0.double)) : $0.double }
    for (i, (g, w)) in zip(gotValues, wantValues).enumerated() {
        if w.isNaN { if g.isNaN { continue } else { return "[\(i)] got \(g), want nan" } }
        if w.isInfinite { if g == w { continue } else { return "[\(i)] got \(g), want \(w)" } }
        if !(abs(g - w) <= tol.atol + tol.rtol * abs(w)) { return "[\(i)] got \(g), want \(w)" }
    }
    return nil
}
