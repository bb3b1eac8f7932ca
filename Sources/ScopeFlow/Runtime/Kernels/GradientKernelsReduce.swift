/// The reducing and scattering kernels of gradient graphs: `BiasAddGrad`,
/// `UnsortedSegmentSum` (dense gather gradients) and `Cumprod` (product gradients).
enum GradientReductions {
    /// `BiasAddGrad(out_backprop)`: the sum over every axis but the channel axis.
    static let biasAddGrad: SingleOutputKernelFactory = { context in
        let channelsFirst = context.string("data_format", default: "NHWC") == "NCHW"
        return { inputs in
            try context.checkInputCount(inputs, 1)
            let g = inputs[0]
            guard g.shape.count >= 2 else {
                throw context.arrayError(.shapeMismatch, "out_backprop must be at least rank 2, got \(g.shape).")
            }
            let axis = channelsFirst ? 1 : g.shape.count - 1
            return try dispatchFloat(g, context, ChannelSum(layout: AxisLayout(shape: g.shape, axis: axis)))
        }
    }

    /// `UnsortedSegmentSum(data, segment_ids, num_segments)`: row `k` of the
    /// result sums the slices of `data` whose id is `k`; negative ids are dropped.
    static let unsortedSegmentSum: KernelFactory = { context in
        { inputs in
            try context.checkInputCount(inputs, 3)
            let (data, ids) = (inputs[0], inputs[1])
            let segments = try context.indexVector(HostTensor(storage: inputs[2].storage, shape: [1]), "num_segments")[0]
            let idList = try context.indexVector(HostTensor(storage: ids.storage, shape: [ids.count]), "segment_ids")
            guard data.shape.starts(with: ids.shape) else {
                throw context.arrayError(
                    .shapeMismatch, "segment_ids shape \(ids.shape) must be a prefix of data shape \(data.shape).")
            }
            let rest = Array(data.shape.dropFirst(ids.shape.count))
            let width = rest.reduce(1, *)
            if let bad = idList.first(where: { $0 >= segments }) {
                throw context.arrayError(.invalidArgument, "segment id \(bad) is out of range [0, \(segments)).")
            }
            return [try dispatchFloat(data, context, Scatter(ids: idList, segments: segments, width: width, rest: rest))]
        }
    }
}

/// A shape seen as `[outer, n, inner]` around one axis.
struct AxisLayout {
    let outer: Int, n: Int, inner: Int
    init(shape: [Int], axis: Int) {
        outer = shape[..<axis].reduce(1, *)
        n = shape[axis]
        inner = shape[(axis + 1)...].reduce(1, *)
    }

    /// Adds every element of `source` into `sum[i]`, `i` its position along the axis;
    /// `sum` holds `n` zeros (or running sums) on entry.
    @inline(__always)
    func sum<T: FloatElement>(_ source: UnsafePointer<T>, into sum: UnsafeMutablePointer<T>) {
        // Pointer steps without overflow checks, so the channels-last loop vectorizes;
        // each channel still adds its elements in input order.
        var element = source
        for _ in 0..<outer {
            if inner == 1 {
                for i in 0..<n { sum[i] += element[i] }
                element += n
                continue
            }
            for i in 0..<n {
                for j in 0..<inner { sum[i] += element[j] }
                element += inner
            }
        }
    }
}

/// Sums every element into its position along the axis.
private struct ChannelSum: FloatVisitor {
    let layout: AxisLayout
    func visit<T: FloatElement>(_ x: [T], _ a: HostTensor) throws -> HostTensor {
        var out = [T](repeating: 0, count: layout.n)
        x.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { sums in
                guard let element = source.baseAddress, let sum = sums.baseAddress else { return }
                layout.sum(element, into: sum)
            }
        }
        return HostTensor(uncheckedStorage: T.storage(out), shape: [layout.n])
    }
}

/// Adds row `r` of the data into row `ids[r]` of the result.
private struct Scatter: FloatVisitor {
    let ids: [Int], segments: Int, width: Int, rest: [Int]
    func visit<T: FloatElement>(_ x: [T], _ a: HostTensor) throws -> HostTensor {
        var out = [T](repeating: 0, count: segments * width)
        for (r, id) in ids.enumerated() where id >= 0 {
            for j in 0..<width { out[id * width + j] += x[r * width + j] }
        }
        return try HostTensor(storage: T.storage(out), shape: [segments] + rest)
    }
}
