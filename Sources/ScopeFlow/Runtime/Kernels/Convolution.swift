extension Kernels {

    /// `Conv2D(input, filter)`: NHWC input, HWIO filter.
    static func makeConv2D(_ context: KernelContext) throws -> Kernel {
        let attrs = try WindowAttributes(context, pooling: false)
        return { inputs in
            try expectInputs(inputs, 2, context)
            let shape = try convolutionShape(input: inputs[0].shape, filter: inputs[1].shape, attrs, context)
            return [try ConvolutionOp(kind: .forward, first: inputs[0], second: inputs[1], shape: shape, context: context)
                .run(inputs[0].dtype, context: context)]
        }
    }

    /// `Conv2DBackpropInput(input_sizes, filter, out_backprop)`: the gradient with respect to the input.
    static func makeConv2DBackpropInput(_ context: KernelContext) throws -> Kernel {
        let attrs = try WindowAttributes(context, pooling: false)
        return { inputs in
            try expectInputs(inputs, 3, context)
            let sizes = try shapeArgument(inputs[0], count: 4, name: "input_sizes", context: context)
            _ = try context.checkedElementCount(sizes, allocating: inputs[1].dtype)
            let shape = try convolutionShape(input: sizes, filter: inputs[1].shape, attrs, context)
            try expectGradientShape(inputs[2], shape.outputShape, context)
            return [try ConvolutionOp(kind: .inputGradient, first: inputs[1], second: inputs[2], shape: shape, context: context)
                .run(inputs[1].dtype, context: context)]
        }
    }

    /// `Conv2DBackpropFilter(input, filter_sizes, out_backprop)`: the gradient with respect to the filter.
    static func makeConv2DBackpropFilter(_ context: KernelContext) throws -> Kernel {
        let attrs = try WindowAttributes(context, pooling: false)
        return { inputs in
            try expectInputs(inputs, 3, context)
            let sizes = try shapeArgument(inputs[1], count: 4, name: "filter_sizes", context: context)
            _ = try context.checkedElementCount(sizes, allocating: inputs[0].dtype)
            let shape = try convolutionShape(input: inputs[0].shape, filter: sizes, attrs, context)
            try expectGradientShape(inputs[2], shape.outputShape, context)
            return [try ConvolutionOp(kind: .filterGradient, first: inputs[0], second: inputs[2], shape: shape, context: context)
                .run(inputs[0].dtype, context: context)]
        }
    }

    /// Throws unless exactly `count` inputs arrived.
    static func expectInputs(_ inputs: [HostTensor], _ count: Int, _ context: KernelContext) throws {
        guard inputs.count == count else {
            throw ScopeFlowError(
                .invalidArgument, "\(context.opType) '\(context.opName)' expects \(count) inputs but got \(inputs.count).",
                names: [context.opName])
        }
    }

    /// Throws unless the incoming gradient has the forward op's output shape.
    static func expectGradientShape(_ grad: HostTensor, _ shape: [Int], _ context: KernelContext) throws {
        guard grad.shape == shape else {
            throw ScopeFlowError(
                .shapeMismatch,
                "\(context.opType) '\(context.opName)' got a gradient of shape \(grad.shape) but the forward output "
                    + "has shape \(shape); pass the gradient of that output.", names: [context.opName])
        }
    }

    /// Validates NHWC input and HWIO filter shapes and resolves the window geometry.
    static func convolutionShape(
        input: [Int], filter: [Int], _ attrs: WindowAttributes, _ context: KernelContext
    ) throws -> ConvolutionShape {
        let op = "\(context.opType) '\(context.opName)'"
        guard input.count == 4, filter.count == 4 else {
            throw ScopeFlowError(
                .shapeMismatch,
                "\(op) needs a rank-4 NHWC input and a rank-4 [height, width, in, out] filter, got \(input) and \(filter).",
                names: [context.opName])
        }
        guard filter[0] > 0, filter[1] > 0, filter[2] > 0, input[3] % filter[2] == 0 else {
            throw ScopeFlowError(
                .invalidArgument,
                "\(op): input depth must be evenly divisible by filter depth: \(input[3]) vs \(filter[2]) "
                    + "(filter shape \(filter)); make the filter's third dimension the input's channel count.",
                names: [context.opName])
        }
        guard filter[2] == input[3] else {
            throw ScopeFlowError(
                .unimplemented,
                "\(op): grouped convolution (input depth \(input[3]), filter depth \(filter[2])) is not supported; "
                    + "use a filter with \(input[3]) input channels.", names: [context.opName])
        }
        let geometry = try attrs.geometry(height: input[1], width: input[2], kernel: (filter[0], filter[1]), op: op)
        return ConvolutionShape(batch: input[0], inChannels: input[3], outChannels: filter[3], geometry: geometry)
    }
}

/// One convolution computation on two float operands.
///
/// float32 takes ``DirectConvolution`` where it handles the shape and the backend, the
/// im2col GEMMs of ``ConvolutionCompute`` otherwise.
private struct ConvolutionOp: FloatComputation {
    /// forward: first = input, second = filter; inputGradient: first = filter, second = output
    /// gradient; filterGradient: first = input, second = output gradient.
    let kind: ConvolutionKind
    let first: HostTensor
    let second: HostTensor
    let shape: ConvolutionShape
    let context: KernelContext

    func callAsFunction<T: GemmScalar>(_ type: T.Type) throws -> HostTensor {
        let names: (String, String)
        switch kind {
        case .forward: names = ("input", "filter")
        case .inputGradient: names = ("filter", "out_backprop")
        case .filterGradient: names = ("input", "out_backprop")
        }
        let resultShape = kind.resultShape(shape)
        let a = try typedValues(first, as: T.self, input: names.0, context: context)
        let b = try typedValues(second, as: T.self, input: names.1, context: context)
        if DirectConvolution.handles(kind, shape, backend: context.gemm), let a = a as? [Float], let b = b as? [Float] {
            return HostTensor(uncheckedStorage: .float32(direct(a, b, count: resultShape.reduce(1, *))), shape: resultShape)
        }
        var result = [T](repeating: 0, count: resultShape.reduce(1, *))
        guard !a.isEmpty, !b.isEmpty, !result.isEmpty else {
            return HostTensor(uncheckedStorage: T.storage(result), shape: resultShape)
        }
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                result.withUnsafeMutableBufferPointer { rp in
                    guard let pa = ap.baseAddress, let pb = bp.baseAddress, let pr = rp.baseAddress else { return }
                    ConvolutionCompute.run(kind, pa, pb, into: pr, shape: shape, backend: context.gemm)
                }
            }
        }
        return HostTensor(uncheckedStorage: T.storage(result), shape: resultShape)
    }

    /// The result of `kind` on ``DirectConvolution``, which writes every element.
    private func direct(_ a: [Float], _ b: [Float], count: Int) -> [Float] {
        let convolution = DirectConvolution(shape: shape)
        return [Float](unsafeUninitializedCapacity: count) { result, initialized in
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    guard let pa = pa.baseAddress, let pb = pb.baseAddress, let pr = result.baseAddress else { return }
                    convolution.run(kind, pa, pb, into: pr)
                }
            }
            initialized = count
        }
    }
}
