/// Output-buffer reuse for the single-output elementwise kernels.
///
/// A kernel that moves an input out of its arguments (`removeLast`) holds
/// the only reference to that input's buffer when the plan moved the value
/// out of its slot at its last read and nothing else keeps it (a fetch, a
/// variable, a constant). Writing the output through
/// `withUnsafeMutableBufferPointer` then reuses the buffer; otherwise
/// copy-on-write copies it first. Either way the elements are the same.

extension HostScalar {
    /// The elements of `tensor`, whose dtype must be this type's (empty
    /// otherwise). Consuming the tensor leaves the returned array the only
    /// holder of a buffer the tensor alone held.
    @inline(__always)
    static func elements(of tensor: consuming HostTensor) -> [Self] { values(in: tensor.storage) ?? [] }
}

/// A computation over one numeric operand whose elements it owns.
protocol OwnedNumericVisitor {
    func visit<T: NumericElement>(_ x: consuming [T], shape: [Int]) throws -> HostTensor
}

/// A computation over one floating-point operand whose elements it owns.
protocol OwnedFloatVisitor {
    func visit<T: FloatElement>(_ x: consuming [T], shape: [Int]) throws -> HostTensor
}

/// A computation over two same-typed numeric operands whose elements it owns.
protocol OwnedNumericPairVisitor {
    func visit<T: NumericElement>(_ x: consuming [T], _ xShape: [Int], _ y: consuming [T], _ yShape: [Int]) throws
        -> HostTensor
}

/// A computation over two same-typed floating-point operands whose elements it owns.
protocol OwnedFloatPairVisitor {
    func visit<T: FloatElement>(_ x: consuming [T], _ xShape: [Int], _ y: consuming [T], _ yShape: [Int]) throws
        -> HostTensor
}

/// Calls `visitor` with the typed elements of numeric `a`, moved out of it.
@inline(__always)
func dispatchOwned<V: OwnedNumericVisitor>(_ a: consuming HostTensor, _ context: KernelContext, _ visitor: V) throws
    -> HostTensor
{
    let shape = a.shape
    switch a.dtype {
    case .float32: return try visitor.visit(Float.elements(of: a), shape: shape)
    case .float64: return try visitor.visit(Double.elements(of: a), shape: shape)
    case .int32: return try visitor.visit(Int32.elements(of: a), shape: shape)
    case .int64: return try visitor.visit(Int64.elements(of: a), shape: shape)
    case .float16: return try visitor.visit(Float16.elements(of: a), shape: shape)
    case .bool, .string, .resource: throw MathInputs.unsupported(a.dtype, context, allowed: "a float or int type")
    }
}

/// Calls `visitor` with the typed elements of floating-point `a`, moved out of it.
@inline(__always)
func dispatchOwned<V: OwnedFloatVisitor>(_ a: consuming HostTensor, _ context: KernelContext, _ visitor: V) throws
    -> HostTensor
{
    let shape = a.shape
    switch a.dtype {
    case .float32: return try visitor.visit(Float.elements(of: a), shape: shape)
    case .float64: return try visitor.visit(Double.elements(of: a), shape: shape)
    case .float16: return try visitor.visit(Float16.elements(of: a), shape: shape)
    case .int32, .int64, .bool, .string, .resource:
        throw MathInputs.unsupported(a.dtype, context, allowed: "float32 or float64")
    }
}

/// Calls `visitor` with the typed elements of `a` and `b`, moved out of them;
/// they must share a numeric dtype.
@inline(__always)
func dispatchOwned<V: OwnedNumericPairVisitor>(
    _ a: consuming HostTensor, _ b: consuming HostTensor, _ context: KernelContext, _ visitor: V
) throws -> HostTensor {
    guard a.dtype == b.dtype else { throw MathInputs.mismatch(a.dtype, b.dtype, context) }
    let (aShape, bShape) = (a.shape, b.shape)
    switch a.dtype {
    case .float32: return try visitor.visit(Float.elements(of: a), aShape, Float.elements(of: b), bShape)
    case .float64: return try visitor.visit(Double.elements(of: a), aShape, Double.elements(of: b), bShape)
    case .int32: return try visitor.visit(Int32.elements(of: a), aShape, Int32.elements(of: b), bShape)
    case .int64: return try visitor.visit(Int64.elements(of: a), aShape, Int64.elements(of: b), bShape)
    case .float16: return try visitor.visit(Float16.elements(of: a), aShape, Float16.elements(of: b), bShape)
    case .bool, .string, .resource: throw MathInputs.unsupported(a.dtype, context, allowed: "a float or int type")
    }
}

/// Calls `visitor` with the typed elements of `a` and `b`, moved out of them;
/// they must share a floating-point dtype.
@inline(__always)
func dispatchOwned<V: OwnedFloatPairVisitor>(
    _ a: consuming HostTensor, _ b: consuming HostTensor, _ context: KernelContext, _ visitor: V
) throws -> HostTensor {
    guard a.dtype == b.dtype else { throw MathInputs.mismatch(a.dtype, b.dtype, context) }
    let (aShape, bShape) = (a.shape, b.shape)
    switch a.dtype {
    case .float32: return try visitor.visit(Float.elements(of: a), aShape, Float.elements(of: b), bShape)
    case .float64: return try visitor.visit(Double.elements(of: a), aShape, Double.elements(of: b), bShape)
    case .float16: return try visitor.visit(Float16.elements(of: a), aShape, Float16.elements(of: b), bShape)
    case .int32, .int64, .bool, .string, .resource:
        throw MathInputs.unsupported(a.dtype, context, allowed: "float32 or float64")
    }
}

/// `f` of every element of `x`, written over `x`'s buffer when nothing else holds it.
@inline(__always)
func mapInPlace<T: HostScalar>(_ x: consuming [T], shape: [Int], _ f: (T) -> T) -> HostTensor {
    var values = consume x
    values.withUnsafeMutableBufferPointer { p in
        for i in p.indices { p[i] = f(p[i]) }
    }
    return HostTensor(uncheckedStorage: T.storage(values), shape: shape)
}

/// Combines `x` and `y` elementwise with numpy broadcasting, writing the
/// result over the buffer of an operand that already has the output's shape
/// (``broadcastMap(_:_:_:_:opName:_:)`` allocates when neither has).
@inline(__always)
func broadcastMapInPlace<T: HostScalar>(
    _ x: consuming [T], _ xShape: [Int], _ y: consuming [T], _ yShape: [Int], planner: BroadcastPlanner,
    _ f: (T, T) -> T
) throws -> HostTensor {
    if xShape == yShape || (y.count == 1 && yShape.count <= xShape.count) {
        return overwrite(consume x, xShape, with: y) { f($0, $1) }
    }
    if x.count == 1 && xShape.count <= yShape.count {
        return overwrite(consume y, yShape, with: x) { f($1, $0) }
    }
    let plan = try planner.plan(xShape, yShape)
    if plan.shape == xShape {
        return overwriteRows(consume x, with: y, operand: 1, of: plan) { f($0, $1) }
    }
    if plan.shape == yShape {
        return overwriteRows(consume y, with: x, operand: 0, of: plan) { f($1, $0) }
    }
    return try broadcastMap(x, xShape, y, yShape, planner: planner, f)
}

/// `combine(target[i], other[j])` for each output element `i` of `plan` and the
/// element `j` of `other` (broadcast operand `operand` of the plan) it meets,
/// written over `target`'s buffer (which has the output's shape) when nothing else holds it.
@inline(__always)
private func overwriteRows<T: HostScalar>(
    _ target: consuming [T], with other: [T], operand: Int, of plan: BroadcastPlan, _ combine: (T, T) -> T
) -> HostTensor {
    var values = consume target
    let (step, row) = (plan.rowStride(operand), plan.rowLength)
    other.withUnsafeBufferPointer { po in
        values.withUnsafeMutableBufferPointer { pv in
            guard let targetBase = pv.baseAddress, let otherBase = po.baseAddress else { return }
            // Pointer steps without overflow checks, so the contiguous and
            // repeated-element rows vectorize.
            plan.forEachRow { start, offsets in
                let out = targetBase + start
                var source = otherBase + offsets[operand]
                if step == 1 {
                    for j in 0..<row { out[j] = combine(out[j], source[j]) }
                } else if step == 0 {
                    let value = source.pointee
                    for j in 0..<row { out[j] = combine(out[j], value) }
                } else {
                    for j in 0..<row {
                        out[j] = combine(out[j], source.pointee)
                        source += step
                    }
                }
            }
        }
    }
    return HostTensor(uncheckedStorage: T.storage(values), shape: plan.shape)
}

/// `combine(x[i], y[i])` (or `combine(x[i], y[0])` for a one-element `y`)
/// written over `x`'s buffer when nothing else holds it.
@inline(__always)
private func overwrite<T: HostScalar>(_ x: consuming [T], _ shape: [Int], with y: [T], _ combine: (T, T) -> T)
    -> HostTensor
{
    var values = consume x
    y.withUnsafeBufferPointer { py in
        values.withUnsafeMutableBufferPointer { pv in
            if py.count == pv.count {
                for i in pv.indices { pv[i] = combine(pv[i], py[i]) }
            } else {
                let v = py[0]
                for i in pv.indices { pv[i] = combine(pv[i], v) }
            }
        }
    }
    return HostTensor(uncheckedStorage: T.storage(values), shape: shape)
}
