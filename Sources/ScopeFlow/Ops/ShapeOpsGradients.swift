extension GradientRegistry {
    /// Gradients of the layout ops: reshapes, `Transpose`, `Tile` and constant padding.
    static let shapes: [String: GradientFunction] = [
        "Reshape": { op, grads in
            // TF's _ReshapeGrad: one unknown dimension (and no zero) becomes -1 in a constant shape.
            if let dims = op.inputs[0].shape.dims, dims.filter({ $0 == nil }).count == 1, !dims.contains(0) {
                return [try reshape(grads[0]!, shape: dims.map { $0 ?? -1 }), nil]
            }
            return [try reshapedToInput(op, grads[0]!), nil]
        },
        "ExpandDims": { op, grads in [try reshapedToInput(op, grads[0]!), nil] },
        "Squeeze": { op, grads in [try reshapedToInput(op, grads[0]!)] },
        "Transpose": { op, grads in
            [try transpose(grads[0]!, perm: invertPermutation(requireConstantInts(op, input: 1))), nil]
        },
        "Tile": { op, grads in
            // Reshape to [m0, d0, m1, d1, …] and sum the multiples' axes (TF's _TileGrad).
            let dims = try requireKnownDims(op.inputs[0], for: op)
            let multiples = try requireConstantInts(op, input: 1)
            let split = zip(multiples, dims).flatMap { [$0, $1] }
            let summed = try reduceSum(reshape(grads[0]!, shape: split), axis: Array(stride(from: 0, to: split.count, by: 2)))
            return [summed, nil]
        },
        "Pad": { op, grads in [try unpadded(op, grads[0]!), nil] },
        "PadV2": { op, grads in [try unpadded(op, grads[0]!), nil, nil] },
    ]

    /// `g` reshaped to the shape of `op`'s first input (TF's `_ReshapeToInput`).
    private static func reshapedToInput(_ op: Operation, _ g: Tensor) throws -> Tensor {
        try reshapeOp(g, shape(op.inputs[0]), name: "Reshape", location: gradientLocation)
    }

    /// The part of the padded gradient `g` that covers the unpadded input (TF's `_PadGrad`).
    private static func unpadded(_ op: Operation, _ g: Tensor) throws -> Tensor {
        let dims = try requireKnownDims(op.inputs[0], for: op)
        let paddings = try requireConstantInts(op, input: 1)
        return try slice(g, begin: dims.indices.map { paddings[2 * $0] }, size: dims)
    }
}
