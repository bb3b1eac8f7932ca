extension GradientRegistry {
    /// Gradients of the broadcasting binary ops and `AddN` (TF's `math_grad.py`).
    static let arithmetic: [String: GradientFunction] = [
        "AddV2": addGradient, "Add": addGradient,
        "Sub": { op, grads in
            let b = try BroadcastInputs(op)
            return [try b.reduceX(grads[0]!), try b.reduceY(negative(grads[0]!))]
        },
        "Mul": { op, grads in
            // TF's _MulGrad: `g·y, g·x` when x, y and g have one fully known shape and are
            // int32/float32; else `g·y, x·g`, each reduced to its input's shape.
            let (x, y, g) = (op.inputs[0], op.inputs[1], grads[0]!)
            if let dims = x.shape.knownDims, dims == y.shape.knownDims, dims == g.shape.knownDims,
                [.int32, .float32].contains(g.dtype)
            {
                return [try multiply(g, y), try multiply(g, x)]
            }
            let b = try BroadcastInputs(op)
            return [try b.reduceX(multiply(g, y)), try b.reduceY(multiply(x, g))]
        },
        "RealDiv": { op, grads in
            let b = try BroadcastInputs(op)
            let g = grads[0]!
            let gx = try realDiv(g, b.y)
            let gy = try multiply(g, realDiv(realDiv(negative(b.x), b.y), b.y))
            return [try b.reduceX(gx), try b.reduceY(gy)]
        },
        "DivNoNan": { op, grads in
            // As RealDiv, with every division by zero giving 0 (TF's _DivNoNanGrad).
            let b = try BroadcastInputs(op)
            let g = grads[0]!
            let gx = try divNoNan(g, b.y)
            let gy = try multiply(g, divNoNan(divNoNan(negative(b.x), b.y), b.y))
            return [try b.reduceX(gx), try b.reduceY(gy)]
        },
        "Pow": { op, grads in
            // TF's _PowGrad: dz/dy uses log(x) only where x > 0, so it is 0 elsewhere unless z is inf/NaN.
            let b = try BroadcastInputs(op)
            let (g, z) = (grads[0]!, op.output(0))
            let gx = try multiply(multiply(g, b.y), pow(b.x, subtract(b.y, onesLike(b.y))))
            let mask = try greater(b.x, zerosLike(b.x))
            let logX = try select(mask, log(select(mask, b.x, onesLike(b.x))), zerosLike(b.x))
            let gy = try multiply(multiply(g, z), logX)
            return [try b.reduceX(gx), try b.reduceY(gy)]
        },
        "Maximum": { op, grads in try selectionGradient(op, grads[0]!, mask: "GreaterEqual") },
        "Minimum": { op, grads in try selectionGradient(op, grads[0]!, mask: "LessEqual") },
        "SquaredDifference": { op, grads in
            let b = try BroadcastInputs(op)
            let gx = try multiply(multiply(grads[0]!, constant(2.0, dtype: b.x.dtype)), subtract(b.x, b.y))
            return [try b.reduceX(gx), try negative(b.reduceY(gx))]
        },
        "AddN": { op, grads in Array(repeating: grads[0], count: op.inputs.count) },
    ]

    private static let addGradient: GradientFunction = { op, grads in
        let b = try BroadcastInputs(op)
        return [try b.reduceX(grads[0]!), try b.reduceY(grads[0]!)]
    }

    /// `Maximum`/`Minimum`: the whole gradient goes to `x` where `mask(x, y)` holds (ties included), else to `y`.
    private static func selectionGradient(_ op: Operation, _ g: Tensor, mask type: String) throws -> [Tensor?] {
        let b = try BroadcastInputs(op)
        let mask = try comparisonGradOp(type, b.x, b.y)
        let zeros = try zerosLike(g)
        return [try b.reduceX(select(mask, g, zeros)), try b.reduceY(select(mask, zeros, g))]
    }
}
