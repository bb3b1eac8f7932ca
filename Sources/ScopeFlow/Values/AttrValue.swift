/// The value of an op attribute, keyed in ``Operation/attrs`` by TensorFlow's
/// attribute name (`T`, `dtype`, `value`, `transpose_a`, `strides`, `padding` …).
public enum AttrValue: Sendable {
    case int(Int)
    case float(Double)
    case bool(Bool)
    case string(String)
    case type(DType)
    case shape(Shape)
    case ints([Int])
    case floats([Double])
    case types([DType])
    case tensor(HostTensor)
    /// A `uint8` tensor (TF's `DT_UINT8`), row-major, which ``HostTensor`` has no dtype for: the
    /// `bad_color` of `ImageSummary`.
    case uint8Tensor([UInt8], shape: [Int])

    /// The integer, if this is `.int`.
    public var intValue: Int? { if case .int(let v) = self { return v } else { return nil } }
    /// The number, if this is `.float` or `.int`.
    public var floatValue: Double? {
        switch self {
        case .float(let v): return v
        case .int(let v): return Double(v)
        default: return nil
        }
    }
    /// The flag, if this is `.bool`.
    public var boolValue: Bool? { if case .bool(let v) = self { return v } else { return nil } }
    /// The string, if this is `.string`.
    public var stringValue: String? { if case .string(let v) = self { return v } else { return nil } }
    /// The type, if this is `.type`.
    public var typeValue: DType? { if case .type(let v) = self { return v } else { return nil } }
    /// The shape, if this is `.shape`.
    public var shapeValue: Shape? { if case .shape(let v) = self { return v } else { return nil } }
    /// The integers, if this is `.ints`.
    public var intsValue: [Int]? { if case .ints(let v) = self { return v } else { return nil } }
    /// The tensor, if this is `.tensor`.
    public var tensorValue: HostTensor? { if case .tensor(let v) = self { return v } else { return nil } }
}
