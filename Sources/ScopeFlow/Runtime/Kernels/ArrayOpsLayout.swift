// Kernels that rearrange or replicate a whole tensor: Transpose, Tile and
// BroadcastTo, each one ``StridedView`` over the input.

/// `Transpose(x, perm)`: output dimension `i` is input dimension `perm[i]`.
func transposeKernel(_ context: KernelContext) throws -> Kernel {
    return { inputs in
        try context.checkInputCount(inputs, 2)
        let x = inputs[0]
        let perm = try context.indexVector(inputs[1], "perm")
        let rank = x.shape.count
        guard perm.count == rank else {
            throw context.arrayError(
                .invalidArgument,
                "transpose expects a vector of size \(rank). But input(1) is a vector of size \(perm.count).")
        }
        var seen = [Bool](repeating: false, count: rank)
        for (i, d) in perm.enumerated() {
            guard d >= 0, d < rank, !seen[d] else {
                throw context.arrayError(
                    .invalidArgument,
                    "perm \(tfShape(perm)) is not a permutation of 0..<\(rank): perm[\(i)] = \(d) is "
                        + (d >= 0 && d < rank ? "repeated." : "out of range."))
            }
            seen[d] = true
        }
        let shape = perm.map { x.shape[$0] }
        if perm == Array(0..<rank) { return [x] }
        let strides = rowMajorStrides(x.shape)
        let view = StridedView(offset: 0, counts: shape, steps: perm.map { strides[$0] })
        return [try x.gathering(view, shape: shape)]
    }
}

/// `Tile(input, multiples)`: the input repeated `multiples[i]` times along dimension `i`.
func tileKernel(_ context: KernelContext) throws -> Kernel {
    return { inputs in
        try context.checkInputCount(inputs, 2)
        let x = inputs[0]
        let multiples = try context.indexVector(inputs[1], "multiples")
        guard multiples.count == x.shape.count else {
            throw context.arrayError(
                .invalidArgument,
                "Expected multiples argument to be a vector of length \(x.shape.count) but got length "
                    + "\(multiples.count).")
        }
        for (i, m) in multiples.enumerated() where m < 0 {
            throw context.arrayError(.invalidArgument, "Expected multiples[\(i)] >= 0, but got \(m).")
        }
        let shape = try zip(x.shape, multiples).map { try ShapeCheck.elementCount([$0, $1], of: context.opName) }
        _ = try context.checkedElementCount(shape, allocating: x.dtype)
        if multiples.allSatisfy({ $0 == 1 }) { return [x] }
        // View the output as [m0, d0, m1, d1, …]: each repeat index reads with step 0.
        let strides = rowMajorStrides(x.shape)
        var counts: [Int] = []
        var steps: [Int] = []
        for d in x.shape.indices {
            counts += [multiples[d], x.shape[d]]
            steps += [0, strides[d]]
        }
        return [try x.gathering(StridedView(offset: 0, counts: counts, steps: steps), shape: shape)]
    }
}

/// `BroadcastTo(input, shape)`: the input broadcast (NumPy rules, aligned at the
/// last dimension) to exactly `shape`.
func broadcastToKernel(_ context: KernelContext) throws -> Kernel {
    return { inputs in
        try context.checkInputCount(inputs, 2)
        let x = inputs[0]
        let shape = try context.indexVector(inputs[1], "shape")
        _ = try context.checkedElementCount(shape, allocating: x.dtype)
        let lead = shape.count - x.shape.count
        let compatible = lead >= 0 && x.shape.indices.allSatisfy { x.shape[$0] == shape[lead + $0] || x.shape[$0] == 1 }
        guard compatible else {
            throw context.arrayError(
                .shapeMismatch,
                "Unable to broadcast tensor of shape \(tfShape(x.shape)) to tensor of shape \(tfShape(shape)).")
        }
        if x.shape == shape { return [x] }
        let strides = rowMajorStrides(x.shape)
        let steps = shape.indices.map { d in
            d < lead || x.shape[d - lead] == 1 ? 0 : strides[d - lead]
        }
        return [try x.gathering(StridedView(offset: 0, counts: shape, steps: steps), shape: shape)]
    }
}

/// `InvertPermutation(x)`: `y[x[i]] = i`, with TF's checks that `x` is a permutation of `0..<n`.
func invertPermutationKernel(_ context: KernelContext) throws -> Kernel {
    return { inputs in
        try context.checkInputCount(inputs, 1)
        let x = inputs[0]
        let perm = try context.indexVector(x, "x")
        var inverse = [Int](repeating: -1, count: perm.count)
        for (i, d) in perm.enumerated() {
            guard d >= 0, d < perm.count else {
                throw context.arrayError(.invalidArgument, "\(d) is not between 0 and \(perm.count)")
            }
            guard inverse[d] < 0 else {
                throw context.arrayError(.invalidArgument, "\(d) is duplicated in the input.")
            }
            inverse[d] = i
        }
        return [x.dtype == .int64 ? HostTensor(inverse.map { Int64($0) }) : HostTensor(inverse.map { Int32($0) })]
    }
}
