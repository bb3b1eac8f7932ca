/// Input validation shared by the math kernels (elementwise, reductions,
/// neural-net): arity and dtype checks with messages that name the op.
enum MathInputs {
    /// Throws unless exactly `count` inputs were given.
    @inline(__always)
    static func require(_ inputs: [HostTensor], count: Int, _ context: KernelContext) throws {
        guard inputs.count == count else {
            throw ScopeFlowError(
                .invalidArgument,
                "Op '\(context.opName)' (\(context.opType)) takes \(count) input\(count == 1 ? "" : "s") "
                    + "but got \(inputs.count); pass exactly \(count).",
                names: [context.opName])
        }
    }

    /// The error for an input dtype the op has no kernel for.
    static func unsupported(_ dtype: DType, _ context: KernelContext, allowed: String) -> ScopeFlowError {
        ScopeFlowError(
            .dtypeMismatch,
            "Op '\(context.opName)' (\(context.opType)) does not support dtype \(dtype); "
                + "cast the input to \(allowed) first.",
            names: [context.opName])
    }

    /// The error for two inputs that must share a dtype but do not.
    static func mismatch(_ a: DType, _ b: DType, _ context: KernelContext) -> ScopeFlowError {
        ScopeFlowError(
            .dtypeMismatch,
            "Op '\(context.opName)' (\(context.opType)) got inputs of dtypes \(a) and \(b); "
                + "they must match, so cast one of them with tf.cast.",
            names: [context.opName])
    }
}

/// A computation over two same-typed numeric operands (see ``dispatchNumeric(_:_:_:_:)``).
protocol NumericPairVisitor {
    func visit<T: NumericElement>(_ x: [T], _ y: [T], _ a: HostTensor, _ b: HostTensor) throws -> HostTensor
}

/// A computation over one numeric operand.
protocol NumericVisitor {
    func visit<T: NumericElement>(_ x: [T], _ a: HostTensor) throws -> HostTensor
}

/// A computation over one floating-point operand.
protocol FloatVisitor {
    func visit<T: FloatElement>(_ x: [T], _ a: HostTensor) throws -> HostTensor
}

/// Calls `visitor` with the typed elements of `a` and `b`, which must share a numeric dtype.
@inline(__always)
func dispatchNumeric<V: NumericPairVisitor>(
    _ a: HostTensor, _ b: HostTensor, _ context: KernelContext, _ visitor: V
) throws -> HostTensor {
    switch (a.storage, b.storage) {
    case (.float32(let x), .float32(let y)): return try visitor.visit(x, y, a, b)
    case (.float64(let x), .float64(let y)): return try visitor.visit(x, y, a, b)
    case (.int32(let x), .int32(let y)): return try visitor.visit(x, y, a, b)
    case (.int64(let x), .int64(let y)): return try visitor.visit(x, y, a, b)
    case (.float16(let x), .float16(let y)): return try visitor.visit(x, y, a, b)
    default:
        if a.dtype != b.dtype { throw MathInputs.mismatch(a.dtype, b.dtype, context) }
        throw MathInputs.unsupported(a.dtype, context, allowed: "a float or int type")
    }
}

/// Calls `visitor` with the typed elements of numeric `a`.
@inline(__always)
func dispatchNumeric<V: NumericVisitor>(_ a: HostTensor, _ context: KernelContext, _ visitor: V) throws -> HostTensor {
    switch a.storage {
    case .float32(let x): return try visitor.visit(x, a)
    case .float64(let x): return try visitor.visit(x, a)
    case .int32(let x): return try visitor.visit(x, a)
    case .int64(let x): return try visitor.visit(x, a)
    case .float16(let x): return try visitor.visit(x, a)
    default: throw MathInputs.unsupported(a.dtype, context, allowed: "a float or int type")
    }
}

/// Calls `visitor` with the typed elements of floating-point `a`.
@inline(__always)
func dispatchFloat<V: FloatVisitor>(_ a: HostTensor, _ context: KernelContext, _ visitor: V) throws -> HostTensor {
    switch a.storage {
    case .float32(let x): return try visitor.visit(x, a)
    case .float64(let x): return try visitor.visit(x, a)
    case .float16(let x): return try visitor.visit(x, a)
    default: throw MathInputs.unsupported(a.dtype, context, allowed: "float32 or float64")
    }
}
