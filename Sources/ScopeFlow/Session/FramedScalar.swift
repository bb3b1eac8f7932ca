/// A scalar a ``FramedRun`` keeps unboxed in a slot: its type and its bits.
///
/// A loop's counters, conditions and accumulators are scalars that every iteration moves and
/// computes on; as `HostTensor`s each move costs reference counting and each result an
/// allocation. Unboxed, a move copies 16 bytes and a ``FramedScalarOp`` computes in registers.
struct FramedScalar: BitwiseCopyable {
    enum Kind: UInt8 {
        /// The slot's value is the `HostTensor` in the run's `values`.
        case boxed
        case float32, float64, int32, int64, bool
    }

    var kind: Kind
    var bits: UInt64

    static let boxed = FramedScalar(kind: .boxed, bits: 0)

    init(kind: Kind, bits: UInt64) {
        self.kind = kind
        self.bits = bits
    }

    /// The unboxed form of a scalar `tensor` of a kind above, or ``boxed`` for any other tensor.
    init(unboxing tensor: HostTensor) {
        guard tensor.shape.isEmpty else {
            self = .boxed
            return
        }
        switch tensor.storage {
        case .float32(let values): self.init(kind: .float32, bits: UInt64(values[0].bitPattern))
        case .float64(let values): self.init(kind: .float64, bits: values[0].bitPattern)
        case .int32(let values): self.init(kind: .int32, bits: UInt64(UInt32(bitPattern: values[0])))
        case .int64(let values): self.init(kind: .int64, bits: UInt64(bitPattern: values[0]))
        case .bool(let values): self.init(kind: .bool, bits: values[0] ? 1 : 0)
        case .float16, .string: self = .boxed
        }
    }

    var float32: Float { Float(bitPattern: UInt32(truncatingIfNeeded: bits)) }
    var float64: Double { Double(bitPattern: bits) }
    var int32: Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: bits)) }
    var int64: Int64 { Int64(bitPattern: bits) }

    init(_ value: Float) { self.init(kind: .float32, bits: UInt64(value.bitPattern)) }
    init(_ value: Double) { self.init(kind: .float64, bits: value.bitPattern) }
    init(_ value: Int32) { self.init(kind: .int32, bits: UInt64(UInt32(bitPattern: value))) }
    init(_ value: Int64) { self.init(kind: .int64, bits: UInt64(bitPattern: value)) }
    init(_ value: Bool) { self.init(kind: .bool, bits: value ? 1 : 0) }

    /// The scalar as a `HostTensor`; only called on an unboxed scalar.
    var boxedTensor: HostTensor {
        switch kind {
        case .float32: HostTensor(scalar: float32)
        case .float64: HostTensor(scalar: float64)
        case .int32: HostTensor(scalar: int32)
        case .int64: HostTensor(scalar: int64)
        case .bool, .boxed: HostTensor(scalar: bits != 0)
        }
    }
}

/// A binary op a ``FramedRun`` computes on two unboxed scalars of one kind, with its kernel's
/// arithmetic (``NumericElement``: integers wrap); any other operands go to the kernel.
enum FramedScalarOp: UInt8 {
    case add, subtract, multiply, less, lessEqual, greater, greaterEqual

    init?(opType: String) {
        switch opType {
        case "Add", "AddV2": self = .add
        case "Sub": self = .subtract
        case "Mul": self = .multiply
        case "Less": self = .less
        case "LessEqual": self = .lessEqual
        case "Greater": self = .greater
        case "GreaterEqual": self = .greaterEqual
        default: return nil
        }
    }

    /// `a op b`, or nil when the operands differ in kind or the op has no scalar form for it.
    @inline(__always)
    func apply(_ a: FramedScalar, _ b: FramedScalar) -> FramedScalar? {
        guard a.kind == b.kind else { return nil }
        switch a.kind {
        case .float32: return apply(a.float32, b.float32)
        case .float64: return apply(a.float64, b.float64)
        case .int32: return apply(a.int32, b.int32)
        case .int64: return apply(a.int64, b.int64)
        case .bool, .boxed: return nil
        }
    }

    @inline(__always)
    private func apply<T: NumericElement & FramedScalarElement>(_ a: T, _ b: T) -> FramedScalar {
        switch self {
        case .add: T.add(a, b).framedScalar
        case .subtract: T.subtract(a, b).framedScalar
        case .multiply: T.multiply(a, b).framedScalar
        case .less: FramedScalar(a < b)
        case .lessEqual: FramedScalar(a <= b)
        case .greater: FramedScalar(a > b)
        case .greaterEqual: FramedScalar(a >= b)
        }
    }
}

/// An element type a ``FramedScalar`` holds unboxed.
protocol FramedScalarElement {
    var framedScalar: FramedScalar { get }
}

extension Float: FramedScalarElement { var framedScalar: FramedScalar { FramedScalar(self) } }
extension Double: FramedScalarElement { var framedScalar: FramedScalar { FramedScalar(self) } }
extension Int32: FramedScalarElement { var framedScalar: FramedScalar { FramedScalar(self) } }
extension Int64: FramedScalarElement { var framedScalar: FramedScalar { FramedScalar(self) } }
