/// Kernels that join tensors along an axis or split one apart: ConcatV2, Pack,
/// Split, SplitV and Unpack. All of them copy whole rows of `inner` elements at a time.
extension Kernels {

}

/// `ConcatV2(values_0 … values_{N-1}, axis)`: joins tensors of one rank along `axis`.
func concatKernel(_ context: KernelContext) throws -> SingleOutputKernel {
    let n = context.int("N", default: 0)
    guard n >= 1 else { throw context.arrayError(.invalidArgument, "attribute N must be >= 1, got \(n).") }
    return { inputs in
        try context.checkInputCount(inputs, n + 1)
        let values = Array(inputs.prefix(n))
        let first = values[0].shape
        guard !first.isEmpty else {
            throw context.arrayError(.invalidArgument, "Can't concatenate scalars (use tf.stack instead).")
        }
        let axis = try context.normalizedAxis(context.indexScalar(inputs[n], "axis"), rank: first.count)
        var shape = first
        shape[axis] = 0
        for (k, value) in values.enumerated() {
            let matches =
                value.shape.count == first.count
                && value.shape.indices.allSatisfy { $0 == axis || value.shape[$0] == first[$0] }
            guard matches else {
                throw context.arrayError(
                    .shapeMismatch,
                    "all inputs must have the same shape except along axis \(axis): "
                        + "values[0] is \(tfShape(first)) but values[\(k)] is \(tfShape(value.shape)).")
            }
            shape[axis] += value.shape[axis]
        }
        guard n > 1 else { return values[0] }
        let outer = first[..<axis].reduce(1, *)
        let runs = values.map { $0.shape[axis...].reduce(1, *) }
        return try joined(values, runs: runs, outer: outer, shape: shape, context)
    }
}

/// `Pack(values_0 … values_{N-1})`: stacks N tensors of one shape along a new dimension `axis`.
func packKernel(_ context: KernelContext) throws -> Kernel {
    let n = context.int("N", default: 0)
    let axisAttr = context.int("axis", default: 0)
    guard n >= 1 else { throw context.arrayError(.invalidArgument, "attribute N must be >= 1, got \(n).") }
    return { inputs in
        try context.checkInputCount(inputs, n)
        let first = inputs[0].shape
        for (k, value) in inputs.enumerated() where value.shape != first {
            throw context.arrayError(
                .shapeMismatch,
                "Shapes of all inputs must match: values[0].shape = \(tfShape(first)) "
                    + "!= values[\(k)].shape = \(tfShape(value.shape)).")
        }
        let axis = try context.normalizedAxis(axisAttr, rank: first.count + 1)
        var shape = first
        shape.insert(n, at: axis)
        let outer = first[..<axis].reduce(1, *)
        let run = first[axis...].reduce(1, *)
        return [try joined(inputs, runs: Array(repeating: run, count: n), outer: outer, shape: shape, context)]
    }
}

/// Interleaves `outer` rows of `runs[k]` elements of each of `values` into one tensor of `shape`.
private func joined(_ values: [HostTensor], runs: [Int], outer: Int, shape: [Int], _ context: KernelContext) throws
    -> HostTensor
{
    let storage = try values[0].storage.accept(
        InterleaveVisitor(others: Array(values.dropFirst()), runs: runs, outer: outer, context: context))
    return HostTensor(uncheckedStorage: storage, shape: shape)
}

/// Interleaves the visited array with `others`, which must hold the same element type.
private struct InterleaveVisitor: StorageVisitor {
    let others: [HostTensor]
    let runs: [Int]
    let outer: Int
    let context: KernelContext

    func visit<T: HostScalar>(_ values: [T]) throws -> HostTensor.Storage {
        var sources = [values]
        for (k, other) in others.enumerated() {
            guard let typed = T.values(in: other.storage) else {
                throw context.arrayError(
                    .dtypeMismatch,
                    "all inputs must have one dtype: input 0 is \(T.dtype) but input \(k + 1) is \(other.dtype).")
            }
            sources.append(typed)
        }
        return T.storage(interleave(sources, runs: runs, outer: outer))
    }
}

/// `Split(split_dim, value)`: `num_split` equal pieces along `split_dim`.
func splitKernel(_ context: KernelContext) throws -> Kernel {
    let pieces = context.int("num_split", default: 0)
    guard pieces >= 1 else {
        throw context.arrayError(.invalidArgument, "attribute num_split must be >= 1, got \(pieces).")
    }
    return { inputs in
        try context.checkInputCount(inputs, 2)
        let value = inputs[1]
        let axis = try context.normalizedAxis(
            context.indexScalar(inputs[0], "split_dim"), rank: value.shape.count, "split_dim")
        let size = value.shape[axis]
        guard size % pieces == 0 else {
            throw context.arrayError(
                .invalidArgument,
                "Number of ways to split should evenly divide the split dimension, but got split_dim \(axis) "
                    + "(size = \(size)) and num_split \(pieces).")
        }
        return try split(value, axis: axis, sizes: Array(repeating: size / pieces, count: pieces), keepAxis: true)
    }
}

/// `SplitV(value, size_splits, split_dim)`: pieces of the given sizes along
/// `split_dim`; one size may be -1 and takes the rest.
func splitVKernel(_ context: KernelContext) throws -> Kernel {
    return { inputs in
        try context.checkInputCount(inputs, 3)
        let value = inputs[0]
        var sizes = try context.indexVector(inputs[1], "size_splits")
        let axis = try context.normalizedAxis(
            context.indexScalar(inputs[2], "split_dim"), rank: value.shape.count, "split_dim")
        let dim = value.shape[axis]
        let inferred = sizes.indices.filter { sizes[$0] == -1 }
        guard inferred.count <= 1, sizes.allSatisfy({ $0 >= -1 }) else {
            throw context.arrayError(
                .invalidArgument, "size_splits \(tfShape(sizes)) may hold one -1 and otherwise only sizes >= 0.")
        }
        let known = sizes.filter { $0 >= 0 }.reduce(0) { $0 &+ $1 }
        if let i = inferred.first, known <= dim { sizes[i] = dim - known }
        guard sizes.reduce(0, { $0 &+ $1 }) == dim, sizes.allSatisfy({ $0 >= 0 }) else {
            throw context.arrayError(
                .invalidArgument,
                "size_splits \(tfShape(sizes)) must add up to the size of dimension \(axis), \(dim) "
                    + "(or, with a -1, to at most \(dim)).")
        }
        return try split(value, axis: axis, sizes: sizes, keepAxis: true)
    }
}

/// `Unpack(value)`: the `num` slices of `value` along `axis`, each without that dimension.
func unpackKernel(_ context: KernelContext) throws -> Kernel {
    let numAttr = context.attrs["num"]?.intValue
    let axisAttr = context.int("axis", default: 0)
    return { inputs in
        try context.checkInputCount(inputs, 1)
        let value = inputs[0]
        let axis = try context.normalizedAxis(axisAttr, rank: value.shape.count)
        let num = numAttr ?? value.shape[axis]
        guard value.shape[axis] == num else {
            throw context.arrayError(
                .shapeMismatch, "input shape axis \(axis) must equal num = \(num), got \(value.shape[axis]).")
        }
        return try split(value, axis: axis, sizes: Array(repeating: 1, count: num), keepAxis: false)
    }
}

/// The consecutive pieces of `value` along `axis` with the given sizes, which sum
/// to the dimension. With `keepAxis == false` every size is 1 and the axis is removed.
private func split(_ value: HostTensor, axis: Int, sizes: [Int], keepAxis: Bool) throws -> [HostTensor] {
    if sizes.count == 1 {
        return [keepAxis ? value : value.reshaped(value.shape.enumerated().filter { $0.offset != axis }.map(\.element))]
    }
    let outer = value.shape[..<axis].reduce(1, *)
    let inner = value.shape[(axis + 1)...].reduce(1, *)
    let pieces = try value.storage.accept(DeinterleaveVisitor(runs: sizes.map { $0 * inner }, outer: outer))
    return zip(pieces, sizes).map { storage, size in
        var shape = value.shape
        if keepAxis { shape[axis] = size } else { shape.remove(at: axis) }
        return HostTensor(uncheckedStorage: storage, shape: shape)
    }
}

/// Splits each of `outer` rows of the visited array into pieces of `runs` elements.
private struct DeinterleaveVisitor: StorageVisitor {
    let runs: [Int]
    let outer: Int
    func visit<T: HostScalar>(_ values: [T]) -> [HostTensor.Storage] {
        deinterleave(values, runs: runs, outer: outer).map(T.storage)
    }
}
