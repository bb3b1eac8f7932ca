extension OpDefinitions {
    /// The definitions of the `ConcatV2`, `Split`, `SplitV`, `Pack` and `Unpack`.
    static let joins: [OpDefinition] = [
        OpDefinition(
            "ConcatV2", kernel: .singleOutput(concatKernel), compiled: .copies(.singleOutput(concatKernel)),
            foldsAtBuildTime: true, shape: .concat, attrDefaults: ["Tidx": .type(.int32)]
        ) { op, grads in try concatGradient(op, grads[0]!) },
        OpDefinition(
            "Split", kernel: .general(splitKernel), compiled: .copies(.general(splitKernel)),
            outputs: .counted(by: "num_split", minimum: 1), shape: .split
        ) { op, grads in
            [
                nil,
                try concatOp(
                    filledGradients(op, grads), axis: op.inputs[0], name: "concat", location: gradientLocation),
            ]
        },
        OpDefinition(
            "SplitV", kernel: .general(splitVKernel), compiled: .copies(.general(splitVKernel)),
            outputs: .counted(by: "num_split", minimum: 1), shape: .splitV, attrDefaults: ["Tlen": .type(.int64)]
        ) { op, grads in
            [
                try concatOp(
                    filledGradients(op, grads), axis: op.inputs[2], name: "concat", location: gradientLocation), nil,
                nil,
            ]
        },
        OpDefinition(
            "Pack", kernel: .general(packKernel), compiled: .copies(.general(packKernel)), foldsAtBuildTime: true,
            shape: .pack, attrDefaults: ["axis": .int(0)]
        ) { op, grads in
            try unstack(grads[0]!, num: op.inputs.count, axis: op.attrs["axis"]?.intValue ?? 0)
        },
        OpDefinition(
            "Unpack", kernel: .general(unpackKernel), compiled: .copies(.general(unpackKernel)),
            outputs: .counted(by: "num", minimum: 0), shape: .unpack, attrDefaults: ["axis": .int(0)]
        ) { op, grads in
            [try stack(filledGradients(op, grads), axis: op.attrs["axis"]?.intValue ?? 0)]
        },
        OpDefinition(
            "ConcatOffset", kernel: .general(Kernels.concatOffsetKernel),
            outputs: .counted(by: "N", minimum: 2, element: .attr("shape_type", fallback: .int32)), gradient: .undefined
        ),
    ]

    /// TF's `_ConcatGradHelper`: the axis made non-negative (`mod`, a `FloorMod` by the
    /// `Rank`), the values' shapes (``inputShapes(_:)``), then for up to 16 values a `ConcatOffset`
    /// and one `Slice` per value, for more a `SplitV` by the sizes sliced out of the
    /// stacked shapes. A single value gets the gradient itself. A `Const` axis of another
    /// control-flow context than the gradient's (a loop body's, in the gradient loop) is copied
    /// into the gradient's context (a `Const`), as TF does, rather than entered.
    private static func concatGradient(_ op: Operation, _ g: Tensor) throws -> [Tensor?] {
        let values = Array(op.inputs.dropLast())
        guard values.count > 1 else { return [g, nil] }
        var concatAxis = op.inputs[values.count]
        if concatAxis.op.type == "Const", !isSameContext(concatAxis.op.outputContext, g.op.outputContext),
            let value = concatAxis.constantValue
        {
            concatAxis = try constant(value, name: "Const")
        }
        let axis = try binaryOp(
            "FloorMod", concatAxis, rankConstant(values[0]), name: nil, defaultName: "mod", location: gradientLocation)
        let sizes = try inputShapes(values)
        guard sizes.count > 16 else {
            let offsets = try makeOp(
                "ConcatOffset", name: nil, defaultName: "ConcatOffset", inputs: [axis] + sizes,
                attrs: ["N": .int(sizes.count), "shape_type": .type(.int32)], location: gradientLocation
            ) { _ in sizes.map { OutputSpec(dtype: .int32, shape: $0.shape) } }
            return try zip(offsets.outputs, sizes).map { begin, size in
                try sliceOp(g, begin: begin, size: size, name: "Slice", location: gradientLocation)
            } + [nil]
        }
        let stacked = try stack(sizes, axis: 1)
        let axisSizes = try nameScope(nil, defaultName: "Slice") { scope in
            let begin = try nameScope("begin") { pack in try stack([axis, indexScalar(0, name: "1")], name: pack) }
            return try sliceOp(
                stacked, begin: begin, size: indexVector([1, -1], name: "size"), name: scope, location: gradientLocation
            )
        }
        let splitOp = try makeOp(
            "SplitV", name: nil, defaultName: "split", inputs: [g, squeeze(axisSizes), axis],
            attrs: ["T": .type(g.dtype), "Tlen": .type(.int32), "num_split": .int(values.count)],
            location: gradientLocation
        ) { _ in values.map { OutputSpec(dtype: g.dtype, shape: $0.shape) } }
        return splitOp.outputs + [nil]
    }

    /// The shapes of `values` (TF's `_ExtractInputShapes`): a `Shape` (a `Const`) of each while all
    /// are known, else, from the first whose `Shape` is an op (left unread), one `ShapeN` of all.
    private static func inputShapes(_ values: [Tensor]) throws -> [Tensor] {
        var sizes: [Tensor] = []
        for value in values {
            let size = try shape(value)
            guard size.op.type == "Const" else { return try shapeN(values) }
            sizes.append(size)
        }
        return sizes
    }

    /// The output gradients of a multi-output op, zeros where an output got none.
    private static func filledGradients(_ op: Operation, _ grads: [Tensor?]) throws -> [Tensor] {
        try zip(op.outputs, grads).map { output, g in try g ?? zerosLike(output) }
    }
}
