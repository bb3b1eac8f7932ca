extension OpDefinitions {
    /// The definitions of the `Slice`, `StridedSlice`, `MirrorPad`, `GatherV2` and `Gather` (whose
    /// gradients along axis 0 are TF's IndexedSlices).
    static let slices: [OpDefinition] = [
        OpDefinition(
            "Slice", kernel: .singleOutput(sliceKernel), compiled: .copies(.singleOutput(sliceKernel)),
            foldsAtBuildTime: true, shape: .slice
        ) { op, grads in
            let dims = try requireKnownDims(op.inputs[0], for: op)
            let sizes = try requireKnownDims(op.output(0), for: op)
            let begin = try requireConstantInts(op, input: 1)
            let paddings = dims.indices.map { [begin[$0], dims[$0] - begin[$0] - sizes[$0]] }
            return [try pad(grads[0]!, paddings: paddings), nil, nil]
        },
        OpDefinition(
            "StridedSlice", kernel: .singleOutput(stridedSliceKernel),
            compiled: .copies(.singleOutput(stridedSliceKernel)), foldsAtBuildTime: true, shape: .stridedSlice,
            attrDefaults: [
                "begin_mask": .int(0), "end_mask": .int(0), "ellipsis_mask": .int(0), "new_axis_mask": .int(0),
                "shrink_axis_mask": .int(0),
            ]
        ) { op, grads in [try stridedSliceGradient(op, grads[0]!), nil, nil, nil] },
        OpDefinition(
            "MirrorPad", kernel: .general(mirrorPadKernel), shape: .padded, attrDefaults: ["Tpaddings": .type(.int32)]
        ) { op, grads in [try scatteredThroughPositions(op, grads[0]!, constantInputs: 1...1), nil] },
        OpDefinition(
            "GatherV2", kernel: .general(gatherKernel), compiled: .copies(.general(gatherKernel)),
            outputs: .typed(by: "Tparams", fallback: .float32), shape: .gatherV2, attrDefaults: ["batch_dims": .int(0)],
            gradient: .sparseFunction { op, grads in
                // Along axis 0 only the rank is needed (the rows' shape is a `Shape` when unknown).
                let rank = try op.inputs[0].shape.rank ?? requireKnownDims(op.inputs[0], for: op).count
                let axis = try normalizedAxis(requireConstantInts(op, input: 2)[0], rank: rank, opName: op.name) ?? 0
                guard axis == 0 else {
                    return [.dense(try gatherGradient(op, grads[0]!.asTensor(), axis: axis)), nil, nil]
                }
                return [.indexedSlices(try gatheredRows(op, grads[0]!)), nil, nil]
            }),
        OpDefinition(
            "Gather", kernel: .general(legacyGatherKernel), outputs: .typed(by: "Tparams", fallback: .float32),
            shape: .gather, attrDefaults: ["validate_indices": .bool(true)],
            gradient: .sparseFunction { op, grads in [.indexedSlices(try gatheredRows(op, grads[0]!)), nil] }),
        OpDefinition(
            "StridedSliceGrad", kernel: .singleOutput(Kernels.stridedSliceGradKernel),
            compiled: .copies(.singleOutput(Kernels.stridedSliceGradKernel)), gradient: .undefined
        ),
        OpDefinition(
            "OneHot", kernel: .general(oneHotKernel), shape: .oneHot,
            attrDefaults: ["axis": .int(-1), "TI": .type(.int64)],
            gradient: .notDifferentiable
        ),
        OpDefinition(
            "UnsortedSegmentSum", kernel: .general(GradientReductions.unsortedSegmentSum), shape: .unsortedSegmentSum,
            attrDefaults: ["Tnumsegments": .type(.int32)], gradient: .undefined
        ),
    ]

    /// The gradient of gathering along axis 0 (TF's `_GatherV2Grad`, `_GatherGrad`): the
    /// params' `Shape`, the indices' `Size` as a vector (`ExpandDims`), the gradient reshaped to
    /// one row per index (`Reshape`, its shape a `concat` of that size and `params_shape[1:]`)
    /// and the indices flattened (`Reshape_1`), as an IndexedSlices of the params' shape.
    private static func gatheredRows(_ op: Operation, _ g: Gradient) throws -> IndexedSlices {
        let (params, indices) = (op.inputs[0], op.inputs[1])
        let paramsShape = try shape(params)
        let indicesSize = try expandDims(size(indices), axis: 0)
        let valuesShape = try concat([indicesSize, paramsShape[.range(1, nil)]], axis: 0)
        let values = try reshape(g.asTensor(), shape: valuesShape)
        return try IndexedSlices(values: values, indices: reshape(indices, shape: indicesSize), denseShape: paramsShape)
    }

    /// The dense gradient of gathering along `axis` > 0: `g`'s slices summed back into the rows they came from.
    private static func gatherGradient(_ op: Operation, _ g: Tensor, axis: Int) throws -> Tensor {
        let (params, indices) = (op.inputs[0], op.inputs[1])
        let dims = try requireKnownDims(params, for: op)
        let values = try reshape(g, shape: Array(dims[..<axis]) + [-1] + Array(dims[(axis + 1)...]))
        let ids = try reshape(indices, shape: [-1])
        guard axis > 0 else { return try segmentSum(values, ids: ids, segments: dims[0]) }
        let perm = [axis] + Array(0..<axis) + Array((axis + 1)..<dims.count)
        let summed = try segmentSum(transpose(values, perm: perm), ids: ids, segments: dims[axis])
        return try transpose(summed, perm: invertPermutation(perm))
    }

    /// TF's `_StridedSliceGrad`: a `Shape` of the input (a `Const` when static), then a
    /// `StridedSliceGrad` op with the slice's masks; the shape, begin, end and strides known
    /// at build time are made again as `Const`s in its scope (`StridedSliceGrad/begin` …).
    private static func stridedSliceGradient(_ op: Operation, _ g: Tensor) throws -> Tensor {
        let x = op.inputs[0]
        let inputShape = try shape(x, outType: op.inputs[1].dtype)
        return try nameScope(nil, defaultName: "StridedSliceGrad") { scope in
            let names = ["shape", "begin", "end", "strides"]
            let arguments = try zip(names, [inputShape] + op.inputs[1...3]).map { name, tensor in
                try tensor.constantValue.map { try constant($0, name: name) } ?? tensor
            }
            var attrs: AttrMap = ["T": .type(g.dtype), "Index": .type(arguments[0].dtype)]
            for key in ["begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"] {
                attrs[key] = op.attrs[key] ?? .int(0)
            }
            return try makeOp(
                "StridedSliceGrad", name: scope, defaultName: "StridedSliceGrad", inputs: arguments + [g], attrs: attrs,
                location: gradientLocation
            ) { _ in [OutputSpec(dtype: g.dtype, shape: x.shape)] }.output(0)
        }
    }

    /// The gradient of a data-movement op whose every output element is a copy
    /// of one input element: the op's kernel runs at build time on the input's
    /// element positions, and the gradient is summed back into those positions.
    private static func scatteredThroughPositions(
        _ op: Operation, _ g: Tensor, constantInputs: ClosedRange<Int>
    ) throws -> Tensor {
        let dims = try requireKnownDims(op.inputs[0], for: op)
        let count = try ShapeCheck.elementCount(dims, of: op.name)
        _ = try ShapeCheck.int32(count, "Element count", of: op.name)
        try ShapeCheck.allocation(count, of: .int32, shape: dims, for: op.name)
        let arguments = try constantInputs.map { try requireConstant(op, input: $0) }
        let positions = try HostTensor((0..<count).map { Int32($0) }, shape: dims)
        let kernel = try OpRegistry.kernel(for: KernelContext(opType: op.type, opName: op.name, attrs: op.attrs))
        let picked = try kernel([positions] + arguments)[0]
        let scattered = try segmentSum(
            reshape(g, shape: [-1]), ids: constant(HostTensor(picked.int32s ?? [])), segments: count)
        return try reshape(scattered, shape: dims)
    }

    /// `UnsortedSegmentSum(data, ids, segments)`: rows of `data` summed by id.
    private static func segmentSum(_ data: Tensor, ids: Tensor, segments: Int) throws -> Tensor {
        try unsortedSegmentSum(
            data, segmentIDs: ids, numSegments: segments, file: gradientLocation.fileID, line: gradientLocation.line)
    }
}
