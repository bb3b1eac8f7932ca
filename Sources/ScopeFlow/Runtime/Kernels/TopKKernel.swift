/// `TopKV2(input, k)`: the `k` largest entries of each row (the last dimension) of `input`, and
/// their positions in the row, largest first; equal entries keep their order in the row, as in
/// TF's kernel. The positions are of the `index_type` attribute (int32 by default).
func topKKernel(_ context: KernelContext) throws -> Kernel {
    let indexType = context.attrs["index_type"]?.typeValue ?? .int32
    guard indexType == .int32 || indexType == .int64 else {
        throw context.arrayError(.invalidArgument, "index_type must be int32 or int64, not \(indexType).")
    }
    return { inputs in
        try context.checkInputCount(inputs, 2)
        let input = inputs[0]
        let k = try context.indexScalar(inputs[1], "k")
        guard let columns = input.shape.last else {
            throw context.arrayError(.invalidArgument, "input must be >= 1-D, but is a scalar; pass a vector or more.")
        }
        guard k >= 0 else { throw context.arrayError(.invalidArgument, "Need k >= 0, got \(k).") }
        guard columns >= k else {
            throw context.arrayError(
                .invalidArgument,
                "input must have at least k columns. Had \(columns), needed \(k); lower k or pass a wider input.")
        }
        let outputShape = Array(input.shape.dropLast()) + [k]
        _ = try context.checkedElementCount(outputShape, allocating: input.dtype)
        let rows = TopKRows(columns: columns, k: k)
        let (values, positions): (HostTensor.Storage, [Int])
        switch input.storage {
        case .float32(let x): (values, positions) = rows.pick(x)
        case .float64(let x): (values, positions) = rows.pick(x)
        case .float16(let x): (values, positions) = rows.pick(x)
        case .int32(let x): (values, positions) = rows.pick(x)
        case .int64(let x): (values, positions) = rows.pick(x)
        default: throw MathInputs.unsupported(input.dtype, context, allowed: "a float or int type")
        }
        let indices =
            indexType == .int64
            ? HostTensor(uncheckedStorage: .int64(positions.map(Int64.init)), shape: outputShape)
            : HostTensor(uncheckedStorage: .int32(positions.map(Int32.init)), shape: outputShape)
        return [HostTensor(uncheckedStorage: values, shape: outputShape), indices]
    }
}

/// Picks the `k` largest entries of each row of `columns` entries.
private struct TopKRows {
    let columns: Int
    let k: Int

    /// The picked entries, row by row, largest first (ties: first in the row), and their
    /// positions within their rows.
    func pick<T: NumericElement>(_ x: [T]) -> (values: HostTensor.Storage, positions: [Int]) {
        guard columns > 0, k > 0 else { return (T.storage([]), []) }
        var values: [T] = []
        var positions: [Int] = []
        values.reserveCapacity(x.count / columns * k)
        positions.reserveCapacity(x.count / columns * k)
        for row in 0..<(x.count / columns) {
            let base = row * columns
            let ranked = (0..<columns).sorted { a, b in
                let (u, v) = (x[base + a], x[base + b])
                if u > v { return true }
                if u < v { return false }
                return a < b
            }
            for position in ranked.prefix(k) {
                values.append(x[base + position])
                positions.append(position)
            }
        }
        return (T.storage(values), positions)
    }
}
