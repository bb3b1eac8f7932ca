// Kernels that split a tensor's rows apart or merge rows by index: Where, DynamicPartition,
// DynamicStitch and ParallelDynamicStitch.

/// `Where(condition)`: the coordinates of the true (non-zero) entries of `condition`, one int64
/// row of `rank` coordinates per entry, in row-major order.
func whereKernel(_ context: KernelContext) throws -> Kernel {
    { inputs in
        try context.checkInputCount(inputs, 1)
        let condition = inputs[0]
        let truth: [Bool]
        switch condition.storage {
        case .bool(let values): truth = values
        case .float32(let values): truth = values.map { $0 != 0 }
        case .float64(let values): truth = values.map { $0 != 0 }
        case .int32(let values): truth = values.map { $0 != 0 }
        case .int64(let values): truth = values.map { $0 != 0 }
        default:
            throw context.arrayError(
                .dtypeMismatch, "condition must be bool or numeric, not \(condition.dtype); compare it to get a bool.")
        }
        var coordinates: [Int64] = []
        for (flat, isTrue) in truth.enumerated() where isTrue {
            coordinates.append(contentsOf: multiIndex(flat, in: condition.shape).map(Int64.init))
        }
        let rank = condition.shape.count
        let rows = rank == 0 ? truth.filter { $0 }.count : coordinates.count / rank
        return [HostTensor(uncheckedStorage: .int64(coordinates), shape: [rows, rank])]
    }
}

/// `DynamicPartition(data, partitions)`: `num_partitions` outputs, output `p` holding the slices of
/// `data` (past the dimensions of `partitions`) whose partition is `p`, in order.
func dynamicPartitionKernel(_ context: KernelContext) throws -> Kernel {
    let count = context.int("num_partitions", default: 1)
    guard count >= 1 else {
        throw context.arrayError(.invalidArgument, "num_partitions must be at least 1, but is \(count).")
    }
    return { inputs in
        try context.checkInputCount(inputs, 2)
        let (data, partitions) = (inputs[0], inputs[1])
        guard data.shape.starts(with: partitions.shape) else {
            throw context.arrayError(
                .shapeMismatch,
                "data.shape must start with partitions.shape, got data.shape = \(tfShape(data.shape)), "
                    + "partitions.shape = \(tfShape(partitions.shape)).")
        }
        let assigned = try context.indexValues(partitions, "partitions")
        for (i, p) in assigned.enumerated() where p < 0 || p >= count {
            throw context.arrayError(
                .invalidArgument,
                "partitions\(tfShape(multiIndex(i, in: partitions.shape))) = \(p) is not in [0, \(count)); "
                    + "give every entry a partition below num_partitions.")
        }
        let slice = Array(data.shape[partitions.shape.count...])
        let rowsOf = (0..<count).map { p in assigned.indices.filter { assigned[$0] == p } }
        return try rowsOf.map { rows in
            let taken = try data.storage.accept(Rows(rows: rows, size: slice.reduce(1, *)))
            return HostTensor(uncheckedStorage: taken, shape: [rows.count] + slice)
        }
    }
}

/// `DynamicStitch(indices…, data…)` and `ParallelDynamicStitch`: one tensor whose row `indices[i][j]`
/// is the slice `data[i][j]`, later inputs winning where an index repeats; rows no index names are 0.
func dynamicStitchKernel(_ context: KernelContext) throws -> Kernel {
    let n = context.int("N", default: 1)
    return { inputs in
        try context.checkInputCount(inputs, 2 * n)
        let (indexTensors, data) = (Array(inputs[..<n]), Array(inputs[n...]))
        guard let first = data.first, let firstIndices = indexTensors.first,
            first.shape.starts(with: firstIndices.shape)
        else {
            throw context.arrayError(.invalidArgument, "needs data[0].shape to start with indices[0].shape.")
        }
        let slice = Array(first.shape[firstIndices.shape.count...])
        var rows: [(index: Int, input: Int, row: Int)] = []
        for (input, (indices, values)) in zip(indexTensors, data).enumerated() {
            guard values.dtype == first.dtype, values.shape == indices.shape + slice else {
                throw context.arrayError(
                    .shapeMismatch,
                    "data[\(input)].shape = \(tfShape(values.shape)) does not start with indices[\(input)].shape = "
                        + "\(tfShape(indices.shape)) followed by the slice shape \(tfShape(slice)) of data[0].")
            }
            for (row, index) in try context.indexValues(indices, "indices").enumerated() {
                guard index >= 0 else {
                    throw context.arrayError(
                        .invalidArgument, "indices[\(input)] holds \(index); stitched indices must not be negative.")
                }
                rows.append((index, input, row))
            }
        }
        let outputShape = [(rows.map(\.index).max() ?? -1) + 1] + slice
        _ = try context.checkedElementCount(outputShape, allocating: first.dtype)
        let zero = try HostTensor(scalar: 0.0).converted(to: first.dtype)
        let stitched = Stitched(
            rows: rows, data: data, zero: zero, outputRows: outputShape[0], size: slice.reduce(1, *))
        let storage = try first.storage.accept(stitched)
        return [HostTensor(uncheckedStorage: storage, shape: outputShape)]
    }
}

/// The visited tensor's slices of `size` elements numbered `rows`, one after another.
private struct Rows: StorageVisitor {
    let rows: [Int]
    let size: Int
    func visit<T: HostScalar>(_ values: [T]) -> HostTensor.Storage {
        var result: [T] = []
        result.reserveCapacity(rows.count * size)
        for row in rows { result.append(contentsOf: values[(row * size)..<((row + 1) * size)]) }
        return T.storage(result)
    }
}

/// The stitched rows over `zero`s (a scalar of the data's dtype); the visited array only fixes
/// the element type.
private struct Stitched: StorageVisitor {
    let rows: [(index: Int, input: Int, row: Int)]
    let data: [HostTensor]
    let zero: HostTensor
    let outputRows: Int
    let size: Int

    func visit<T: HostScalar>(_ first: [T]) throws -> HostTensor.Storage {
        guard let filler = T.values(in: zero.storage)?.first else {
            throw ScopeFlowError(.dtypeMismatch, "DynamicStitch has no zero of dtype \(zero.dtype).")
        }
        let sources = data.map { T.values(in: $0.storage) ?? [] }
        var result = [T](repeating: filler, count: outputRows * size)
        for (index, input, row) in rows {
            let source = sources[input][(row * size)..<((row + 1) * size)]
            result.replaceSubrange((index * size)..<((index + 1) * size), with: source)
        }
        return T.storage(result)
    }
}
