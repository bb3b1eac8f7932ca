extension OpDefinitions {
    /// The definitions of the ops that pick or place entries by computed positions: `TopKV2`,
    /// `GatherNd`, `ScatterNd`, `TensorScatterUpdate` (TF's `nn_grad.py`, `array_grad.py`).
    static let indexing: [OpDefinition] = [
        OpDefinition(
            "TopKV2", kernel: .general(topKKernel), outputs: .each([.typeAttr, .attr("index_type", fallback: .int32)]),
            shape: .topK,
            attrDefaults: ["sorted": .bool(true), "Tk": .type(.int32), "index_type": .type(.int32)]
        ) { op, grads in try topKGradient(op, grads[0]!) },
        OpDefinition(
            "GatherNd", kernel: .general(gatherNdKernel), compiled: .copies(.general(gatherNdKernel)),
            outputs: .typed(by: "Tparams", fallback: .float32), shape: .gatherNd,
            attrDefaults: ["bad_indices_policy": .string("")],
            gradient: .sparseFunction { op, grads in
                // TF's _GatherNdGrad: rows of an IndexedSlices for [n, 1] indices, else a ScatterNd.
                let (params, indices) = (op.inputs[0], op.inputs[1])
                let paramsShape = try shape(params, outType: indices.dtype)
                let grad = try grads[0]!.asTensor()
                if let dims = indices.shape.dims, dims.count == 2, dims[1] == 1 {
                    let rows = try squeeze(indices, axis: [-1])
                    return [
                        .indexedSlices(try IndexedSlices(values: grad, indices: rows, denseShape: paramsShape)), nil,
                    ]
                }
                return [.dense(try scatterNd(indices: indices, updates: grad, shape: paramsShape)), nil]
            }),
        OpDefinition(
            "ScatterNd", kernel: .general(scatterNdKernel), shape: .scatterNd,
            attrDefaults: ["bad_indices_policy": .string("")]
        ) { op, grads in
            // TF's _ScatterNdGrad: the gradient at the scattered slices.
            [nil, try gatherNd(grads[0]!, indices: op.inputs[0]), nil]
        },
        OpDefinition(
            "TensorScatterUpdate", kernel: .general(tensorScatterUpdateKernel),
            compiled: .copies(.general(tensorScatterUpdateKernel)), shape: .tensorScatterUpdate,
            attrDefaults: ["bad_indices_policy": .string("")]
        ) { op, grads in
            // TF's _TensorScatterUpdateGrad: the updates get the gradient at their slices, the
            // tensor the gradient with those slices zeroed.
            let (indices, grad) = (op.inputs[1], grads[0]!)
            let updatesGrad = try gatherNd(grad, indices: indices)
            let tensorGrad = try tensorScatterUpdate(identity(grad), indices: indices, updates: zerosLike(op.inputs[2]))
            return [tensorGrad, nil, updatesGrad]
        },
    ]

    /// TF's `_TopKGrad`: each row's gradient scattered (`ScatterNd` into the flattened input) at
    /// the flat positions of its picked entries, `indices + row * columns`, then reshaped back.
    private static func topKGradient(_ op: Operation, _ grad: Tensor) throws -> [Tensor?] {
        let (input, picked) = (op.inputs[0], op.output(1))
        let inShape = try shape(input)
        let pickedShape = try shape(picked)
        let pickedColumns = try lastEntry(of: cast(pickedShape, to: .int64), size: size(pickedShape))
        let rows2D = try reshape(
            picked,
            shape: nameScope(nil, defaultName: "stack") { scope in
                try stack([constant(HostTensor(scalar: Int64(-1)), name: "0"), pickedColumns], name: scope)
            })
        let inColumns = try lastEntry(of: cast(inShape, to: .int64), size: size(inShape))
        // TF's shape inference folds the packed shape of a fully known `picked`: its `Shape_2` is a `Const`.
        let rows2DShape =
            try picked.shape.knownDims.map {
                try constant(indexTensor([$0.dropLast().reduce(1, *), $0.last ?? 1]), name: "Shape")
            } ?? shape(rows2D)
        let rowCount = try rows2DShape[0]
        let limit = try binaryOp(
            "Mul", cast(rowCount, to: .int64), inColumns, name: nil, defaultName: "mul",
            location: SourceLocation(fileID: #fileID, line: #line))
        let rowStarts = try nameScope(nil, defaultName: "range") { scope in
            let start = try cast(constant(HostTensor(scalar: Int32(0)), name: "start"), to: .int64)
            return try makeOp(
                "Range", name: scope, defaultName: "range", inputs: [start, limit, inColumns],
                attrs: ["Tidx": .type(.int64)], location: SourceLocation(fileID: #fileID, line: #line), shape: .range
            ).output(0)
        }
        let offsets = try cast(expandDims(rowStarts, axis: -1), to: .int32)
        let flat = try reshape(rows2D + offsets, shape: [-1])
        let positions = try expandDims(flat, axis: -1)
        let values = try reshape(grad, shape: [-1])
        let count = try reduceProd(inShape)
        let scattered = try nameScope(nil, defaultName: "ScatterNd") { scope in
            try scatterNd(indices: positions, updates: values, shape: stack([count], name: "shape"), name: scope)
        }
        return [try reshape(scattered, shape: inShape), try zeros(shape: [], dtype: .int32)]
    }

    /// `shape[size - 1]` for the shape vector `shape` of `size` entries (TF's
    /// `gather(shape, size(shape) - 1)`: `sub` and `GatherV2`).
    private static func lastEntry(of shape: Tensor, size: Tensor) throws -> Tensor {
        try gather(shape, indices: scalarBinary("Sub", size, 1, defaultName: "sub", scalarFirst: false))
    }
}
