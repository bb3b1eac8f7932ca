extension GradientRegistry {
    /// Gradients of the unary math ops, `Cast`, `Identity`, the selects, `Fill` and `ClipByValue`.
    static let math: [String: GradientFunction] = [
        "Neg": { _, grads in [try negative(grads[0]!)] },
        // Square, Log and Log1p build their ops after the incoming gradient, as TF's do; a
        // Python `*` in TF's gradient is a `mul`, `math_ops.multiply` a `Mul`.
        "Square": { op, grads in
            try controlDependencies([grads[0]!]) {
                [try multiply(grads[0]!, multiply(op.inputs[0], constant(2.0, dtype: op.inputs[0].dtype)))]
            }
        },
        "Sqrt": { op, grads in [try elementwiseGradOp("SqrtGrad", [op.output(0), grads[0]!])] },
        "Rsqrt": { op, grads in [try elementwiseGradOp("RsqrtGrad", [op.output(0), grads[0]!])] },
        "Exp": { op, grads in [try grads[0]! * op.output(0)] },
        "Log": { op, grads in
            try controlDependencies([grads[0]!]) {
                [try grads[0]! * elementwiseGradOp("Reciprocal", [op.inputs[0]])]
            }
        },
        "Log1p": { op, grads in
            try controlDependencies([grads[0]!]) {
                [try grads[0]! * elementwiseGradOp("Reciprocal", [1.0 + op.inputs[0]])]
            }
        },
        "Abs": { op, grads in [try grads[0]! * sign(op.inputs[0])] },
        "Sign": { op, _ in [try zerosLike(op.inputs[0])] },
        "Identity": { _, grads in [grads[0]] },
        "Cast": { op, grads in
            // Only float-to-float casts pass a gradient back (TF's _CastGrad).
            let source = op.inputs[0].dtype
            guard source.isFloatingPoint, op.outputTypes[0].isFloatingPoint else { return [nil] }
            return [try cast(grads[0]!, to: source)]
        },
        "Select": { op, grads in
            let zeros = try zerosLike(op.inputs[1])
            let g = grads[0]!
            return [nil, try select(op.inputs[0], g, zeros), try select(op.inputs[0], zeros, g)]
        },
        "SelectV2": { op, grads in
            // TF's _SelectGradV2: both selections first, then each reduced against the output.
            let (c, g, z) = (op.inputs[0], grads[0]!, op.output(0))
            let zeros = try constant(HostTensor(scalar: 0.0).converted(to: g.dtype), name: "zeros")
            let (gx, gy) = (try whereV2(c, g, zeros), try whereV2(c, zeros, g))
            return [nil, try reduceGradientArgs(op.inputs[1], z, gx, nil).0, try reduceGradientArgs(op.inputs[2], z, gy, nil).0]
        },
        "Fill": { _, grads in [nil, try reduceSum(grads[0]!)] },
        "ClipByValue": { op, grads in
            // The raw op passes the gradient on lo <= x <= hi; the bounds get the rest.
            let (x, lo, hi, g) = (op.inputs[0], op.inputs[1], op.inputs[2], grads[0]!)
            let below = try less(x, lo)
            let above = try greater(x, hi)
            let outside = try makeOp(
                "LogicalOr", name: nil, defaultName: "LogicalOr", inputs: [below, above], attrs: [:],
                location: gradientLocation
            ) { _ in [OutputSpec(dtype: .bool, shape: below.shape)] }.output(0)
            let zeros = try zerosLike(g)
            return [
                try select(outside, zeros, g), try sumToShape(select(below, g, zeros), of: lo),
                try sumToShape(select(above, g, zeros), of: hi),
            ]
        },
    ]
}
