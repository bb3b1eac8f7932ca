/// Kernels that only change a tensor's shape metadata: Const, Identity,
/// Reshape, ExpandDims and Squeeze. All but Const share the input's storage,
/// so they run in O(1) whatever the tensor's size.
extension Kernels {

}

/// `Const`: outputs its `value` attribute.
func constKernel(_ context: KernelContext) throws -> Kernel {
    guard let value = try context.attr("value").tensorValue else {
        throw context.arrayError(.invalidArgument, "attribute 'value' must be a tensor.")
    }
    return { inputs in
        try context.checkInputCount(inputs, 0)
        return [value]
    }
}

/// `Identity`: outputs its input unchanged.
func identityKernel(_ context: KernelContext) throws -> Kernel {
    return { inputs in
        try context.checkInputCount(inputs, 1)
        return [inputs[0]]
    }
}

/// `Reshape(tensor, shape)`: the same elements in a new shape; one dimension of
/// `shape` may be -1 and is then inferred from the element count.
func reshapeKernel(_ context: KernelContext) throws -> SingleOutputKernel {
    return { inputs in
        try context.checkInputCount(inputs, 2)
        let requested = try context.indexVector(inputs[1], "shape")
        let x = inputs[0]
        return x.reshaped(try context.reshapedShape(requested, elementCount: x.count))
    }
}

extension KernelContext {
    /// `requested` with its -1 (if any) resolved so that it holds `elementCount` elements.
    fileprivate func reshapedShape(_ requested: [Int], elementCount: Int) throws -> [Int] {
        var inferred: Int?
        var known = requested
        for (i, dim) in requested.enumerated() {
            if dim == -1 {
                if let first = inferred {
                    throw arrayError(.invalidArgument, "only one dimension of shape may be -1, not both \(first) and \(i).")
                }
                inferred = i
                known[i] = 1
            } else if dim < 0 {
                throw arrayError(.invalidArgument, "dimension \(i) of shape must be >= 0 or -1, not \(dim).")
            }
        }
        let knownCount = try ShapeCheck.elementCount(known, of: opName)
        guard let inferred else {
            guard knownCount == elementCount else {
                throw arrayError(
                    .shapeMismatch,
                    "Cannot reshape a tensor with \(elementCount) elements to shape \(tfShape(requested)) "
                        + "(\(knownCount) elements); give a shape with \(elementCount) elements.")
            }
            return requested
        }
        guard knownCount > 0 else {
            throw arrayError(
                .invalidArgument,
                "cannot infer the -1 dimension of shape \(tfShape(requested)) when another dimension is 0.")
        }
        guard elementCount % knownCount == 0 else {
            throw arrayError(
                .shapeMismatch,
                "Cannot reshape a tensor with \(elementCount) elements to shape \(tfShape(requested)): "
                    + "\(elementCount) is not a multiple of \(knownCount).")
        }
        known[inferred] = elementCount / knownCount
        return known
    }
}

/// `ExpandDims(input, dim)`: inserts a dimension of size 1 at `dim` (in `[-rank-1, rank]`).
func expandDimsKernel(_ context: KernelContext) throws -> Kernel {
    return { inputs in
        try context.checkInputCount(inputs, 2)
        let x = inputs[0]
        let rank = x.shape.count
        let axis = try context.normalizedAxis(context.indexScalar(inputs[1], "dim"), rank: rank + 1, "dim")
        var shape = x.shape
        shape.insert(1, at: axis)
        return [x.reshaped(shape)]
    }
}

/// `Squeeze(input)`: removes the size-1 dimensions listed in `squeeze_dims`, or
/// every size-1 dimension when the list is empty.
func squeezeKernel(_ context: KernelContext) throws -> Kernel {
    let dims = context.ints("squeeze_dims", default: [])
    return { inputs in
        try context.checkInputCount(inputs, 1)
        let x = inputs[0]
        guard !dims.isEmpty else { return [x.reshaped(x.shape.filter { $0 != 1 })] }
        var remove = Set<Int>()
        for dim in dims {
            let axis = try context.normalizedAxis(dim, rank: x.shape.count, "squeeze dim")
            guard x.shape[axis] == 1 else {
                throw context.arrayError(
                    .shapeMismatch,
                    "Can not squeeze dim[\(axis)], expected a dimension of 1, got \(x.shape[axis]) "
                        + "(input shape \(tfShape(x.shape))).")
            }
            remove.insert(axis)
        }
        let shape = x.shape.enumerated().filter { !remove.contains($0.offset) }.map(\.element)
        return [x.reshaped(shape)]
    }
}
