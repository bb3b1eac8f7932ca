// Index-driven kernels: Gather, GatherV2 and OneHot.

/// `GatherV2(params, indices, axis)`: slices of `params` along `axis` picked by
/// `indices`; output shape `params.shape[..<axis] + indices.shape[batch_dims...]
/// + params.shape[(axis+1)...]`. The first `batch_dims` dimensions of params
/// and indices are batch dimensions gathered pairwise.
func gatherKernel(_ context: KernelContext) throws -> Kernel {
    let batchDimsAttr = context.int("batch_dims", default: 0)
    return { inputs in
        try context.checkInputCount(inputs, 3)
        let params = inputs[0]
        let indicesTensor = inputs[1]
        let indices = try context.indexValues(indicesTensor, "indices")
        let axis = try context.normalizedAxis(context.indexScalar(inputs[2], "axis"), rank: params.shape.count)
        let layout = try GatherLayout(
            params: params.shape, indices: indicesTensor.shape, axis: axis, batchDims: batchDimsAttr, dtype: params.dtype,
            context: context)
        for (i, index) in indices.enumerated() where index < 0 || index >= layout.axisSize {
            throw context.arrayError(
                .invalidArgument,
                "indices\(tfShape(multiIndex(i, in: indicesTensor.shape))) = \(index) is not in "
                    + "[0, \(layout.axisSize)); use indices inside dimension \(axis) of params \(tfShape(params.shape)).")
        }
        let storage = try params.storage.accept(GatherVisitor(layout: layout, indices: indices))
        return [HostTensor(uncheckedStorage: storage, shape: layout.outputShape)]
    }
}

/// The deprecated `Gather(params, indices)`: GatherV2 along axis 0.
func legacyGatherKernel(_ context: KernelContext) throws -> Kernel {
    let gatherV2 = try gatherKernel(context)
    let axisZero = HostTensor(scalar: Int32(0))
    return { inputs in
        try context.checkInputCount(inputs, 2)
        return try gatherV2(inputs + [axisZero])
    }
}

/// The row-major multi-index of flat position `flat` in `shape`.
func multiIndex(_ flat: Int, in shape: [Int]) -> [Int] {
    var rest = flat
    var index = [Int](repeating: 0, count: shape.count)
    for d in shape.indices.reversed() where shape[d] > 0 {
        index[d] = rest % shape[d]
        rest /= shape[d]
    }
    return index
}

/// GatherV2's view of params as `[batch, outer, axisSize, inner]` and of
/// indices as `[batch, perBatch]`.
private struct GatherLayout: Sendable {
    let batch: Int
    let outer: Int
    let axisSize: Int
    let inner: Int
    let perBatch: Int
    let outputShape: [Int]

    init(params: [Int], indices: [Int], axis: Int, batchDims requested: Int, dtype: DType, context: KernelContext) throws {
        guard requested >= -indices.count, requested <= indices.count else {
            throw context.arrayError(
                .invalidArgument,
                "Expected batch_dims in the range [\(-indices.count), \(indices.count)], but got \(requested).")
        }
        let batchDims = requested < 0 ? requested + indices.count : requested
        if batchDims > 0 {
            guard batchDims < params.count, axis >= batchDims else {
                throw context.arrayError(
                    .invalidArgument,
                    "batch_dims (\(batchDims)) must be less than rank(params) (\(params.count)) and at most "
                        + "axis (\(axis)).")
            }
            for d in 0..<batchDims where params[d] != indices[d] {
                throw context.arrayError(
                    .shapeMismatch,
                    "params.shape[\(d)]: \(params[d]) should be equal to indices.shape[\(d)]: \(indices[d]).")
            }
        }
        batch = params[..<batchDims].reduce(1, *)
        outer = params[batchDims..<axis].reduce(1, *)
        axisSize = params[axis]
        inner = params[(axis + 1)...].reduce(1, *)
        perBatch = indices[batchDims...].reduce(1, *)
        outputShape = Array(params[..<axis]) + indices[batchDims...] + params[(axis + 1)...]
        _ = try context.checkedElementCount(outputShape, allocating: dtype)
    }

    /// The gathered rows of `params`; every index must already be in `0..<axisSize`.
    func gather<T>(_ params: [T], indices: [Int]) -> [T] {
        let count = batch * outer * perBatch * inner
        guard count > 0 else { return [] }
        return params.withUnsafeBufferPointer { buffer in
            makeArray(count: count) { destination in
                guard let base = buffer.baseAddress else { return }
                var out = destination
                for b in 0..<batch {
                    for o in 0..<outer {
                        let row = (b * outer + o) * axisSize
                        for index in indices[(b * perBatch)..<((b + 1) * perBatch)] {
                            out.initialize(from: base + (row + index) * inner, count: inner)
                            out += inner
                        }
                    }
                }
            }
        }
    }
}

/// Gathers the visited params array.
private struct GatherVisitor: StorageVisitor {
    let layout: GatherLayout
    let indices: [Int]
    func visit<T: HostScalar>(_ values: [T]) -> HostTensor.Storage {
        T.storage(layout.gather(values, indices: indices))
    }
}

/// `OneHot(indices, depth, on_value, off_value)`: a new dimension of size `depth`
/// at `axis` (-1: last) holding `on_value` where it equals the index and
/// `off_value` elsewhere. An index outside `0..<depth` gives a row of all `off_value`.
func oneHotKernel(_ context: KernelContext) throws -> Kernel {
    let axisAttr = context.int("axis", default: -1)
    guard axisAttr >= -1 else {
        throw context.arrayError(.invalidArgument, "axis must be -1 or a dimension index, not \(axisAttr).")
    }
    return { inputs in
        try context.checkInputCount(inputs, 4)
        let indicesTensor = inputs[0]
        let indices = try context.indexValues(indicesTensor, "indices")
        let depth = try context.indexScalar(inputs[1], "depth")
        let rank = indicesTensor.shape.count
        let axis = axisAttr == -1 ? rank : axisAttr
        guard axis <= rank else {
            throw context.arrayError(
                .invalidArgument, "Expected axis to be -1 or between [0, \(rank)].  But received: \(axisAttr)")
        }
        guard depth >= 0 else {
            throw context.arrayError(.invalidArgument, "depth must be non-negative, got: \(depth)")
        }
        let on = inputs[2], off = inputs[3]
        guard on.shape.isEmpty, off.shape.isEmpty, on.dtype == off.dtype else {
            throw context.arrayError(
                .invalidArgument,
                "on_value and off_value must be scalars of one dtype, got \(on.dtype)\(tfShape(on.shape)) "
                    + "and \(off.dtype)\(tfShape(off.shape)).")
        }
        var shape = indicesTensor.shape
        shape.insert(depth, at: axis)
        _ = try context.checkedElementCount(shape, allocating: on.dtype)
        let suffix = indicesTensor.shape[axis...].reduce(1, *)
        let visitor = OneHotVisitor(indices: indices, depth: depth, suffix: suffix, off: off.storage)
        return [HostTensor(uncheckedStorage: try on.storage.accept(visitor), shape: shape)]
    }
}

/// Builds a one-hot array from the visited on-value. Indices are viewed as
/// `[prefix, suffix]` and the output as `[prefix, depth, suffix]`.
private struct OneHotVisitor: StorageVisitor {
    let indices: [Int]
    let depth: Int
    let suffix: Int
    let off: HostTensor.Storage

    func visit<T: HostScalar>(_ values: [T]) throws -> HostTensor.Storage {
        guard let offValue = T.values(in: off)?.first, let onValue = values.first else {
            throw ScopeFlowError(.dtypeMismatch, "OneHot: on_value and off_value must have one dtype.")
        }
        var output = [T](repeating: offValue, count: indices.count * depth)
        for (i, index) in indices.enumerated() where index >= 0 && index < depth {
            let (p, s) = i.quotientAndRemainder(dividingBy: suffix)
            output[(p * depth + index) * suffix + s] = onValue
        }
        return T.storage(output)
    }
}
