/// The elementwise ops with more than two inputs: `AddN`, `ClipByValue`,
/// `Select` and `SelectV2`.
enum NaryOps {
    /// The elements of `tensor` as `[T]`, or a dtype error naming the op.
    @inline(__always)
    static func values<T: HostScalar>(_ tensor: HostTensor, as _: T.Type, _ context: KernelContext) throws -> [T] {
        guard let values = T.values(in: tensor.storage) else {
            throw MathInputs.mismatch(T.dtype, tensor.dtype, context)
        }
        return values
    }

    /// The error for an input whose shape must equal another's.
    static func shapeError(_ what: String, _ got: [Int], _ want: [Int], _ context: KernelContext) -> ScopeFlowError {
        ScopeFlowError(
            .shapeMismatch,
            "Op '\(context.opName)' (\(context.opType)): \(what) has shape \(got) but must be \(want).",
            names: [context.opName])
    }

    /// Sums all inputs (equal shapes and dtypes).
    private struct AddN: NumericVisitor {
        let inputs: [HostTensor]
        let context: KernelContext
        func visit<T: NumericElement>(_ x: [T], _ a: HostTensor) throws -> HostTensor {
            var sum = x
            for (k, t) in inputs.enumerated().dropFirst() {
                guard t.shape == a.shape else { throw shapeError("input \(k)", t.shape, a.shape, context) }
                let y = try values(t, as: T.self, context)
                sum.withUnsafeMutableBufferPointer { s in
                    y.withUnsafeBufferPointer { p in
                        for i in 0..<s.count { s[i] = .add(s[i], p[i]) }
                    }
                }
            }
            return HostTensor(uncheckedStorage: T.storage(sum), shape: a.shape)
        }
    }

    /// `min(max(t, lo), hi)` where the bounds are scalars or shaped like `t`.
    private struct Clip: NumericVisitor {
        let bounds: (HostTensor, HostTensor)
        let context: KernelContext
        func visit<T: NumericElement>(_ x: [T], _ a: HostTensor) throws -> HostTensor {
            let lo = try values(bounds.0, as: T.self, context)
            let hi = try values(bounds.1, as: T.self, context)
            for (name, bound) in [("clip_value_min", bounds.0), ("clip_value_max", bounds.1)]
            where bound.count != 1 && bound.shape != a.shape {
                throw shapeError(name, bound.shape, a.shape, context)
            }
            let result: [T]
            if lo.count == 1 && hi.count == 1 {
                let (l, h) = (lo[0], hi[0])
                result = mapElements(x) { T.maximum(T.minimum($0, h), l) }
            } else {
                result = (0..<x.count).map { i in
                    T.maximum(T.minimum(x[i], hi[hi.count == 1 ? 0 : i]), lo[lo.count == 1 ? 0 : i])
                }
            }
            return HostTensor(uncheckedStorage: T.storage(result), shape: a.shape)
        }
    }

    /// `Select`: `cond` is shaped like `t`, a scalar, or a vector choosing whole rows.
    private struct Select: StorageVisitor {
        let cond: [Bool]
        let condShape: [Int]
        let t: HostTensor
        let e: HostTensor
        let context: KernelContext
        func visit<T: HostScalar>(_ x: [T]) throws -> HostTensor {
            let y = try values(e, as: T.self, context)
            guard e.shape == t.shape else { throw shapeError("else_value", e.shape, t.shape, context) }
            let result: [T]
            if condShape == t.shape {
                result = (0..<x.count).map { cond[$0] ? x[$0] : y[$0] }
            } else if condShape.isEmpty {
                result = cond[0] ? x : y
            } else if condShape.count == 1, let rows = t.shape.first, rows == cond.count {
                let rowLength = rows == 0 ? 0 : x.count / rows
                result = (0..<x.count).map { i in cond[i / rowLength] ? x[i] : y[i] }
            } else {
                throw shapeError("condition", condShape, t.shape, context)
            }
            return HostTensor(uncheckedStorage: T.storage(result), shape: t.shape)
        }
    }

    /// `SelectV2`: `cond`, `t` and `e` broadcast together.
    private struct SelectV2: StorageVisitor {
        let cond: [Bool]
        let condShape: [Int]
        let t: HostTensor
        let e: HostTensor
        let context: KernelContext
        func visit<T: HostScalar>(_ x: [T]) throws -> HostTensor {
            let y = try values(e, as: T.self, context)
            let plan = try BroadcastPlan([condShape, t.shape, e.shape], opName: context.opName)
            let (sc, sx, sy, row) = (plan.rowStride(0), plan.rowStride(1), plan.rowStride(2), plan.rowLength)
            var result: [T] = []
            result.reserveCapacity(plan.count)
            plan.forEachRow { _, offsets in
                var (ic, ix, iy) = (offsets[0], offsets[1], offsets[2])
                for _ in 0..<row {
                    result.append(cond[ic] ? x[ix] : y[iy])
                    ic += sc
                    ix += sx
                    iy += sy
                }
            }
            return HostTensor(uncheckedStorage: T.storage(result), shape: plan.shape)
        }
    }

    /// The `bool` elements of a condition input.
    static func condition(_ tensor: HostTensor, _ context: KernelContext) throws -> [Bool] {
        guard case .bool(let c) = tensor.storage else {
            throw MathInputs.unsupported(tensor.dtype, context, allowed: "bool (the condition)")
        }
        return c
    }

    static let addN: SingleOutputKernelFactory = { context in
        { inputs in
            guard let first = inputs.first else {
                throw ScopeFlowError(
                    .invalidArgument, "Op '\(context.opName)' (AddN) needs at least one input.",
                    names: [context.opName])
            }
            return try dispatchNumeric(first, context, AddN(inputs: inputs, context: context))
        }
    }

    static let clipByValue: KernelFactory = { context in
        { inputs in
            try MathInputs.require(inputs, count: 3, context)
            return [try dispatchNumeric(inputs[0], context, Clip(bounds: (inputs[1], inputs[2]), context: context))]
        }
    }

    static let select: KernelFactory = { context in
        { inputs in
            try MathInputs.require(inputs, count: 3, context)
            let visitor = Select(
                cond: try condition(inputs[0], context), condShape: inputs[0].shape, t: inputs[1], e: inputs[2],
                context: context)
            return [try inputs[1].storage.accept(visitor)]
        }
    }

    static let selectV2: KernelFactory = { context in
        { inputs in
            try MathInputs.require(inputs, count: 3, context)
            let visitor = SelectV2(
                cond: try condition(inputs[0], context), condShape: inputs[0].shape, t: inputs[1], e: inputs[2],
                context: context)
            return [try inputs[1].storage.accept(visitor)]
        }
    }

}
