// Kernels that create a tensor from scalars: Fill and Range.

/// `Fill(dims, value)`: a tensor of shape `dims` whose every element is the scalar `value`.
func fillKernel(_ context: KernelContext) throws -> Kernel {
    return { inputs in
        try context.checkInputCount(inputs, 2)
        let shape = try context.indexVector(inputs[0], "dims")
        let value = inputs[1]
        guard value.shape.isEmpty else {
            throw context.arrayError(
                .shapeMismatch, "value must be a scalar, but has shape \(tfShape(value.shape)).")
        }
        let count = try context.checkedElementCount(shape, allocating: value.dtype)
        return [HostTensor(uncheckedStorage: try value.storage.accept(RepeatVisitor(count: count)), shape: shape)]
    }
}

/// Repeats the single element of a storage `count` times.
private struct RepeatVisitor: StorageVisitor {
    let count: Int
    func visit<T: HostScalar>(_ values: [T]) -> HostTensor.Storage {
        T.storage([T](repeating: values[0], count: count))
    }
}

/// `Range(start, limit, delta)`: `start, start + delta, …` up to but not including
/// `limit`, for int32, int64, float32 and float64 (TensorFlow's CPU types).
/// Values are accumulated (`value += delta`) exactly as TensorFlow does.
func rangeKernel(_ context: KernelContext) throws -> Kernel {
    return { inputs in
        try context.checkInputCount(inputs, 3)
        for (tensor, role) in zip(inputs, ["start", "limit", "delta"]) {
            guard tensor.count == 1, tensor.shape.count <= 1 else {
                throw context.arrayError(
                    .shapeMismatch, "\(role) must be a scalar, not shape \(tfShape(tensor.shape)).")
            }
            guard tensor.dtype == inputs[0].dtype else {
                throw context.arrayError(
                    .dtypeMismatch, "start, limit and delta must have one dtype, but \(role) is \(tensor.dtype) "
                        + "and start is \(inputs[0].dtype).")
            }
        }
        let start = inputs[0].storage, limit = inputs[1].storage, delta = inputs[2].storage
        switch (start, limit, delta) {
        case (.int32(let s), .int32(let l), .int32(let d)):
            return [try context.integerRange(s[0], l[0], d[0])]
        case (.int64(let s), .int64(let l), .int64(let d)):
            return [try context.integerRange(s[0], l[0], d[0])]
        case (.float32(let s), .float32(let l), .float32(let d)):
            return [try context.floatingRange(s[0], l[0], d[0])]
        case (.float64(let s), .float64(let l), .float64(let d)):
            return [try context.floatingRange(s[0], l[0], d[0])]
        default:
            throw context.arrayError(
                .dtypeMismatch, "Range supports int32, int64, float32 and float64, not \(inputs[0].dtype).")
        }
    }
}

extension KernelContext {
    /// Checks Range's arguments: a non-zero `delta` that moves from `start` towards `limit`.
    private func checkRange<T: Comparable & Numeric>(_ start: T, _ limit: T, _ delta: T) throws {
        guard delta != 0 else { throw arrayError(.invalidArgument, "Requires delta != 0: \(delta)") }
        if delta > 0, start > limit {
            throw arrayError(.invalidArgument, "Requires start <= limit when delta > 0: \(start)/\(limit)")
        }
        if delta < 0, start < limit {
            throw arrayError(.invalidArgument, "Requires start >= limit when delta < 0: \(start)/\(limit)")
        }
    }

    /// An integer range: `ceil(|limit − start| / |delta|)` elements.
    fileprivate func integerRange<T: FixedWidthInteger & HostScalar>(_ start: T, _ limit: T, _ delta: T) throws
        -> HostTensor
    {
        try checkRange(start, limit, delta)
        // Two's-complement differences are exact as magnitudes once the sign is known.
        let distance = (Int64(limit) &- Int64(start)).magnitude
        let step = Int64(delta).magnitude
        let steps = distance / step + (distance % step == 0 ? 0 : 1)
        let size = try checkedElementCount([Int(clamping: steps)], allocating: T.dtype)
        var value = start
        return HostTensor(
            (0..<size).map { _ in
                defer { value &+= delta }
                return value
            })
    }

    /// A floating-point range: `ceil(|(limit − start) / delta|)` elements.
    fileprivate func floatingRange<T: BinaryFloatingPoint & HostScalar>(_ start: T, _ limit: T, _ delta: T) throws
        -> HostTensor
    {
        guard start.isFinite, limit.isFinite, delta.isFinite else {
            throw arrayError(
                .invalidArgument, "start, limit and delta must be finite, got \(start), \(limit), \(delta).")
        }
        try checkRange(start, limit, delta)
        let exact = ((limit - start) / delta).magnitude.rounded(.up)
        let size = try checkedElementCount([exact < 0x1p62 ? Int(exact) : Int.max], allocating: T.dtype)
        var value = start
        return HostTensor(
            (0..<size).map { _ in
                defer { value += delta }
                return value
            })
    }
}
