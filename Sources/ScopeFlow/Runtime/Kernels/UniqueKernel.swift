/// `Unique(x)`: the distinct values of the vector `x` in order of first occurrence (`y`), and
/// for each element of `x` the position of its value in `y` (`idx`, of the `out_idx` dtype).
/// Values compare as `==` does: `0.0` and `-0.0` are one value, every NaN is its own.
func uniqueKernel(_ context: KernelContext) throws -> Kernel {
    let indexType = context.attrs["out_idx"]?.typeValue ?? .int32
    guard indexType == .int32 || indexType == .int64 else {
        throw context.arrayError(.dtypeMismatch, "out_idx must be int32 or int64, not \(indexType).")
    }
    return { inputs in
        try context.checkInputCount(inputs, 1)
        let x = inputs[0]
        guard x.shape.count == 1 else { throw context.arrayError(.invalidArgument, "unique expects a 1D vector.") }
        if indexType == .int32, x.count > Int(Int32.max) {
            throw context.arrayError(
                .invalidArgument,
                "unique does not support input tensors larger than \(Int32.max) elements; use out_idx int64.")
        }
        let (values, positions) = distinctValues(x.storage)
        let idx: HostTensor.Storage =
            indexType == .int64 ? .int64(positions.map { Int64($0) }) : .int32(positions.map { Int32($0) })
        return [
            HostTensor(uncheckedStorage: values.storage, shape: [values.count]),
            HostTensor(uncheckedStorage: idx, shape: x.shape),
        ]
    }
}

/// The distinct values of `storage` in order of first occurrence, and each element's position among them.
private func distinctValues(_ storage: HostTensor.Storage) -> (
    values: (storage: HostTensor.Storage, count: Int), positions: [Int]
) {
    func distinct<T: HostScalar & Hashable>(_ elements: [T]) -> ((HostTensor.Storage, Int), [Int]) {
        var first: [T: Int] = [:]
        var values: [T] = []
        var positions: [Int] = []
        positions.reserveCapacity(elements.count)
        for element in elements {
            if let position = first[element] {
                positions.append(position)
            } else {
                // A NaN never finds itself in the table, so each NaN becomes its own value, as in TF.
                first[element] = values.count
                positions.append(values.count)
                values.append(element)
            }
        }
        return ((T.storage(values), values.count), positions)
    }
    switch storage {
    case .float16(let a): return distinct(a)
    case .float32(let a): return distinct(a)
    case .float64(let a): return distinct(a)
    case .int32(let a): return distinct(a)
    case .int64(let a): return distinct(a)
    case .bool(let a): return distinct(a)
    case .string(let a): return distinct(a)
    }
}
