/// `Conv2D`, `Conv2DBackpropInput` and `Conv2DBackpropFilter` in a compiled plan, through the
/// same kernels as the interpreter: ``DirectConvolution`` where it handles the shape, the im2col
/// GEMMs of ``ConvolutionCompute`` (into a zeroed buffer) otherwise. A direct `Conv2D` whose
/// output only a bias `Add` and then a `Relu` read takes both into its step, a direct
/// `Conv2DBackpropInput` read only by a `ReluGrad` takes that (see ``CompiledPlanBuilder``).
enum CompiledConvolution {
    /// `Conv2D`'s step.
    static let conv2D: CompiledOpBuilder = { convolution(.forward, $0) }
    /// `Conv2DBackpropInput`'s step.
    static let conv2DBackpropInput: CompiledOpBuilder = { convolution(.inputGradient, $0) }
    /// `Conv2DBackpropFilter`'s step.
    static let conv2DBackpropFilter: CompiledOpBuilder = { convolution(.filterGradient, $0) }

    /// The step of one convolution op; nil when its inputs do not make a valid convolution
    /// (the interpreter then reports the error).
    private static func convolution(_ kind: ConvolutionKind, _ request: CompiledOpRequest) -> CompiledOp? {
        guard let parsed = parse(kind, request) else { return nil }
        let (operands, shape, out) = parsed
        let backend = request.context.gemm
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

    /// A `Conv2D` or `Conv2DBackpropInput` of a compiled plan that runs on ``DirectConvolution``,
    /// whose step can be remade with elementwise ops in its epilogue: a bias `Add` and a `Relu`
    /// after a `Conv2D`, the `ReluGrad` of a `Relu`'s features after a `Conv2DBackpropInput`.
    struct DirectStep {
        let kind: ConvolutionKind
        /// The operands in ``ConvolutionKind``'s order.
        let operands: (ArenaValue, ArenaValue)
        let output: ArenaValue
        let convolution: DirectConvolution

        /// The step with the epilogue on `bias`, `relu` and `reluGradientFeatures` (see
        /// ``ConvolutionEpilogue``; only `reluGradientFeatures` after an input gradient).
        func step(bias: ArenaValue?, relu: Bool, reluGradientFeatures: ArenaValue?)
            -> (ArenaPointers, CompiledScratch) -> CompiledStep
        {
            { arena, _ in
                let (first, second) = (UnsafePointer(arena[operands.0.buffer]), UnsafePointer(arena[operands.1.buffer]))
                let result = arena[output.buffer]
                let epilogue = ConvolutionEpilogue(
                    bias: bias.map { UnsafePointer(arena[$0.buffer]) }, relu: relu,
                    reluGradientFeatures: reluGradientFeatures.map { UnsafePointer(arena[$0.buffer]) })
                switch kind {
                case .forward:
                    return { convolution.forward(input: first, filter: second, output: result, epilogue: epilogue) }
                case .inputGradient:
                    return { convolution.backpropInput(filter: first, outputGrad: second, inputGrad: result, epilogue: epilogue) }
                case .filterGradient:
                    return { convolution.backpropFilter(input: first, outputGrad: second, filterGrad: result) }
                }
            }
        }
    }

    /// The `Conv2D` or `Conv2DBackpropInput` of `request` when it runs on ``DirectConvolution``;
    /// nil for any other op or path.
    static func directStep(_ request: CompiledOpRequest) -> DirectStep? {
        let kind: ConvolutionKind
        switch request.context.opType {
        case "Conv2D": kind = .forward
        case "Conv2DBackpropInput": kind = .inputGradient
        default: return nil
        }
        guard let (operands, shape, out) = parse(kind, request), DirectConvolution.handles(kind, shape, backend: request.context.gemm)
        else { return nil }
        return DirectStep(kind: kind, operands: operands, output: out, convolution: DirectConvolution(shape: shape))
    }

    /// The two operands, the convolution's sizes and the output of `request`; nil when they do
    /// not make a valid convolution.
    private static func parse(_ kind: ConvolutionKind, _ request: CompiledOpRequest)
        -> (operands: (ArenaValue, ArenaValue), shape: ConvolutionShape, output: ArenaValue)?
    {
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
        return (operands, shape, out)
    }
}
