/// The element type of a tensor, spelled as TensorFlow spells it.
///
/// The raw value is TensorFlow's Python name (`"float32"`), which is also what
/// `Tensor.dtype.name` prints in TF.
public enum DType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case float16
    case float32
    case float64
    case int32
    case int64
    case bool
    case string
    /// A handle to a resource a run creates (a `TensorArray`'s or a stack's, TF's `DT_RESOURCE`).
    /// It has no host value: feeding or fetching one is an error.
    case resource

    /// TensorFlow's name for the type (`"float32"`).
    public var name: String { rawValue }

    public var description: String { rawValue }

    /// True for the floating-point types.
    public var isFloatingPoint: Bool {
        switch self {
        case .float16, .float32, .float64: return true
        default: return false
        }
    }

    /// The size of one element in bytes; nil for strings and resources, which have no fixed size.
    public var byteSize: Int? {
        switch self {
        case .float16: return 2
        case .float32, .int32: return 4
        case .float64, .int64: return 8
        case .bool: return 1
        case .string, .resource: return nil
        }
    }

    /// True for the integer types.
    public var isInteger: Bool { self == .int32 || self == .int64 }

    /// True for the types TensorFlow treats as numeric in arithmetic ops.
    public var isNumeric: Bool { isFloatingPoint || isInteger }

    /// The `DataType` enum value of TensorFlow's `types.proto` (DT_FLOAT = 1 …).
    public var protoValue: Int {
        switch self {
        case .float32: return 1
        case .float64: return 2
        case .int32: return 3
        case .string: return 7
        case .int64: return 9
        case .bool: return 10
        case .float16: return 19
        case .resource: return 20
        }
    }

    /// The type with the given `types.proto` enum value, if ScopeFlow supports it.
    public init?(protoValue: Int) {
        guard let match = DType.allCases.first(where: { $0.protoValue == protoValue }) else { return nil }
        self = match
    }

    /// TensorFlow's `DT_…` spelling, used in error messages that quote TF's wording.
    public var tfEnumName: String {
        switch self {
        case .float16: return "DT_HALF"
        case .float32: return "DT_FLOAT"
        case .float64: return "DT_DOUBLE"
        case .int32: return "DT_INT32"
        case .int64: return "DT_INT64"
        case .bool: return "DT_BOOL"
        case .string: return "DT_STRING"
        case .resource: return "DT_RESOURCE"
        }
    }
}
