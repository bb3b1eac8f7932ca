extension GradientRegistry {
    /// Gradients of `Slice`, `StridedSlice`, `MirrorPad`, `GatherV2` and `Gather` (dense: TF's
    /// IndexedSlices are summed into a tensor of the params' shape).
    static let slices: [String: GradientFunction] = [
        "Slice": { op, grads in
            let dims = try requireKnownDims(op.inputs[0], for: op)
            let sizes = try requireKnownDims(op.output(0), for: op)
            let begin = try requireConstantInts(op, input: 1)
            let paddings = dims.indices.map { [begin[$0], dims[$0] - begin[$0] - sizes[$0]] }
            return [try pad(grads[0]!, paddings: paddings), nil, nil]
        },
        "StridedSlice": { op, grads in
            [try scatteredThroughPositions(op, grads[0]!, constantInputs: 1...3), nil, nil, nil]
        },
        "MirrorPad": { op, grads in [try scatteredThroughPositions(op, grads[0]!, constantInputs: 1...1), nil] },
        "GatherV2": { op, grads in
            let dims = try requireKnownDims(op.inputs[0], for: op)
            let axis = try normalizedAxis(requireConstantInts(op, input: 2)[0], rank: dims.count, opName: op.name) ?? 0
            return [try gatherGradient(op, grads[0]!, axis: axis), nil, nil]
        },
        "Gather": { op, grads in [try gatherGradient(op, grads[0]!, axis: 0), nil] },
    ]

    /// The dense gradient of gathering along `axis`: `g`'s slices summed back into the rows they came from.
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

    /// The gradient of a data-movement op whose every output element is a copy
    /// of one input element: the op's kernel runs at build time on the input's
    /// element positions, and the gradient is summed back into those positions.
    private static func scatteredThroughPositions(
        _ op: Operation, _ g: Tensor, constantInputs: ClosedRange<Int>
    ) throws -> Tensor {
        let dims = try requireKnownDims(op.inputs[0], for: op)
        let count = dims.reduce(1, *)
        let arguments = try constantInputs.map { try requireConstant(op, input: $0) }
        let positions = try HostTensor((0..<count).map { Int32($0) }, shape: dims)
        let kernel = try KernelRegistry.kernel(for: KernelContext(opType: op.type, opName: op.name, attrs: op.attrs))
        let picked = try kernel([positions] + arguments)[0]
        let scattered = try segmentSum(
            reshape(g, shape: [-1]), ids: constant(HostTensor(picked.int32s ?? [])), segments: count)
        return try reshape(scattered, shape: dims)
    }

    /// `UnsortedSegmentSum(data, ids, segments)`: rows of `data` summed by id.
    private static func segmentSum(_ data: Tensor, ids: Tensor, segments: Int) throws -> Tensor {
        let count = try constant(Int32(segments))
        return try makeOp(
            "UnsortedSegmentSum", name: nil, defaultName: "UnsortedSegmentSum", inputs: [data, ids, count],
            attrs: ["T": .type(data.dtype), "Tindices": .type(ids.dtype), "Tnumsegments": .type(.int32)],
            location: gradientLocation
        ) { _ in
            let rest = data.shape.dims.map { Array($0.dropFirst(ids.shape.rank ?? 1)) }
            return [OutputSpec(dtype: data.dtype, shape: rest.map { Shape([segments] + $0) } ?? .unknown)]
        }.output(0)
    }
}
