/// `Conv2D`, `Conv2DBackpropInput` and `Conv2DBackpropFilter` in a compiled plan, through the
/// same kernels as the interpreter: ``DirectConvolution`` where it handles the shape, the im2col
/// GEMMs of ``ConvolutionCompute`` (into a zeroed buffer) otherwise. A direct `Conv2D` whose
/// output only a bias `Add` and then a `Relu` read takes both into its step (see
/// ``CompiledPlanBuilder``).
enum CompiledConvolution {
    static let builders: [String: CompiledOpBuilder] = [
        "Conv2D": { convolution(.forward, $0) },
        "Conv2DBackpropInput": { convolution(.inputGradient, $0) },
        "Conv2DBackpropFilter": { convolution(.filterGradient, $0) },
    ]

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

    /// A `Conv2D` of a compiled plan that runs on ``DirectConvolution``, whose step can be remade
    /// with a bias `Add` and a `Relu` in its epilogue.
    struct DirectForward {
        let input: ArenaValue
        let filter: ArenaValue
        let output: ArenaValue
        let convolution: DirectConvolution

        /// The step: the convolution, then the `Add` of `bias` (an `[O]` value) and a `Relu`.
        func step(bias: ArenaValue?, relu: Bool) -> (ArenaPointers, CompiledScratch) -> CompiledStep {
            { arena, _ in
                let (x, f) = (UnsafePointer(arena[input.buffer]), UnsafePointer(arena[filter.buffer]))
                let result = arena[output.buffer]
                let epilogue = ConvolutionEpilogue(bias: bias.map { UnsafePointer(arena[$0.buffer]) }, relu: relu)
                return { convolution.forward(input: x, filter: f, output: result, epilogue: epilogue) }
            }
        }
    }

    /// The `Conv2D` of `request` when it runs on ``DirectConvolution``; nil for any other op or path.
    static func directForward(_ request: CompiledOpRequest) -> DirectForward? {
        guard request.context.opType == "Conv2D", let (operands, shape, out) = parse(.forward, request),
            DirectConvolution.handles(.forward, shape, backend: request.context.gemm)
        else { return nil }
        return DirectForward(input: operands.0, filter: operands.1, output: out, convolution: DirectConvolution(shape: shape))
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
