extension OpDefinitions {
    /// The definitions of the running sums and products `Cumsum` and `Cumprod` (TF's `math_grad.py`).
    static let cumulative: [OpDefinition] = [
        OpDefinition(
            "Cumsum", kernel: .general(cumulativeKernel(isProduct: false)), shape: .cumulative,
            attrDefaults: cumulativeDefaults
        ) { op, grads in
            // TF's _CumsumGrad: the gradient summed the other way along the same axis.
            let (exclusive, reverse) = cumulativeAttrs(op)
            return [
                try cumulativeOp("Cumsum", grads[0]!, axis: op.inputs[1], exclusive: exclusive, reverse: !reverse), nil,
            ]
        },
        OpDefinition(
            "Cumprod", kernel: .general(cumulativeKernel(isProduct: true)), shape: .cumulative,
            attrDefaults: cumulativeDefaults
        ) { op, grads in
            // TF's _CumprodGrad: cumsum(cumprod(x) * grad) in the other direction, divided by x
            // (div_no_nan; like TF's, wrong where x holds a zero).
            let (x, axis) = (op.inputs[0], op.inputs[1])
            let (exclusive, reverse) = cumulativeAttrs(op)
            let product = try cumulativeOp("Cumprod", x, axis: axis, exclusive: exclusive, reverse: reverse)
            let summed = try cumulativeOp(
                "Cumsum", product * grads[0]!, axis: axis, exclusive: exclusive, reverse: !reverse)
            return [try divNoNan(summed, x), nil]
        },
    ]

    private static let cumulativeDefaults: AttrMap = [
        "Tidx": .type(.int32), "exclusive": .bool(false), "reverse": .bool(false),
    ]

    /// The `exclusive` and `reverse` attributes of a `Cumsum` or `Cumprod` op.
    private static func cumulativeAttrs(_ op: Operation) -> (exclusive: Bool, reverse: Bool) {
        (op.attrs["exclusive"]?.boolValue ?? false, op.attrs["reverse"]?.boolValue ?? false)
    }
}
