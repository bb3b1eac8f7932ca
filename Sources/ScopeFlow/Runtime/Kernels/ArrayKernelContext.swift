// Helpers shared by the array kernels (data movement that never looks at element values):
// input checks, index vectors and shapes, written once for every dtype.

extension KernelContext {
    /// An error about this op's inputs, its message prefixed with the op type and name.
    func arrayError(_ code: ScopeFlowError.Code, _ message: String) -> ScopeFlowError {
        ScopeFlowError(code, "\(opType) op '\(opName)': \(message)", names: [opName])
    }

    /// Checks that the op received exactly `count` inputs.
    func checkInputCount(_ inputs: [HostTensor], _ count: Int) throws {
        guard inputs.count == count else {
            throw arrayError(
                .invalidArgument, "expected \(count) input(s) but got \(inputs.count); connect exactly \(count).")
        }
    }

    /// The elements of an `int32` or `int64` tensor as `Int`s.
    ///
    /// - Parameter role: the input's name in error messages (`"perm"`, `"begin"` …).
    func indexValues(_ tensor: HostTensor, _ role: String) throws -> [Int] {
        switch tensor.storage {
        case .int32(let values): return values.map(Int.init)
        case .int64(let values): return values.map(Int.init)
        default:
            throw arrayError(
                .dtypeMismatch, "\(role) must be an int32 or int64 tensor, not \(tensor.dtype); cast it to int32.")
        }
    }

    /// The elements of a rank-1 `int32`/`int64` tensor (a shape, a permutation, begin indices …).
    func indexVector(_ tensor: HostTensor, _ role: String) throws -> [Int] {
        guard tensor.shape.count == 1 else {
            throw arrayError(
                .shapeMismatch, "\(role) must be a vector (rank 1), but has shape \(tfShape(tensor.shape)).")
        }
        return try indexValues(tensor, role)
    }

    /// The value of a scalar `int32`/`int64` tensor; a one-element vector is accepted too,
    /// as TensorFlow does for axis arguments.
    func indexScalar(_ tensor: HostTensor, _ role: String) throws -> Int {
        let values = try indexValues(tensor, role)
        guard values.count == 1, tensor.shape.count <= 1 else {
            throw arrayError(
                .shapeMismatch, "\(role) must be a scalar, but has shape \(tfShape(tensor.shape)).")
        }
        return values[0]
    }

    /// `axis` mapped from `[-rank, rank)` to `[0, rank)`.
    func normalizedAxis(_ axis: Int, rank: Int, _ role: String = "axis") throws -> Int {
        guard axis >= -rank, axis < rank else {
            throw arrayError(
                .invalidArgument, "\(role) \(axis) is out of range for a tensor of rank \(rank); use a value in [\(-rank), \(rank)).")
        }
        return axis < 0 ? axis + rank : axis
    }

    /// The element count of an output `shape` that arrived as data (dims, multiples,
    /// paddings, depth …), checked before the kernel allocates it as `dtype`.
    ///
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a negative or overflowing shape,
    ///   ``ScopeFlowError/Code/resourceExhausted`` when it would not fit in memory.
    func checkedElementCount(_ shape: [Int], allocating dtype: DType) throws -> Int {
        let count = try ShapeCheck.elementCount(shape, of: opName)
        try ShapeCheck.allocation(count, of: dtype, shape: shape, for: opName)
        return count
    }
}

/// A shape as TensorFlow prints it in error messages: `[2,3]`.
func tfShape(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ",") + "]"
}
