/// `MaxPool`, `AvgPool` and their gradients in compiled plans: the interpreter's window walk
/// (``PoolingWindows``) on arena buffers. Inputs the interpreter would reject (another rank, a
/// gradient of the wrong shape, bad attributes) get no compiled form, so the interpreter reports them.
enum CompiledPooling {
    static func maxPool(_ request: CompiledOpRequest) -> CompiledOp? { make(request, .max) }
    static func avgPool(_ request: CompiledOpRequest) -> CompiledOp? { make(request, .average) }
    static func maxPoolGrad(_ request: CompiledOpRequest) -> CompiledOp? { make(request, .maxGradient) }
    static func avgPoolGrad(_ request: CompiledOpRequest) -> CompiledOp? { make(request, .averageGradient) }

    private static func make(_ request: CompiledOpRequest, _ kind: PoolingWindows.Kind) -> CompiledOp? {
        let x: ArenaValue?
        let dy: ArenaValue?
        let inputShape: [Int]
        switch kind {
        case .max, .average:
            guard request.inputs.count == 1, let input = request.value(0) else { return nil }
            (x, dy, inputShape) = (input, nil, input.shape)
        case .maxGradient:
            guard request.inputs.count == 3, let input = request.value(0), let output = request.value(1),
                let gradient = request.value(2), output.shape == gradient.shape
            else { return nil }
            (x, dy, inputShape) = (input, gradient, input.shape)
        case .averageGradient:
            guard request.inputs.count == 2, let shape = request.constant(0),
                let sizes = try? shapeArgument(shape, count: 4, name: "orig_input_shape", context: request.context),
                let gradient = request.value(1)
            else { return nil }
            (x, dy, inputShape) = (nil, gradient, sizes)
        }
        guard inputShape.count == 4, let attributes = try? WindowAttributes(request.context, pooling: true),
            let geometry = try? attributes.geometry(
                height: inputShape[1], width: inputShape[2], op: request.context.opType)
        else { return nil }
        let windows = PoolingWindows(kind: kind, batch: inputShape[0], channels: inputShape[3], geometry: geometry)
        guard request.outputs.count == 1, request.outputs[0].shape == windows.resultShape,
            dy.map({ $0.shape == windows.outputShape }) ?? true
        else { return nil }
        let output = request.outputs[0]
        return .step { arena, _ in
            let xPointer = x.map { UnsafePointer(arena[$0.buffer]) }
            let dyPointer = dy.map { UnsafePointer(arena[$0.buffer]) }
            let out = arena[output.buffer]
            let count = output.count
            return {
                out.update(repeating: 0, count: count)
                windows.run(x: xPointer, dy: dyPointer, into: out)
            }
        }
    }
}
