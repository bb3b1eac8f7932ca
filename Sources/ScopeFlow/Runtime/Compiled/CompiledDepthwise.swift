/// `DepthwiseConv2dNative` and its two backprops in compiled plans: the interpreter's loops
/// (``DepthwiseLoops``) on arena buffers. Inputs the interpreter would reject (ranks, depths,
/// gradients of the wrong shape, bad attributes) get no compiled form, so the interpreter reports them.
enum CompiledDepthwise {
    static func forward(_ request: CompiledOpRequest) -> CompiledOp? {
        guard request.inputs.count == 2, let input = request.value(0), let filter = request.value(1),
            let shape = shape(request, input: input.shape, filter: filter.shape)
        else { return nil }
        return step(request, shape, resultShape: shape.outputShape, first: input, second: filter) { loops, a, b, out in
            loops.forward(input: a, filter: b, output: out)
        }
    }

    static func backpropInput(_ request: CompiledOpRequest) -> CompiledOp? {
        guard request.inputs.count == 3, let sizes = request.constant(0), let filter = request.value(1),
            let gradient = request.value(2),
            let inputShape = try? shapeArgument(sizes, count: 4, name: "input_sizes", context: request.context),
            let shape = shape(request, input: inputShape, filter: filter.shape), gradient.shape == shape.outputShape
        else { return nil }
        return step(request, shape, resultShape: shape.inputShape, first: filter, second: gradient) {
            loops, a, b, out in loops.inputGradient(filter: a, outputGradient: b, inputGradient: out)
        }
    }

    static func backpropFilter(_ request: CompiledOpRequest) -> CompiledOp? {
        guard request.inputs.count == 3, let input = request.value(0), let sizes = request.constant(1),
            let gradient = request.value(2),
            let filterShape = try? shapeArgument(sizes, count: 4, name: "filter_sizes", context: request.context),
            let shape = shape(request, input: input.shape, filter: filterShape), gradient.shape == shape.outputShape
        else { return nil }
        return step(request, shape, resultShape: shape.filterShape, first: input, second: gradient) {
            loops, a, b, out in loops.filterGradient(input: a, outputGradient: b, filterGradient: out)
        }
    }

    /// The convolution's checked sizes, nil where the interpreter would throw.
    private static func shape(_ request: CompiledOpRequest, input: [Int], filter: [Int]) -> DepthwiseShape? {
        guard let attributes = try? WindowAttributes(request.context, pooling: false) else { return nil }
        return try? DepthwiseShape(input: input, filter: filter, attributes, request.context)
    }

    /// A step that zeroes the op's output and runs `loops` into it.
    private static func step(
        _ request: CompiledOpRequest, _ shape: DepthwiseShape, resultShape: [Int], first: ArenaValue,
        second: ArenaValue,
        _ run:
            @escaping @Sendable (
                DepthwiseLoops, UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>
            )
            -> Void
    ) -> CompiledOp? {
        guard request.outputs.count == 1, request.outputs[0].shape == resultShape else { return nil }
        let output = request.outputs[0]
        let loops = DepthwiseLoops(shape: shape)
        return .step { arena, _ in
            let (a, b, out) = (
                UnsafePointer(arena[first.buffer]), UnsafePointer(arena[second.buffer]), arena[output.buffer]
            )
            let count = output.count
            return {
                out.update(repeating: 0, count: count)
                run(loops, a, b, out)
            }
        }
    }
}
