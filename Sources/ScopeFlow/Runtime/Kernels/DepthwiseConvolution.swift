// TF's depthwise convolution (`depthwise_conv_op.cc`): each input channel `c` of an NHWC input is
// convolved with its own `multiplier` filters `filter[:, :, c, m]`, giving output channel
// `c · multiplier + m`. Direct loops over the output pixels and the window; the innermost loops
// run over the contiguous channels (and multipliers).

extension Kernels {
    /// `DepthwiseConv2dNative(input, filter)`: NHWC input, `[height, width, in, multiplier]` filter.
    static func makeDepthwiseConv2D(_ context: KernelContext) throws -> Kernel {
        let attrs = try WindowAttributes(context, pooling: false)
        return { inputs in
            try expectInputs(inputs, 2, context)
            let shape = try DepthwiseShape(input: inputs[0].shape, filter: inputs[1].shape, attrs, context)
            return [
                try DepthwiseOp(kind: .forward, first: inputs[0], second: inputs[1], shape: shape, context: context)
                    .run(inputs[0].dtype, context: context)
            ]
        }
    }

    /// `DepthwiseConv2dNativeBackpropInput(input_sizes, filter, out_backprop)`.
    static func makeDepthwiseConv2DBackpropInput(_ context: KernelContext) throws -> Kernel {
        let attrs = try WindowAttributes(context, pooling: false)
        return { inputs in
            try expectInputs(inputs, 3, context)
            let sizes = try shapeArgument(inputs[0], count: 4, name: "input_sizes", context: context)
            _ = try context.checkedElementCount(sizes, allocating: inputs[1].dtype)
            let shape = try DepthwiseShape(input: sizes, filter: inputs[1].shape, attrs, context)
            try expectGradientShape(inputs[2], shape.outputShape, context)
            return [
                try DepthwiseOp(
                    kind: .inputGradient, first: inputs[1], second: inputs[2], shape: shape, context: context
                )
                .run(inputs[1].dtype, context: context)
            ]
        }
    }

    /// `DepthwiseConv2dNativeBackpropFilter(input, filter_sizes, out_backprop)`.
    static func makeDepthwiseConv2DBackpropFilter(_ context: KernelContext) throws -> Kernel {
        let attrs = try WindowAttributes(context, pooling: false)
        return { inputs in
            try expectInputs(inputs, 3, context)
            let sizes = try shapeArgument(inputs[1], count: 4, name: "filter_sizes", context: context)
            _ = try context.checkedElementCount(sizes, allocating: inputs[0].dtype)
            let shape = try DepthwiseShape(input: inputs[0].shape, filter: sizes, attrs, context)
            try expectGradientShape(inputs[2], shape.outputShape, context)
            return [
                try DepthwiseOp(
                    kind: .filterGradient, first: inputs[0], second: inputs[2], shape: shape, context: context
                )
                .run(inputs[0].dtype, context: context)
            ]
        }
    }
}

/// The checked sizes of one depthwise convolution.
struct DepthwiseShape: Sendable {
    let batch: Int
    let channels: Int
    let multiplier: Int
    let geometry: WindowGeometry

    var inputShape: [Int] { [batch, geometry.inH, geometry.inW, channels] }
    var filterShape: [Int] { [geometry.kH, geometry.kW, channels, multiplier] }
    var outputShape: [Int] { [batch, geometry.outH, geometry.outW, channels * multiplier] }

    /// Checks an NHWC `input` and a `[height, width, in, multiplier]` `filter` as TF does and
    /// resolves the window; the output's element count must fit memory.
    init(input: [Int], filter: [Int], _ attrs: WindowAttributes, _ context: KernelContext) throws {
        let op = "\(context.opType) '\(context.opName)'"
        guard input.count == 4, filter.count == 4 else {
            throw ScopeFlowError(
                .shapeMismatch,
                "\(op) needs a rank-4 NHWC input and a rank-4 [height, width, in, multiplier] filter, got "
                    + "\(input) and \(filter).", names: [context.opName])
        }
        guard input[3] == filter[2] else {
            throw ScopeFlowError(
                .invalidArgument,
                "\(op): input and filter must have the same depth: \(input[3]) vs \(filter[2]); the filter's third "
                    + "dimension is the input's channel count.", names: [context.opName])
        }
        guard filter[0] > 0, filter[1] > 0 else {
            throw ScopeFlowError(
                .invalidArgument, "\(op): the filter's height and width must be positive, got \(filter).",
                names: [context.opName])
        }
        geometry = try attrs.geometry(height: input[1], width: input[2], kernel: (filter[0], filter[1]), op: op)
        (batch, channels, multiplier) = (input[0], input[3], filter[3])
        _ = try context.checkedElementCount(outputShape, allocating: .float64)
    }
}

/// One depthwise convolution computation on two float operands.
private struct DepthwiseOp: FloatComputation {
    /// forward: first = input, second = filter; inputGradient: first = filter, second = output
    /// gradient; filterGradient: first = input, second = output gradient.
    let kind: ConvolutionKind
    let first: HostTensor
    let second: HostTensor
    let shape: DepthwiseShape
    let context: KernelContext

    func callAsFunction<T: GemmScalar>(_ type: T.Type) throws -> HostTensor {
        let names: (String, String)
        let resultShape: [Int]
        switch kind {
        case .forward: (names, resultShape) = (("input", "filter"), shape.outputShape)
        case .inputGradient: (names, resultShape) = (("filter", "out_backprop"), shape.inputShape)
        case .filterGradient: (names, resultShape) = (("input", "out_backprop"), shape.filterShape)
        }
        let a = try typedValues(first, as: T.self, input: names.0, context: context)
        let b = try typedValues(second, as: T.self, input: names.1, context: context)
        var result = [T](repeating: 0, count: resultShape.reduce(1, *))
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                result.withUnsafeMutableBufferPointer { pr in
                    guard let pa = pa.baseAddress, let pb = pb.baseAddress, let pr = pr.baseAddress else { return }
                    let loops = DepthwiseLoops(shape: shape)
                    switch kind {
                    case .forward: loops.forward(input: pa, filter: pb, output: pr)
                    case .inputGradient: loops.inputGradient(filter: pa, outputGradient: pb, inputGradient: pr)
                    case .filterGradient: loops.filterGradient(input: pa, outputGradient: pb, filterGradient: pr)
                    }
                }
            }
        }
        return HostTensor(uncheckedStorage: T.storage(result), shape: resultShape)
    }
}

/// The three depthwise loops over zero-filled results, shared by the kernels and the compiled
/// steps (``CompiledDepthwise``). Each visits the output pixels and, for
/// each, the window positions that fall inside the input, as (input offset, filter offset,
/// output offset) of the channel vectors.
struct DepthwiseLoops: Sendable {
    let shape: DepthwiseShape

    /// Calls `body(inputOffset, filterOffset, outputOffset)` for every output pixel and every
    /// window position inside the input.
    @inline(__always)
    private func forEachTap(_ body: (Int, Int, Int) -> Void) {
        let g = shape.geometry
        let (channels, width) = (shape.channels, shape.channels * shape.multiplier)
        for n in 0..<shape.batch {
            for oh in 0..<g.outH {
                for ow in 0..<g.outW {
                    let output = ((n * g.outH + oh) * g.outW + ow) * width
                    for kh in 0..<g.kH {
                        let ih = g.inputRow(oh, kh)
                        guard ih >= 0, ih < g.inH else { continue }
                        for kw in 0..<g.kW {
                            let iw = g.inputColumn(ow, kw)
                            guard iw >= 0, iw < g.inW else { continue }
                            body(((n * g.inH + ih) * g.inW + iw) * channels, (kh * g.kW + kw) * width, output)
                        }
                    }
                }
            }
        }
    }

    func forward<T: GemmScalar>(
        input: UnsafePointer<T>, filter: UnsafePointer<T>, output: UnsafeMutablePointer<T>
    ) {
        let (channels, multiplier) = (shape.channels, shape.multiplier)
        forEachTap { i, f, o in
            if multiplier == 1 {
                for c in 0..<channels { output[o + c] += input[i + c] * filter[f + c] }
            } else {
                for c in 0..<channels {
                    let x = input[i + c]
                    let (fc, oc) = (f + c * multiplier, o + c * multiplier)
                    for m in 0..<multiplier { output[oc + m] += x * filter[fc + m] }
                }
            }
        }
    }

    func inputGradient<T: GemmScalar>(
        filter: UnsafePointer<T>, outputGradient: UnsafePointer<T>, inputGradient: UnsafeMutablePointer<T>
    ) {
        let (channels, multiplier) = (shape.channels, shape.multiplier)
        forEachTap { i, f, o in
            for c in 0..<channels {
                let (fc, oc) = (f + c * multiplier, o + c * multiplier)
                var sum: T = 0
                for m in 0..<multiplier { sum += outputGradient[oc + m] * filter[fc + m] }
                inputGradient[i + c] += sum
            }
        }
    }

    func filterGradient<T: GemmScalar>(
        input: UnsafePointer<T>, outputGradient: UnsafePointer<T>, filterGradient: UnsafeMutablePointer<T>
    ) {
        let (channels, multiplier) = (shape.channels, shape.multiplier)
        forEachTap { i, f, o in
            for c in 0..<channels {
                let x = input[i + c]
                let (fc, oc) = (f + c * multiplier, o + c * multiplier)
                for m in 0..<multiplier { filterGradient[fc + m] += x * outputGradient[oc + m] }
            }
        }
    }
}
