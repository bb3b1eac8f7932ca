/// `Conv2D`, `Conv2DBackpropInput` and `Conv2DBackpropFilter` in a compiled plan, through the
/// same kernels as the interpreter: ``DirectConvolution`` where it handles the shape, the im2col
/// GEMMs of ``ConvolutionCompute`` (into a zeroed buffer) otherwise.
enum CompiledConvolution {
    static let builders: [String: CompiledOpBuilder] = [
        "Conv2D": { convolution(.forward, $0) },
        "Conv2DBackpropInput": { convolution(.inputGradient, $0) },
        "Conv2DBackpropFilter": { convolution(.filterGradient, $0) },
    ]

    /// The step of one convolution op; nil when its inputs do not make a valid convolution
    /// (the interpreter then reports the error).
    private static func convolution(_ kind: ConvolutionKind, _ request: CompiledOpRequest) -> CompiledOp? {
        let context = request.context
        guard let out = request.outputs.first, let attrs = try? WindowAttributes(context, pooling: false) else { return nil }
        let operands: (ArenaValue, ArenaValue)
        let sizes: (input: [Int], filter: [Int])
        switch kind {
        case .forward:
            guard let input = request.value(0), let filter = request.value(1) else { return nil }
            (operands, sizes) = ((input, filter), (input.shape, filter.shape))
        case .inputGradient:
            guard let given = request.constant(0), let filter = request.value(1), let grad = request.value(2),
                let input = try? shapeArgument(given, count: 4, name: "input_sizes", context: context)
            else { return nil }
            (operands, sizes) = ((filter, grad), (input, filter.shape))
        case .filterGradient:
            guard let input = request.value(0), let given = request.constant(1), let grad = request.value(2),
                let filter = try? shapeArgument(given, count: 4, name: "filter_sizes", context: context)
            else { return nil }
            (operands, sizes) = ((input, grad), (input.shape, filter))
        }
        guard let shape = try? Kernels.convolutionShape(input: sizes.input, filter: sizes.filter, attrs, context),
            out.shape == kind.resultShape(shape), out.count > 0,
            operands.1.shape == (kind == .forward ? shape.filterShape : shape.outputShape)
        else { return nil }
        let backend = context.gemm
        let direct = DirectConvolution.handles(kind, shape, backend: backend) ? DirectConvolution(shape: shape) : nil
        return .step { arena, _ in
            let (first, second) = (UnsafePointer(arena[operands.0.buffer]), UnsafePointer(arena[operands.1.buffer]))
            let result = arena[out.buffer], count = out.count
            if let direct { return { direct.run(kind, first, second, into: result) } }
            return {
                result.update(repeating: 0, count: count)
                ConvolutionCompute.run(kind, first, second, into: result, shape: shape, backend: backend)
            }
        }
    }
}
