extension Reductions {
    /// The factory of `All` (`isAll`) or `Any` (inputs: bool tensor, axis; attr `keep_dims`):
    /// whether every (some) element of each reduced group is true. An empty group gives true
    /// for `All` and false for `Any`, as in TF.
    static func logicalFactory(isAll: Bool) -> SingleOutputKernelFactory {
        { context in
            let keepDims = context.bool("keep_dims", default: false)
            let planner = BroadcastPlanner(opName: context.opName)
            return { inputs in
                try MathInputs.require(inputs, count: 2, context)
                let x = inputs[0]
                guard case .bool(let values) = x.storage else {
                    throw MathInputs.unsupported(x.dtype, context, allowed: "bool")
                }
                let mask = try axisMask(inputs[1], rank: x.shape.count, context)
                // The kept shape (1 on reduced axes) broadcast to the input walks each input
                // row with the index of its first output and the output's step along the row.
                let kept = reducedShape(x.shape, mask: mask, keepDims: true)
                let plan = try planner.plan(x.shape, kept)
                let (row, step) = (plan.rowLength, plan.rowStride(1))
                var result = [Bool](repeating: isAll, count: kept.reduce(1, *))
                values.withUnsafeBufferPointer { input in
                    result.withUnsafeMutableBufferPointer { output in
                        plan.forEachRow { start, offsets in
                            var o = offsets[1]
                            for j in start..<(start + row) {
                                if input[j] != isAll { output[o] = !isAll }
                                o += step
                            }
                        }
                    }
                }
                let outShape = reducedShape(x.shape, mask: mask, keepDims: keepDims)
                return HostTensor(uncheckedStorage: .bool(result), shape: outShape)
            }
        }
    }
}
