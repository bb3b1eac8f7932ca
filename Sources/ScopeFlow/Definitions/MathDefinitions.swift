extension OpDefinitions {
    /// The definitions of the unary math ops, `Cast`, `Identity`, the selects, `Fill` and `ClipByValue`.
    static let math: [OpDefinition] = [
        OpDefinition(
            "Neg", kernel: .singleOutput(UnaryOps.numeric(UnaryOps.Neg())),
            compiled: .unary(numeric: UnaryOps.Neg()), shape: .unchanged
        ) { _, grads in [try negative(grads[0]!)] },
        // Square, Log and Log1p build their ops after the incoming gradient, as TF's do; a
        // Python `*` in TF's gradient is a `mul`, `math_ops.multiply` a `Mul`.
        OpDefinition(
            "Square", kernel: .singleOutput(UnaryOps.numeric(UnaryOps.Square())),
            compiled: .unary(numeric: UnaryOps.Square()), shape: .unchanged
        ) { op, grads in
            try controlDependencies([grads[0]!]) {
                [try multiply(grads[0]!, multiply(op.inputs[0], constant(2.0, dtype: op.inputs[0].dtype)))]
            }
        },
        OpDefinition(
            "Sqrt", kernel: .singleOutput(UnaryOps.float(UnaryOps.Sqrt())), compiled: .unary(float: UnaryOps.Sqrt()),
            shape: .unchanged
        ) { op, grads in [try elementwiseGradOp("SqrtGrad", [op.output(0), grads[0]!])] },
        OpDefinition(
            "Rsqrt", kernel: .singleOutput(UnaryOps.float(UnaryOps.Rsqrt())),
            compiled: .unary(float: UnaryOps.Rsqrt()), shape: .unchanged
        ) { op, grads in [try elementwiseGradOp("RsqrtGrad", [op.output(0), grads[0]!])] },
        OpDefinition(
            "Exp", kernel: .singleOutput(UnaryOps.float(UnaryOps.Exp())), compiled: .unary(float: UnaryOps.Exp()),
            shape: .unchanged
        ) { op, grads in [try grads[0]! * op.output(0)] },
        OpDefinition(
            "Log", kernel: .singleOutput(UnaryOps.float(UnaryOps.Log())), compiled: .unary(float: UnaryOps.Log()),
            shape: .unchanged
        ) { op, grads in
            try controlDependencies([grads[0]!]) {
                [try grads[0]! * elementwiseGradOp("Reciprocal", [op.inputs[0]])]
            }
        },
        OpDefinition("Log1p", kernel: .singleOutput(UnaryOps.float(UnaryOps.Log1p())), shape: .unchanged) { op, grads in
            try controlDependencies([grads[0]!]) {
                [try grads[0]! * elementwiseGradOp("Reciprocal", [1.0 + op.inputs[0]])]
            }
        },
        OpDefinition(
            "Abs", kernel: .singleOutput(UnaryOps.numeric(UnaryOps.Abs())),
            compiled: .unary(numeric: UnaryOps.Abs()), shape: .unchanged
        ) { op, grads in [try grads[0]! * sign(op.inputs[0])] },
        OpDefinition("Sign", kernel: .singleOutput(UnaryOps.numeric(UnaryOps.Sign())), shape: .unchanged) { op, _ in
            [try zerosLike(op.inputs[0])]
        },
        OpDefinition(
            "Identity", kernel: .general(identityKernel), foldsAtBuildTime: true, shape: .unchanged,
            gradient: .sparseFunction { _, grads in [grads[0]] }),
        // Unfed, its value is its input's; fed, the feed cuts the graph before it (so the plan
        // never runs it).
        OpDefinition("PlaceholderWithDefault", kernel: .general(identityKernel), shape: .placeholderWithDefault) {
            _, grads in [grads[0]]
        },
        OpDefinition(
            "Cast", kernel: .general(ConversionOps.cast), foldsAtBuildTime: true,
            outputs: .typed(by: "DstT", fallback: .float32), shape: .cast, attrDefaults: ["Truncate": .bool(false)]
        ) { op, grads in
            // Only float-to-float casts pass a gradient back (TF's _CastGrad).
            let source = op.inputs[0].dtype
            guard source.isFloatingPoint, op.outputTypes[0].isFloatingPoint else { return [nil] }
            return [try cast(grads[0]!, to: source)]
        },
        OpDefinition("Select", kernel: .general(NaryOps.select), shape: .select) { op, grads in
            let zeros = try zerosLike(op.inputs[1])
            let g = grads[0]!
            return [nil, try select(op.inputs[0], g, zeros), try select(op.inputs[0], zeros, g)]
        },
        OpDefinition("SelectV2", kernel: .general(NaryOps.selectV2), shape: .selectV2) { op, grads in
            // TF's _SelectGradV2: both selections first, then each reduced against the output.
            let (c, g, z) = (op.inputs[0], grads[0]!, op.output(0))
            let zeros = try constant(HostTensor(scalar: 0.0).converted(to: g.dtype), name: "zeros")
            let (gx, gy) = (try whereV2(c, g, zeros), try whereV2(c, zeros, g))
            return [
                nil, try reduceGradientArgs(op.inputs[1], z, gx, nil).0,
                try reduceGradientArgs(op.inputs[2], z, gy, nil).0,
            ]
        },
        OpDefinition(
            "Fill", kernel: .general(fillKernel), compiled: .copies(.general(fillKernel)), foldsAtBuildTime: true,
            shape: .fill, attrDefaults: ["index_type": .type(.int32)]
        ) { _, grads in [nil, try reduceSum(grads[0]!)] },
        OpDefinition("ClipByValue", kernel: .general(NaryOps.clipByValue), shape: .clipByValue) { op, grads in
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
        OpDefinition(
            "Reciprocal", kernel: .singleOutput(UnaryOps.float(UnaryOps.Reciprocal())),
            compiled: .unary(float: UnaryOps.Reciprocal()), shape: .unchanged
        ) { op, grads in [try elementwiseGradOp("ReciprocalGrad", [op.output(0), grads[0]!])] },
        OpDefinition(
            "ReciprocalGrad", kernel: .singleOutput(BinaryOps.float(ActivationGrads.Reciprocal())),
            compiled: .binary(float: ActivationGrads.Reciprocal()), shape: .unchanged, gradient: .undefined),
        OpDefinition(
            "Inv", kernel: .singleOutput(UnaryOps.float(UnaryOps.Reciprocal())), shape: .unchanged, gradient: .undefined
        ),
        // Expm1's gradient is grad * exp(x), built after the incoming gradient (TF's _Expm1Grad).
        OpDefinition("Expm1", kernel: .singleOutput(UnaryOps.float(UnaryOps.Expm1())), shape: .unchanged) {
            op, grads in
            try controlDependencies([grads[0]!]) { [try grads[0]! * exp(op.inputs[0])] }
        },
        // Sin's gradient is grad * cos(x), Cos's −grad * sin(x), after the incoming gradient (TF's _SinGrad, _CosGrad).
        OpDefinition(
            "Sin", kernel: .singleOutput(UnaryOps.float(UnaryOps.Sin())), compiled: .unary(float: UnaryOps.Sin()),
            shape: .unchanged
        ) { op, grads in
            try controlDependencies([grads[0]!]) { [try grads[0]! * cos(op.inputs[0])] }
        },
        OpDefinition(
            "Cos", kernel: .singleOutput(UnaryOps.float(UnaryOps.Cos())), compiled: .unary(float: UnaryOps.Cos()),
            shape: .unchanged
        ) { op, grads in
            try controlDependencies([grads[0]!]) { [try negative(grads[0]!) * sin(op.inputs[0])] }
        },
        // TF registers Round's gradient as None.
        OpDefinition(
            "Round", kernel: .singleOutput(UnaryOps.float(UnaryOps.Round())), compiled: .unary(float: UnaryOps.Round()),
            shape: .unchanged
        ) { _, _ in
            [nil]
        },
        OpDefinition(
            "Floor", kernel: .singleOutput(UnaryOps.float(UnaryOps.Floor())), shape: .unchanged,
            gradient: .notDifferentiable),
        OpDefinition(
            "Ceil", kernel: .singleOutput(UnaryOps.float(UnaryOps.Ceil())), shape: .unchanged,
            gradient: .notDifferentiable),
        OpDefinition(
            "ZerosLike", kernel: .general(ConversionOps.like(one: false)),
            compiled: .copies(.general(ConversionOps.like(one: false))),
            shape: .unchanged, gradient: .notDifferentiable
        ),
        OpDefinition(
            "OnesLike", kernel: .general(ConversionOps.like(one: true)),
            shape: .unchanged, gradient: .notDifferentiable
        ),
        OpDefinition(
            "Range", kernel: .general(rangeKernel), foldsAtBuildTime: true,
            outputs: .typed(by: "Tidx", fallback: .int32),
            shape: .range, attrDefaults: ["Tidx": .type(.int32)], gradient: .notDifferentiable
        ),
        OpDefinition(
            "SqrtGrad", kernel: .singleOutput(BinaryOps.float(ActivationGrads.Sqrt())), shape: .unchanged,
            gradient: .undefined),
        OpDefinition(
            "RsqrtGrad", kernel: .singleOutput(BinaryOps.float(ActivationGrads.Rsqrt())), shape: .unchanged,
            gradient: .undefined
        ),
    ]
}
