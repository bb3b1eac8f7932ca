/// `MaxPool`, `AvgPool` and their gradients over NHWC tensors. Windows only
/// ever visit real input cells: SAME max pooling never selects padding and
/// SAME average pooling divides by the number of real cells.
enum PoolingKernels {
    /// `MaxPool(input)` with `ksize`, `strides`, `padding`.
    static let maxPool: KernelFactory = { try make($0, .max) }
    /// `AvgPool(input)` with `ksize`, `strides`, `padding`.
    static let avgPool: KernelFactory = { try make($0, .average) }
    /// `MaxPoolGrad(input, output, gradient)`.
    static let maxPoolGrad: KernelFactory = { try make($0, .maxGradient) }
    /// `AvgPoolGrad(input_shape, gradient)`.
    static let avgPoolGrad: KernelFactory = { try make($0, .averageGradient) }

    /// Builds the kernel of one pooling op; inputs are validated per call.
    private static func make(_ context: KernelContext, _ kind: PoolingWindows.Kind) throws -> Kernel {
        let attrs = try WindowAttributes(context, pooling: true)
        return { inputs in
            let op = "\(context.opType) '\(context.opName)'"
            let input: HostTensor?
            let inputShape: [Int]
            let grad: HostTensor?
            switch kind {
            case .max, .average:
                try Kernels.expectInputs(inputs, 1, context)
                (input, inputShape, grad) = (inputs[0], inputs[0].shape, nil)
            case .maxGradient:
                try Kernels.expectInputs(inputs, 3, context)
                (input, inputShape, grad) = (inputs[0], inputs[0].shape, inputs[2])
            case .averageGradient:
                try Kernels.expectInputs(inputs, 2, context)
                let sizes = try shapeArgument(inputs[0], count: 4, name: "orig_input_shape", context: context)
                _ = try context.checkedElementCount(sizes, allocating: inputs[1].dtype)
                (input, inputShape, grad) = (nil, sizes, inputs[1])
            }
            guard inputShape.count == 4 else {
                throw ScopeFlowError(
                    .shapeMismatch, "\(op) needs a rank-4 NHWC input, got shape \(inputShape).", names: [context.opName]
                )
            }
            let geometry = try attrs.geometry(height: inputShape[1], width: inputShape[2], op: op)
            let pooling = PoolingOp(
                input: input, grad: grad,
                windows: PoolingWindows(kind: kind, batch: inputShape[0], channels: inputShape[3], geometry: geometry),
                context: context)
            if kind == .maxGradient {
                try Kernels.expectGradientShape(inputs[1], pooling.windows.outputShape, context)
            }
            if let grad { try Kernels.expectGradientShape(grad, pooling.windows.outputShape, context) }
            return [try pooling.run((input ?? grad ?? inputs[0]).dtype, context: context)]
        }
    }
}

/// One pooling computation on tensors, generic over the float type.
private struct PoolingOp: FloatComputation {
    /// The pooled input (absent for `AvgPoolGrad`, which only knows its shape).
    let input: HostTensor?
    /// The gradient of the pooled output (gradient ops only).
    let grad: HostTensor?
    let windows: PoolingWindows
    let context: KernelContext

    func callAsFunction<T: GemmScalar>(_ type: T.Type) throws -> HostTensor {
        let x = try input.map { try typedValues($0, as: T.self, input: "input", context: context) } ?? []
        let dy = try grad.map { try typedValues($0, as: T.self, input: "grad", context: context) } ?? []
        let resultShape = windows.resultShape
        var result = [T](repeating: 0, count: resultShape.reduce(1, *))
        result.withUnsafeMutableBufferPointer { out in
            x.withUnsafeBufferPointer { xp in
                dy.withUnsafeBufferPointer { gp in
                    windows.run(x: xp.baseAddress, dy: gp.baseAddress, into: out.baseAddress!)
                }
            }
        }
        return HostTensor(uncheckedStorage: T.storage(result), shape: resultShape)
    }
}

/// The windows of one pooling op over an NHWC input, and the op's computation on raw buffers:
/// the interpreter's kernels and the compiled plans' steps (``CompiledPooling``) share it.
struct PoolingWindows: Sendable {
    enum Kind: Sendable { case max, average, maxGradient, averageGradient }

    let kind: Kind
    let batch: Int
    let channels: Int
    let geometry: WindowGeometry

    var inputShape: [Int] { [batch, geometry.inH, geometry.inW, channels] }
    var outputShape: [Int] { [batch, geometry.outH, geometry.outW, channels] }
    /// The shape of what the op computes: the pooled output, or the gradient of the input.
    var resultShape: [Int] { kind == .max || kind == .average ? outputShape : inputShape }

    /// Computes the op into `out`, which holds `resultShape` zeros: `x` is the pooled input
    /// (`max`, `average`, `maxGradient`), `dy` the output's gradient (the gradients).
    func run<T: GemmScalar>(x: UnsafePointer<T>?, dy: UnsafePointer<T>?, into out: UnsafeMutablePointer<T>) {
        forEachWindow { outIndex, cells in
            switch kind {
            case .max: Self.maxPool(x!, cells, out, outIndex, channels)
            case .average: Self.averagePool(x!, cells, out, outIndex, channels)
            case .maxGradient: Self.maxPoolGradient(x!, dy!, cells, out, outIndex, channels)
            case .averageGradient: Self.averagePoolGradient(dy!, cells, out, outIndex, channels)
            }
        }
    }

    /// Calls `body(outputPixel, inputPixels)` for every output pixel with the
    /// real input pixels of its window in row-major window order (pixel
    /// indices count NHW positions; multiply by `channels` for elements).
    private func forEachWindow(_ body: (Int, UnsafeBufferPointer<Int>) -> Void) {
        let g = geometry
        withUnsafeTemporaryAllocation(of: Int.self, capacity: max(1, g.kH * g.kW)) { scratch in
            var outIndex = 0
            for n in 0..<batch {
                for oh in 0..<g.outH {
                    for ow in 0..<g.outW {
                        var count = 0
                        for kh in 0..<g.kH {
                            let ih = g.inputRow(oh, kh)
                            guard ih >= 0 && ih < g.inH else { continue }
                            for kw in 0..<g.kW {
                                let iw = g.inputColumn(ow, kw)
                                guard iw >= 0 && iw < g.inW else { continue }
                                scratch[count] = (n * g.inH + ih) * g.inW + iw
                                count += 1
                            }
                        }
                        body(outIndex, UnsafeBufferPointer(rebasing: scratch[0..<count]))
                        outIndex += 1
                    }
                }
            }
        }
    }

    /// The first real cell, replaced only by strictly greater values (TF's tie rule).
    private static func maxPool<T: GemmScalar>(
        _ x: UnsafePointer<T>, _ cells: UnsafeBufferPointer<Int>, _ out: UnsafeMutablePointer<T>, _ outIndex: Int,
        _ channels: Int
    ) {
        let o = outIndex * channels
        for c in 0..<channels { out[o + c] = -T.greatestFiniteMagnitude }
        for (position, cell) in cells.enumerated() {
            let i = cell * channels
            for c in 0..<channels where position == 0 || x[i + c] > out[o + c] { out[o + c] = x[i + c] }
        }
    }

    private static func averagePool<T: GemmScalar>(
        _ x: UnsafePointer<T>, _ cells: UnsafeBufferPointer<Int>, _ out: UnsafeMutablePointer<T>, _ outIndex: Int,
        _ channels: Int
    ) {
        let o = outIndex * channels
        for cell in cells {
            let i = cell * channels
            for c in 0..<channels { out[o + c] += x[i + c] }
        }
        let divisor = T(max(cells.count, 1))
        for c in 0..<channels { out[o + c] /= divisor }
    }

    /// Routes each channel's gradient to the first maximum of its window.
    private static func maxPoolGradient<T: GemmScalar>(
        _ x: UnsafePointer<T>, _ dy: UnsafePointer<T>, _ cells: UnsafeBufferPointer<Int>,
        _ dx: UnsafeMutablePointer<T>, _ outIndex: Int, _ channels: Int
    ) {
        guard let first = cells.first else { return }
        let o = outIndex * channels
        for c in 0..<channels {
            var best = first * channels + c
            for cell in cells.dropFirst() where x[cell * channels + c] > x[best] { best = cell * channels + c }
            dx[best] += dy[o + c]
        }
    }

    /// Spreads each output gradient evenly over the real cells of its window.
    private static func averagePoolGradient<T: GemmScalar>(
        _ dy: UnsafePointer<T>, _ cells: UnsafeBufferPointer<Int>, _ dx: UnsafeMutablePointer<T>, _ outIndex: Int,
        _ channels: Int
    ) {
        let o = outIndex * channels
        let divisor = T(max(cells.count, 1))
        for cell in cells {
            let i = cell * channels
            for c in 0..<channels { dx[i + c] += dy[o + c] / divisor }
        }
    }
}
