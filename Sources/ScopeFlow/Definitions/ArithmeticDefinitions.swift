extension OpDefinitions {
    /// The definitions of the broadcasting binary ops and `AddN`, built as TF 2.21's
    /// `math_grad.py` builds them: each input's gradient first, then reduced to its
    /// input's shape by ``reduceGradientArgs(_:_:_:_:)``. A Python `*` in TF's code is a
    /// `mul`, `gen_math_ops.mul` a `Mul`.
    static let arithmetic: [OpDefinition] = [
        OpDefinition(
            "AddV2", kernel: .singleOutput(BinaryOps.numeric(BinaryOps.Add())),
            compiled: .binary(numeric: BinaryOps.Add()), foldsAtBuildTime: true,
            shape: .broadcasting, gradient: .function(addGradient)
        ),
        OpDefinition(
            "Add", kernel: .singleOutput(BinaryOps.numeric(BinaryOps.Add())),
            compiled: .binary(numeric: BinaryOps.Add()), shape: .broadcasting, gradient: .function(addGradient)
        ),
        OpDefinition(
            "Sub", kernel: .singleOutput(BinaryOps.numeric(BinaryOps.Sub())),
            compiled: .binary(numeric: BinaryOps.Sub()), foldsAtBuildTime: true, shape: .broadcasting
        ) { op, grads in
            let (x, y, g) = (op.inputs[0], op.inputs[1], grads[0]!)
            if shapesFullySpecifiedAndEqual(x, y, g) { return [g, try negative(g)] }
            let (gx, gy) = try reduceGradientArgs(x, y, g, negative(g))
            return [gx, gy]
        },
        OpDefinition(
            "Mul", kernel: .singleOutput(BinaryOps.numeric(BinaryOps.Mul())),
            compiled: .binary(numeric: BinaryOps.Mul()), foldsAtBuildTime: true, shape: .broadcasting
        ) { op, grads in
            let (x, y, g) = (op.inputs[0], op.inputs[1], grads[0]!)
            if shapesFullySpecifiedAndEqual(x, y, g), [.int32, .float32].contains(g.dtype) {
                return [try multiply(g, y), try multiply(g, x)]
            }
            let (gx, gy) = try reduceGradientArgs(x, y, multiply(g, y), multiply(x, g))
            return [gx, gy]
        },
        OpDefinition(
            "RealDiv", kernel: .singleOutput(BinaryOps.float(BinaryOps.RealDiv())),
            compiled: .binary(float: BinaryOps.RealDiv()), shape: .broadcasting
        ) { op, grads in try divisionGradient(op, grads[0]!) { try realDiv($0, $1) } },
        // As RealDiv, with every division by zero giving 0 (TF's _DivNoNanGrad).
        OpDefinition(
            "DivNoNan", kernel: .singleOutput(BinaryOps.float(BinaryOps.DivNoNan())),
            compiled: .binary(float: BinaryOps.DivNoNan()), shape: .broadcasting
        ) { op, grads in try divisionGradient(op, grads[0]!) { try divNoNan($0, $1) } },
        OpDefinition("Pow", kernel: .singleOutput(BinaryOps.float(BinaryOps.Pow())), shape: .broadcasting) {
            op, grads in
            // TF's _PowGrad: dz/dy uses log(x) only where x > 0, so it is 0 elsewhere unless z is inf/NaN.
            let (x, y, g, z) = (op.inputs[0], op.inputs[1], grads[0]!, op.output(0))
            let gx = try g * y * pow(x, y - 1.0)
            let mask = try scalarComparison("Greater", x, 0)
            let safeX = try select(mask, x, onesLike(x))
            let logX = try select(mask, log(safeX), zerosLike(x))
            let gy = try g * z * logX
            let (rx, ry) = try reduceGradientArgs(x, y, gx, gy)
            return [rx, ry]
        },
        OpDefinition(
            "Maximum", kernel: .singleOutput(BinaryOps.numeric(BinaryOps.Maximum())),
            compiled: .binary(numeric: BinaryOps.Maximum()), shape: .broadcasting
        ) { op, grads in try selectionGradient(op, grads[0]!, mask: "GreaterEqual") },
        OpDefinition(
            "Minimum", kernel: .singleOutput(BinaryOps.numeric(BinaryOps.Minimum())),
            compiled: .binary(numeric: BinaryOps.Minimum()), shape: .broadcasting
        ) { op, grads in try selectionGradient(op, grads[0]!, mask: "LessEqual") },
        OpDefinition(
            "SquaredDifference", kernel: .singleOutput(BinaryOps.numeric(BinaryOps.SquaredDifference())),
            compiled: .binary(numeric: BinaryOps.SquaredDifference()), shape: .broadcasting
        ) { op, grads in
            let (x, y, g) = (op.inputs[0], op.inputs[1], grads[0]!)
            let xGrad = try controlDependencies([g]) {
                try multiply(constant(HostTensor(scalar: 2.0), dtype: g.dtype, name: "scalar"), g) * (x - y)
            }
            if shapesFullySpecifiedAndEqual(x, y, g) { return [xGrad, try negative(xGrad)] }
            let (gx, gy) = try reduceGradientArgs(x, y, xGrad, negative(xGrad))
            return [gx, gy]
        },
        OpDefinition(
            "AddN", kernel: .singleOutput(NaryOps.addN), compiled: .step(CompiledElementwise.addN), shape: .addN
        ) { op, grads in Array(repeating: grads[0], count: op.inputs.count) },
        OpDefinition(
            "Div", kernel: .singleOutput(BinaryOps.float(BinaryOps.RealDiv())),
            compiled: .binary(float: BinaryOps.RealDiv()), shape: .broadcasting, gradient: .undefined),
        OpDefinition(
            "Equal", kernel: .singleOutput(BinaryOps.comparison(BinaryOps.Equal(), boolEquality: true)),
            outputs: .bool, shape: .comparison, attrDefaults: ["incompatible_shape_error": .bool(true)],
            gradient: .notDifferentiable
        ),
        OpDefinition(
            "NotEqual", kernel: .singleOutput(BinaryOps.comparison(BinaryOps.NotEqual(), boolEquality: false)),
            outputs: .bool, shape: .comparison, attrDefaults: ["incompatible_shape_error": .bool(true)],
            gradient: .notDifferentiable
        ),
        OpDefinition(
            "Less", kernel: .singleOutput(BinaryOps.comparison(BinaryOps.Less())), outputs: .bool, shape: .comparison,
            gradient: .notDifferentiable
        ),
        OpDefinition(
            "LessEqual", kernel: .singleOutput(BinaryOps.comparison(BinaryOps.LessEqual())),
            outputs: .bool, shape: .comparison, gradient: .notDifferentiable
        ),
        OpDefinition(
            "Greater", kernel: .singleOutput(BinaryOps.comparison(BinaryOps.Greater())), outputs: .bool,
            shape: .comparison, gradient: .notDifferentiable
        ),
        OpDefinition(
            "GreaterEqual", kernel: .singleOutput(BinaryOps.comparison(BinaryOps.GreaterEqual())),
            outputs: .bool, shape: .comparison, gradient: .notDifferentiable
        ),
        OpDefinition(
            "LogicalAnd", kernel: .singleOutput(BinaryOps.logical(isAnd: true)), outputs: .bool, shape: .logical,
            gradient: .notDifferentiable
        ),
        OpDefinition(
            "LogicalNot", kernel: .singleOutput(BinaryOps.logicalNot), outputs: .bool, shape: .logicalNot,
            gradient: .notDifferentiable),
        OpDefinition(
            "LogicalOr", kernel: .singleOutput(BinaryOps.logical(isAnd: false)), outputs: .bool, shape: .logical,
            gradient: .notDifferentiable
        ),
        OpDefinition(
            "FloorDiv", kernel: .general(Kernels.floorKernel(remainder: false)), shape: .broadcasting
        ) { _, _ in [nil, nil] },  // TF registers FloorDiv's gradient as None.
        OpDefinition(
            "FloorMod", kernel: .general(Kernels.floorKernel(remainder: true)), foldsAtBuildTime: true,
            shape: .broadcasting
        ) { op, grads in
            // TF's _FloorModGrad: (grad, −grad · floor_div(x, y)), each reduced to its input's shape.
            let (x, y, g) = (op.inputs[0], op.inputs[1], grads[0]!)
            let quotient = try binaryOp(
                "FloorDiv", x, y, name: nil, defaultName: "FloorDiv", location: gradientLocation)
            let (gx, gy) = try reduceGradientArgs(x, y, g, negative(g) * quotient)
            return [gx, gy]
        },
    ]

    private static let addGradient: GradientFunction = { op, grads in
        let (x, y, g) = (op.inputs[0], op.inputs[1], grads[0]!)
        if shapesFullySpecifiedAndEqual(x, y, g) { return [g, g] }
        let (gx, gy) = try reduceGradientArgs(x, y, g, g)
        return [gx, gy]
    }

    /// `x / y` with `divide`: `g / y` and `g · ((−x / y) / y)`, reduced (TF's _RealDivGrad).
    private static func divisionGradient(
        _ op: Operation, _ g: Tensor, divide: (Tensor, Tensor) throws -> Tensor
    ) throws -> [Tensor?] {
        let (x, y) = (op.inputs[0], op.inputs[1])
        let gx = try divide(g, y)
        let gy = try g * divide(divide(negative(x), y), y)
        let (rx, ry) = try reduceGradientArgs(x, y, gx, gy)
        return [rx, ry]
    }

    /// `Maximum`/`Minimum`: the whole gradient goes to `x` where `mask(x, y)` holds (ties
    /// included), else to `y` (TF's _MaximumMinimumGrad).
    private static func selectionGradient(_ op: Operation, _ g: Tensor, mask type: String) throws -> [Tensor?] {
        let (x, y) = (op.inputs[0], op.inputs[1])
        let zeros = try zerosLike(g)
        let mask = try comparisonGradOp(type, x, y)
        let (gx, gy) = try reduceGradientArgs(x, y, whereV2(mask, g, zeros), whereV2(mask, zeros, g))
        return [gx, gy]
    }

    /// Whether `x`, `y` and `g` have one fully known shape (TF's _ShapesFullySpecifiedAndEqual).
    private static func shapesFullySpecifiedAndEqual(_ x: Tensor, _ y: Tensor, _ g: Tensor) -> Bool {
        guard let dims = x.shape.knownDims else { return false }
        return dims == y.shape.knownDims && dims == g.shape.knownDims
    }
}
