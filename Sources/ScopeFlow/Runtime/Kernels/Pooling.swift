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
        switch kind {
        case .max: forEachWindow { Self.maxPool(x!, $0, $1, out, channels) }
        case .average: forEachWindow { Self.averagePool(x!, $0, $1, out, channels) }
        case .maxGradient:
            withUnsafeTemporaryAllocation(of: Int.self, capacity: maxWindowCells) { cells in
                forEachWindow { Self.maxPoolGradient(x!, dy!, $0, $1, out, channels, cells) }
            }
        case .averageGradient: forEachWindow { Self.averagePoolGradient(dy!, $0, $1, out, channels) }
        }
    }

    /// The real input cells of one output pixel's window: rows `rows` and columns `columns`
    /// of the input image `image` (cell indices count NHW positions; times `channels` for elements).
    struct Window {
        let image: Int
        let rows: Range<Int>
        let columns: Range<Int>
        let width: Int
        let dilationH: Int
        let dilationW: Int

        /// The number of real cells in the window.
        var count: Int { rowCount &* columnCount }
        private var rowCount: Int { rows.isEmpty ? 0 : (rows.upperBound &- 1 &- rows.lowerBound) / dilationH &+ 1 }
        private var columnCount: Int {
            columns.isEmpty ? 0 : (columns.upperBound &- 1 &- columns.lowerBound) / dilationW &+ 1
        }

        /// Calls `body` with each cell index in row-major window order.
        @inline(__always) func forEachCell(_ body: (Int) -> Void) {
            var row = rows.lowerBound
            while row < rows.upperBound {
                let base = row &* width
                var column = columns.lowerBound
                while column < columns.upperBound {
                    body(image &+ base &+ column)
                    column &+= dilationW
                }
                row &+= dilationH
            }
        }
    }

    /// The most real input cells one window can hold (a window never leaves its image).
    private var maxWindowCells: Int { max(1, min(geometry.kH, geometry.inH) &* min(geometry.kW, geometry.inW)) }

    /// Calls `body(outputPixel, window)` for every output pixel (pixel indices count NHW positions).
    @inline(__always) private func forEachWindow(_ body: (Int, Window) -> Void) {
        let g = geometry
        let imageCells = g.inH &* g.inW
        var outIndex = 0
        for n in 0..<batch {
            for oh in 0..<g.outH {
                let rows = Self.realOffsets(start: g.inputRow(oh, 0), extent: g.kH, dilation: g.dilationH, size: g.inH)
                for ow in 0..<g.outW {
                    let columns = Self.realOffsets(
                        start: g.inputColumn(ow, 0), extent: g.kW, dilation: g.dilationW, size: g.inW)
                    let window = Window(
                        image: n &* imageCells, rows: rows, columns: columns, width: g.inW, dilationH: g.dilationH,
                        dilationW: g.dilationW)
                    body(outIndex, window)
                    outIndex &+= 1
                }
            }
        }
    }

    /// The input positions `start + k * dilation` (`k < extent`) that lie in `0..<size`, as a
    /// range stepped by `dilation` whose lower bound is the first real position.
    @inline(__always) private static func realOffsets(start: Int, extent: Int, dilation: Int, size: Int) -> Range<Int> {
        var first = start
        if first < 0 { first = start &+ ((-start &+ dilation &- 1) / dilation) &* dilation }
        let end = min(start &+ (extent &- 1) &* dilation &+ 1, size)
        return first < end ? first..<end : first..<first
    }

    /// The first real cell, replaced only by strictly greater values (TF's tie rule).
    @inline(__always) private static func maxPool<T: GemmScalar>(
        _ x: UnsafePointer<T>, _ outIndex: Int, _ window: Window, _ out: UnsafeMutablePointer<T>, _ channels: Int
    ) {
        let o = out + outIndex &* channels
        var first = true
        window.forEachCell { cell in
            let i = x + cell &* channels
            if first {
                o.update(from: i, count: channels)
                first = false
            } else {
                for c in 0..<channels { o[c] = i[c] > o[c] ? i[c] : o[c] }
            }
        }
        if first { o.update(repeating: -T.greatestFiniteMagnitude, count: channels) }
    }

    @inline(__always) private static func averagePool<T: GemmScalar>(
        _ x: UnsafePointer<T>, _ outIndex: Int, _ window: Window, _ out: UnsafeMutablePointer<T>, _ channels: Int
    ) {
        let o = out + outIndex &* channels
        window.forEachCell { cell in
            let i = x + cell &* channels
            for c in 0..<channels { o[c] += i[c] }
        }
        let divisor = T(max(window.count, 1))
        for c in 0..<channels { o[c] /= divisor }
    }

    /// Routes each channel's gradient to the first maximum of its window (the first cell in
    /// row-major window order, replaced only by strictly greater values: TF's tie rule), four
    /// channels at a time with vector compares so random data costs no mispredicted branches.
    @inline(__always) private static func maxPoolGradient<T: GemmScalar>(
        _ x: UnsafePointer<T>, _ dy: UnsafePointer<T>, _ outIndex: Int, _ window: Window,
        _ dx: UnsafeMutablePointer<T>, _ channels: Int, _ cells: UnsafeMutableBufferPointer<Int>
    ) {
        var count = 0
        window.forEachCell { cell in
            cells[count] = cell &* channels
            count &+= 1
        }
        guard count > 0 else { return }
        let g = dy + outIndex &* channels
        var c = 0
        // Cell ordinals are kept in the compare mask's integer type.
        while c &+ 4 <= channels && count <= Int(T.SIMDMaskScalar.max) {
            var best = UnsafeRawPointer(x + (cells[0] &+ c)).loadUnaligned(as: SIMD4<T>.self)
            var ordinal = SIMD4<T.SIMDMaskScalar>(repeating: 0)
            for k in 1..<count {
                let value = UnsafeRawPointer(x + (cells[k] &+ c)).loadUnaligned(as: SIMD4<T>.self)
                let isGreater = value .> best
                best.replace(with: value, where: isGreater)
                ordinal.replace(with: T.SIMDMaskScalar(truncatingIfNeeded: k), where: isGreater)
            }
            for lane in 0..<4 { dx[cells[Int(truncatingIfNeeded: ordinal[lane])] &+ c &+ lane] += g[c &+ lane] }
            c &+= 4
        }
        while c < channels {
            var best = x[cells[0] &+ c]
            var bestCell = cells[0]
            for k in 1..<count where x[cells[k] &+ c] > best {
                best = x[cells[k] &+ c]
                bestCell = cells[k]
            }
            dx[bestCell &+ c] += g[c]
            c &+= 1
        }
    }

    /// Spreads each output gradient evenly over the real cells of its window.
    @inline(__always) private static func averagePoolGradient<T: GemmScalar>(
        _ dy: UnsafePointer<T>, _ outIndex: Int, _ window: Window, _ dx: UnsafeMutablePointer<T>, _ channels: Int
    ) {
        let g = dy + outIndex &* channels
        let divisor = T(max(window.count, 1))
        window.forEachCell { cell in
            let i = dx + cell &* channels
            for c in 0..<channels { i[c] += g[c] / divisor }
        }
    }
}
