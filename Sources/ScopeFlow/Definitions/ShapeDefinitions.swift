extension OpDefinitions {
    /// The definitions of the layout ops: reshapes, `Transpose`, `ReverseSequence`, `ReverseV2`, `Tile` and
    /// constant padding; and `Unique`.
    static let shapes: [OpDefinition] = [
        OpDefinition(
            "Reshape", kernel: .singleOutput(reshapeKernel), compiled: .copies(.singleOutput(reshapeKernel)),
            foldsAtBuildTime: true, shape: .reshape, attrDefaults: ["Tshape": .type(.int32)]
        ) { op, grads in
            // TF's _ReshapeGrad: one unknown dimension (and no zero) becomes -1 in a constant shape.
            if let dims = op.inputs[0].shape.dims, dims.filter({ $0 == nil }).count == 1, !dims.contains(0) {
                return [try reshape(grads[0]!, shape: dims.map { $0 ?? -1 }), nil]
            }
            return [try reshapedToInput(op, grads[0]!), nil]
        },
        OpDefinition(
            "ExpandDims", kernel: .general(expandDimsKernel), compiled: .copies(.general(expandDimsKernel)),
            foldsAtBuildTime: true, shape: .expandDims, attrDefaults: ["Tdim": .type(.int32)]
        ) { op, grads in [try reshapedToInput(op, grads[0]!), nil] },
        OpDefinition(
            "Squeeze", kernel: .general(squeezeKernel), compiled: .copies(.general(squeezeKernel)), shape: .squeeze,
            attrDefaults: ["squeeze_dims": .ints([])]
        ) { op, grads in [try reshapedToInput(op, grads[0]!)] },
        OpDefinition(
            "Transpose", kernel: .general(transposeKernel), compiled: .copies(.general(transposeKernel)),
            shape: .transpose, attrDefaults: ["Tperm": .type(.int32)]
        ) { op, grads in
            // TF's _TransposeGrad: the inverse permutation is an op of the graph, not a constant.
            [try transpose(grads[0]!, permTensor: invertPermutation(op.inputs[1])), nil]
        },
        OpDefinition(
            "ReverseSequence", kernel: .general(reverseSequenceKernel), shape: .reverseSequence,
            attrDefaults: ["batch_dim": .int(0), "Tlen": .type(.int64)]
        ) { op, grads in
            // TF's _ReverseSequenceGrad: the same reversal of the gradient.
            let (seqDim, batchDim) = (op.attrs["seq_dim"]?.intValue ?? 0, op.attrs["batch_dim"]?.intValue ?? 0)
            return [
                try reverseSequence(grads[0]!, seqLengths: op.inputs[1], seqAxis: seqDim, batchAxis: batchDim), nil,
            ]
        },
        OpDefinition(
            "ReverseV2", kernel: .general(reverseV2Kernel), shape: .reverseV2, attrDefaults: ["Tidx": .type(.int32)]
        ) { op, grads in
            // TF's _ReverseV2Grad: the gradient reversed along the same axes.
            [try reverse(grads[0]!, axisTensor: op.inputs[1]), nil]
        },
        OpDefinition(
            "Unique", kernel: .general(uniqueKernel),
            outputs: .each([.typeAttr, .attr("out_idx", fallback: .int32)]), shape: .unique,
            attrDefaults: ["out_idx": .type(.int32)], gradient: .undefined),
        OpDefinition(
            "InvertPermutation", kernel: .general(invertPermutationKernel), foldsAtBuildTime: true,
            shape: .invertPermutation, gradient: .notDifferentiable),
        OpDefinition(
            "Tile", kernel: .general(tileKernel), compiled: .copies(.general(tileKernel)), shape: .tile,
            attrDefaults: ["Tmultiples": .type(.int32)]
        ) { op, grads in
            // Reshape to [m0, d0, m1, d1, …] and sum the multiples' axes (TF's _TileGrad).
            let dims = try requireKnownDims(op.inputs[0], for: op)
            let multiples = try requireConstantInts(op, input: 1)
            let split = zip(multiples, dims).flatMap { [$0, $1] }
            let summed = try reduceSum(
                reshape(grads[0]!, shape: split), axis: Array(stride(from: 0, to: split.count, by: 2)))
            return [summed, nil]
        },
        OpDefinition(
            "Pad", kernel: .general(Kernels.pad), compiled: .copies(.general(Kernels.pad)), shape: .padded,
            attrDefaults: ["Tpaddings": .type(.int32)]
        ) { op, grads in [try unpadded(op, grads[0]!), nil] },
        OpDefinition(
            "PadV2", kernel: .general(Kernels.padV2), shape: .padded, attrDefaults: ["Tpaddings": .type(.int32)]
        ) { op, grads in [try unpadded(op, grads[0]!), nil, nil] },
        OpDefinition("Const", kernel: .general(constKernel), gradient: .notDifferentiable),
        OpDefinition(
            "Shape", kernel: .general(Kernels.shape), outputs: .typed(by: "out_type", fallback: .int32),
            shape: .tensorShape,
            attrDefaults: ["out_type": .type(.int32)], gradient: .notDifferentiable
        ),
        OpDefinition(
            "ShapeN", kernel: .general(Kernels.shapeN),
            outputs: .counted(by: "N", minimum: 1, element: .attr("out_type", fallback: .int32)), shape: .tensorShapes,
            attrDefaults: ["out_type": .type(.int32)], gradient: .notDifferentiable
        ),
        OpDefinition(
            "Size", kernel: .general(Kernels.size), outputs: .typed(by: "out_type", fallback: .int32),
            shape: .elementCount, attrDefaults: ["out_type": .type(.int32)], gradient: .notDifferentiable),
        OpDefinition(
            "Rank", kernel: nil, outputs: .typed(by: "out_type", fallback: .int32), gradient: .notDifferentiable),
        OpDefinition(
            "BroadcastTo", kernel: .general(broadcastToKernel), compiled: .copies(.general(broadcastToKernel)),
            shape: .broadcastTo, attrDefaults: ["Tidx": .type(.int32)]
        ) { op, grads in [try broadcastToGradient(op, grads[0]!), nil] },
        OpDefinition("StopGradient", kernel: .general(Kernels.stopGradient), gradient: .notDifferentiable),
        OpDefinition(
            "BroadcastGradientArgs", kernel: .general(Kernels.broadcastGradientArgs), outputs: .two,
            gradient: .notDifferentiable
        ),
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
