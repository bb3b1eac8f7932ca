// Kernels indexed by index tuples: GatherNd, ScatterNd and TensorScatterUpdate.

/// The slices an `[..., depth]` indices tensor picks in a tensor of shape `shape`: one slice of
/// `sliceSize` elements (the dimensions after the first `depth`) per index tuple, at
/// `offsets[i]` in the tensor's storage. Every tuple is checked against the shape.
struct IndexTuples {
    /// The indices' dimensions but the last: one per picked slice.
    let outerShape: [Int]
    /// The trailing dimensions of the tensor each tuple picks whole.
    let sliceShape: [Int]
    let sliceSize: Int
    let offsets: [Int]

    /// - Parameter role: the indexed tensor's name in error messages (`"params"`, `"shape"`).
    init(indices: HostTensor, into shape: [Int], role: String, context: KernelContext) throws {
        guard let depth = indices.shape.last else {
            throw context.arrayError(
                .invalidArgument,
                "indices must be at least a vector, but is a scalar; give each index tuple as a vector.")
        }
        guard depth <= shape.count else {
            throw context.arrayError(
                .invalidArgument,
                "index innermost dimension length must be <= \(role) rank; saw: \(depth) vs. \(shape.count) "
                    + "(indices \(tfShape(indices.shape)), \(role) \(tfShape(shape))).")
        }
        let values = try context.indexValues(indices, "indices")
        let (outer, size) = (Array(indices.shape.dropLast()), shape[depth...].reduce(1, *))
        (outerShape, sliceShape, sliceSize) = (outer, Array(shape[depth...]), size)
        let strides = rowMajorStrides(Array(shape[..<depth])).map { $0 * size }
        let tupleCount = depth == 0 ? outer.reduce(1, *) : values.count / depth
        var offsets: [Int] = []
        offsets.reserveCapacity(tupleCount)
        for tuple in 0..<tupleCount {
            var offset = 0
            for d in 0..<depth {
                let index = values[tuple * depth + d]
                guard index >= 0, index < shape[d] else {
                    let picked = values[(tuple * depth)..<((tuple + 1) * depth)].map(String.init).joined(
                        separator: ", ")
                    throw context.arrayError(
                        .invalidArgument,
                        "indices\(tfShape(multiIndex(tuple, in: outer))) = [\(picked)] does not index into "
                            + "\(role) \(tfShape(shape)); use indices in [0, \(shape[d])) for dimension \(d).")
                }
                offset += index * strides[d]
            }
            offsets.append(offset)
        }
        self.offsets = offsets
    }
}

/// `GatherNd(params, indices)`: the slices of `params` that the index tuples along the last
/// dimension of `indices` pick; output shape `indices.shape[..<-1] + params.shape[depth...]`.
func gatherNdKernel(_ context: KernelContext) throws -> Kernel {
    { inputs in
        try context.checkInputCount(inputs, 2)
        let params = inputs[0]
        let tuples = try IndexTuples(indices: inputs[1], into: params.shape, role: "params", context: context)
        let outputShape = tuples.outerShape + tuples.sliceShape
        _ = try context.checkedElementCount(outputShape, allocating: params.dtype)
        let storage = try params.storage.accept(GatheredSlices(tuples: tuples))
        return [HostTensor(uncheckedStorage: storage, shape: outputShape)]
    }
}

/// The picked slices, one after another.
private struct GatheredSlices: StorageVisitor {
    let tuples: IndexTuples
    func visit<T: HostScalar>(_ values: [T]) -> HostTensor.Storage {
        var result: [T] = []
        result.reserveCapacity(tuples.offsets.count * tuples.sliceSize)
        for offset in tuples.offsets { result.append(contentsOf: values[offset..<(offset + tuples.sliceSize)]) }
        return T.storage(result)
    }
}

/// `ScatterNd(indices, updates, shape)`: zeros of `shape` with each update slice added at the
/// slice its index tuple picks (repeated tuples add up).
func scatterNdKernel(_ context: KernelContext) throws -> Kernel {
    { inputs in
        try context.checkInputCount(inputs, 3)
        let (indices, updates) = (inputs[0], inputs[1])
        let shape = try context.indexVector(inputs[2], "shape")
        _ = try context.checkedElementCount(shape, allocating: updates.dtype)
        let tuples = try IndexTuples(indices: indices, into: shape, role: "shape", context: context)
        try checkUpdates(updates, tuples, context)
        return [try dispatchNumeric(updates, context, ScatteredSlices(tuples: tuples, base: nil, shape: shape))]
    }
}

/// `TensorScatterUpdate(tensor, indices, updates)`: `tensor` with the slices its index tuples
/// pick replaced by the update slices (for a repeated tuple, the last one).
func tensorScatterUpdateKernel(_ context: KernelContext) throws -> Kernel {
    { inputs in
        try context.checkInputCount(inputs, 3)
        let (tensor, indices, updates) = (inputs[0], inputs[1], inputs[2])
        guard tensor.dtype == updates.dtype else {
            throw context.arrayError(
                .dtypeMismatch, "updates are \(updates.dtype) but tensor is \(tensor.dtype); cast them to one dtype.")
        }
        let tuples = try IndexTuples(indices: indices, into: tensor.shape, role: "tensor", context: context)
        try checkUpdates(updates, tuples, context)
        let scatter = ScatteredSlices(tuples: tuples, base: tensor, shape: tensor.shape)
        return [try dispatchNumeric(updates, context, scatter)]
    }
}

/// Checks that `updates` holds one slice per index tuple.
private func checkUpdates(_ updates: HostTensor, _ tuples: IndexTuples, _ context: KernelContext) throws {
    let expected = tuples.outerShape + tuples.sliceShape
    guard updates.shape == expected else {
        throw context.arrayError(
            .shapeMismatch,
            "updates has shape \(tfShape(updates.shape)) but the indices need \(tfShape(expected)) "
                + "(indices.shape[:-1] + the sliced shape's trailing dimensions).")
    }
}

/// The visited update slices written over the slices they pick in `base` or, with no base,
/// added up into zeros of `shape`.
private struct ScatteredSlices: NumericVisitor {
    let tuples: IndexTuples
    let base: HostTensor?
    let shape: [Int]

    func visit<T: NumericElement>(_ updates: [T], _ a: HostTensor) throws -> HostTensor {
        var result: [T]
        if let base {
            guard let values = T.values(in: base.storage) else {
                throw ScopeFlowError(.dtypeMismatch, "updates are \(a.dtype), not \(base.dtype).")
            }
            result = values
        } else {
            result = [T](repeating: .zero, count: shape.reduce(1, *))
        }
        let size = tuples.sliceSize
        for (slice, offset) in tuples.offsets.enumerated() {
            for element in 0..<size {
                let update = updates[slice * size + element]
                result[offset + element] = base == nil ? T.add(result[offset + element], update) : update
            }
        }
        return HostTensor(uncheckedStorage: T.storage(result), shape: shape)
    }
}
