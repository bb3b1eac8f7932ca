extension Reductions {
    /// The index of the largest (`isMax`) or smallest element along one axis;
    /// ties go to the smallest index and NaN counts as the extreme value.
    private struct ArgExtreme: NumericVisitor {
        let isMax: Bool
        let axis: Int
        let outputInt32: Bool

        func visit<T: NumericElement>(_ x: [T], _ a: HostTensor) throws -> HostTensor {
            let shape = a.shape
            let reduced = shape[axis]
            let inner = shape[(axis + 1)...].reduce(1, *)
            let outer = shape[..<axis].reduce(1, *)
            var result = [Int](repeating: 0, count: outer * inner)
            x.withUnsafeBufferPointer { px in
                for o in 0..<outer {
                    for i in 0..<inner {
                        let base = o * reduced * inner + i
                        var best = px[base]
                        var bestIndex = 0
                        for r in 1..<max(reduced, 1) {
                            let v = px[base + r * inner]
                            let better = isMax ? v > best : v < best
                            if !best.isNaNValue && (better || v.isNaNValue) {
                                best = v
                                bestIndex = r
                            }
                        }
                        result[o * inner + i] = bestIndex
                    }
                }
            }
            var outShape = shape
            outShape.remove(at: axis)
            let storage: HostTensor.Storage =
                outputInt32 ? .int32(result.map { Int32(truncatingIfNeeded: $0) }) : .int64(result.map(Int64.init))
            return HostTensor(uncheckedStorage: storage, shape: outShape)
        }
    }

    /// The factory of `ArgMax`/`ArgMin` (inputs: tensor, scalar axis; attr
    /// `output_type`, int64 by default).
    static func argFactory(isMax: Bool) -> SingleOutputKernelFactory {
        { context in
            let outputType = context.attrs["output_type"]?.typeValue ?? .int64
            guard outputType == .int32 || outputType == .int64 else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "Op '\(context.opName)' (\(context.opType)): output_type must be int32 or int64, not \(outputType).",
                    names: [context.opName])
            }
            return { inputs in
                try MathInputs.require(inputs, count: 2, context)
                let x = inputs[0]
                let mask = try axisMask(inputs[1], rank: x.shape.count, context)
                guard inputs[1].count == 1, let axis = mask.firstIndex(of: true) else {
                    throw ScopeFlowError(
                        .invalidArgument,
                        "Op '\(context.opName)' (\(context.opType)) needs exactly one axis (a scalar), "
                            + "got shape \(inputs[1].shape).",
                        names: [context.opName])
                }
                guard x.shape[axis] > 0 else {
                    throw ScopeFlowError(
                        .invalidArgument,
                        "Op '\(context.opName)' (\(context.opType)): reduction axis \(axis) is empty; "
                            + "an empty dimension has no \(isMax ? "maximum" : "minimum").",
                        names: [context.opName])
                }
                let visitor = ArgExtreme(isMax: isMax, axis: axis, outputInt32: outputType == .int32)
                return try dispatchNumeric(x, context, visitor)
            }
        }
    }
}
