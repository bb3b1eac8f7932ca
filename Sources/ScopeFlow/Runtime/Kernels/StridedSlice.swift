// Slicing kernels: Slice and StridedSlice, both copied through a ``StridedView``.

/// `Slice(input, begin, size)`: the box starting at `begin` with extent `size`;
/// a size of -1 takes everything to the end of that dimension.
func sliceKernel(_ context: KernelContext) throws -> SingleOutputKernel {
    return { inputs in
        try context.checkInputCount(inputs, 3)
        let x = inputs[0]
        let begin = try context.indexVector(inputs[1], "begin")
        var size = try context.indexVector(inputs[2], "size")
        let rank = x.shape.count
        guard begin.count == rank, size.count == rank else {
            throw context.arrayError(
                .shapeMismatch,
                "Expected begin and size arguments to be 1-D tensors of size \(rank), but got shapes "
                    + "[\(begin.count)] and [\(size.count)] instead.")
        }
        for d in 0..<rank {
            let dim = x.shape[d]
            if size[d] == -1 { size[d] = dim - begin[d] }
            guard begin[d] >= 0, begin[d] <= dim else {
                throw context.arrayError(
                    .invalidArgument, "Expected begin[\(d)] in [0, \(dim)], but got \(begin[d]).")
            }
            guard size[d] >= 0, size[d] <= dim - begin[d] else {
                throw context.arrayError(
                    .invalidArgument, "Expected size[\(d)] in [0, \(dim - begin[d])], but got \(size[d]).")
            }
        }
        if size == x.shape { return x }
        let strides = rowMajorStrides(x.shape)
        let offset = zip(begin, strides).reduce(0) { $0 + $1.0 * $1.1 }
        return try x.gathering(StridedView(offset: offset, counts: size, steps: strides), shape: size)
    }
}

/// The masks of a StridedSlice op, one bit per entry of its begin/end/strides.
struct StridedSliceMasks: Sendable {
    let begin: Int
    let end: Int
    let ellipsis: Int
    let newAxis: Int
    let shrinkAxis: Int

    init(_ context: KernelContext) throws {
        begin = context.int("begin_mask", default: 0)
        end = context.int("end_mask", default: 0)
        ellipsis = context.int("ellipsis_mask", default: 0)
        newAxis = context.int("new_axis_mask", default: 0)
        shrinkAxis = context.int("shrink_axis_mask", default: 0)
        guard ellipsis & (ellipsis - 1) == 0 else {
            throw context.arrayError(.invalidArgument, "Multiple ellipses in slice spec not allowed.")
        }
    }
}

/// `StridedSlice(input, begin, end, strides)` with NumPy-style indexing: negative
/// indices and strides, the begin/end masks (take the whole range), an ellipsis,
/// new axes and shrunk (integer-indexed) axes.
func stridedSliceKernel(_ context: KernelContext) throws -> SingleOutputKernel {
    let geometries = StridedSliceGeometry.Memo(masks: try StridedSliceMasks(context), context: context)
    return { inputs in
        try context.checkInputCount(inputs, 4)
        let x = inputs[0]
        let geometry = try geometries.geometry(shape: x.shape, inputs[1], inputs[2], inputs[3])
        if geometry.plan.isIdentity { return x.reshaped(geometry.plan.outputShape) }
        return try x.gathering(geometry.view, shape: geometry.plan.outputShape)
    }
}

/// A StridedSlice's ``StridedSlicePlan`` and the ``StridedView`` of the input
/// elements it reads, for one input shape and one set of indices.
struct StridedSliceGeometry: Sendable {
    let plan: StridedSlicePlan
    let view: StridedView

    /// What the geometry depends on.
    struct Key: Equatable, Sendable {
        let shape: [Int]
        let begin: [Int]
        let end: [Int]
        let strides: [Int]
    }

    init(_ key: Key, masks: StridedSliceMasks, context: KernelContext) throws {
        plan = try StridedSlicePlan(
            shape: key.shape, begin: key.begin, end: key.end, strides: key.strides, masks: masks, context: context)
        let inputStrides = rowMajorStrides(key.shape)
        let offset = zip(plan.begin, inputStrides).reduce(0) { $0 + $1.0 * $1.1 }
        view = StridedView(offset: offset, counts: plan.counts, steps: zip(plan.strides, inputStrides).map { $0 * $1 })
    }

    /// The geometries of one kernel: the last one is kept, since a plan slices
    /// the same shapes with the same indices on every run.
    struct Memo: Sendable {
        let masks: StridedSliceMasks
        let context: KernelContext
        private let memo = KernelMemo<Key, StridedSliceGeometry>()

        init(masks: StridedSliceMasks, context: KernelContext) {
            self.masks = masks
            self.context = context
        }

        /// The geometry of slicing a tensor of `shape` with the `begin`, `end` and `strides` inputs.
        func geometry(shape: [Int], _ begin: HostTensor, _ end: HostTensor, _ strides: HostTensor) throws
            -> StridedSliceGeometry
        {
            let key = Key(
                shape: shape, begin: try context.indexVector(begin, "begin"), end: try context.indexVector(end, "end"),
                strides: try context.indexVector(strides, "strides"))
            return try memo.value(for: key) { try StridedSliceGeometry(key, masks: masks, context: context) }
        }
    }
}

/// A StridedSlice resolved against the input's shape, as TensorFlow's
/// `ValidateStridedSliceOp` does: per input dimension a canonical begin, a
/// stride and an element count, plus the output shape with new axes added and
/// shrunk axes removed.
struct StridedSlicePlan {
    /// Per input dimension: the first index read.
    var begin: [Int] = []
    /// Per input dimension: the index step.
    var strides: [Int] = []
    /// Per input dimension: how many indices are read.
    var counts: [Int] = []
    /// The output shape.
    var outputShape: [Int] = []

    /// True when the slice reads the whole input in order, so only the shape changes.
    var isIdentity = false

    init(
        shape: [Int], begin sparseBegin: [Int], end sparseEnd: [Int], strides sparseStrides: [Int],
        masks: StridedSliceMasks, context: KernelContext
    ) throws {
        guard sparseBegin.count == sparseEnd.count, sparseEnd.count == sparseStrides.count else {
            throw context.arrayError(
                .shapeMismatch,
                "Expected begin, end, and strides to be 1D equal size tensors, but got shapes "
                    + "[\(sparseBegin.count)], [\(sparseEnd.count)], and [\(sparseStrides.count)] instead.")
        }
        let rank = shape.count
        var ellipsis = masks.ellipsis
        var sparseCount = sparseBegin.count
        // Without an ellipsis, an implicit one follows the given entries.
        if ellipsis & ((1 << sparseCount) - 1) == 0 {
            ellipsis |= 1 << sparseCount
            sparseCount += 1
        }
        var newAxesAfterEllipsis = 0
        var ellipsisSeen = false
        for i in 0..<sparseCount {
            if ellipsisSeen, masks.newAxis & (1 << i) != 0 { newAxesAfterEllipsis += 1 }
            if ellipsis & (1 << i) != 0 { ellipsisSeen = true }
        }

        /// One output dimension: an input dimension, a new axis, or a shrunk one (omitted).
        enum OutputDim { case input(Int), newAxis, shrunk }
        var outputDims: [OutputDim] = []
        var denseBegin = [Int](repeating: 0, count: rank)
        var denseEnd = [Int](repeating: 0, count: rank)
        var denseStrides = [Int](repeating: 1, count: rank)
        var beginMasked = [Bool](repeating: false, count: rank)
        var endMasked = [Bool](repeating: false, count: rank)
        var shrunk = [Bool](repeating: false, count: rank)
        var full = 0
        for i in 0..<sparseCount {
            let bit = 1 << i
            if ellipsis & bit != 0 {
                let next = min(rank - (sparseCount - i) + 1 + newAxesAfterEllipsis, rank)
                while full < next {
                    beginMasked[full] = true
                    endMasked[full] = true
                    outputDims.append(.input(full))
                    full += 1
                }
            } else if masks.newAxis & bit != 0 {
                outputDims.append(.newAxis)
            } else {
                guard full < rank else {
                    throw context.arrayError(
                        .invalidArgument,
                        "Index out of range using input dim \(full); input has only \(rank) dims.")
                }
                denseBegin[full] = sparseBegin[i]
                denseEnd[full] = sparseEnd[i]
                denseStrides[full] = sparseStrides[i]
                beginMasked[full] = masks.begin & bit != 0
                endMasked[full] = masks.end & bit != 0
                shrunk[full] = masks.shrinkAxis & bit != 0
                outputDims.append(shrunk[full] ? .shrunk : .input(full))
                full += 1
            }
        }

        for d in 0..<rank {
            let dim = shape[d]
            let stride = denseStrides[d]
            guard stride != 0 else {
                throw context.arrayError(.invalidArgument, "strides[\(d)] must be non-zero.")
            }
            var first: Int
            var last: Int
            if shrunk[d] {
                guard stride > 0 else {
                    throw context.arrayError(.invalidArgument, "only stride 1 allowed on non-range indexing.")
                }
                first = denseBegin[d] < 0 ? dim + denseBegin[d] : denseBegin[d]
                guard first >= 0, first < dim else {
                    throw context.arrayError(
                        .invalidArgument, "slice index \(denseBegin[d]) of dimension \(d) out of bounds.")
                }
                last = first + 1
            } else {
                // Masked ends take the whole range in the direction of the stride; given
                // ends are wrapped once and clamped to the valid range.
                let lower = stride > 0 ? 0 : -1
                let upper = stride > 0 ? dim : dim - 1
                func canonical(_ index: Int, masked: Bool, isEnd: Bool) -> Int {
                    if masked { return (stride > 0) != isEnd ? lower : upper }
                    let forward = index < 0 ? dim + index : index
                    return min(max(forward, lower), upper)
                }
                first = canonical(denseBegin[d], masked: beginMasked[d], isEnd: false)
                last = canonical(denseEnd[d], masked: endMasked[d], isEnd: true)
            }
            let interval = last - first
            let count: Int
            if interval == 0 || (interval < 0) != (stride < 0) {
                count = 0
            } else {
                count = interval / stride + (interval % stride != 0 ? 1 : 0)
            }
            begin.append(first)
            strides.append(stride)
            counts.append(count)
        }
        isIdentity = counts == shape && begin.allSatisfy { $0 == 0 } && strides.allSatisfy { $0 == 1 }
        outputShape = outputDims.compactMap { dim in
            switch dim {
            case .input(let d): return counts[d]
            case .newAxis: return 1
            case .shrunk: return nil
            }
        }
    }
}
