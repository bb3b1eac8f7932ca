/// Elementwise ops of compiled plans: the interpreter's own element functions
/// (``UnaryOps``, ``BinaryOps``, ``ActivationGrads``) in loops over arena
/// buffers, so both paths give the same bits.
enum CompiledElementwise {
    /// An elementwise op's two compiled forms.
    struct ElementOp: Sendable {
        let step: CompiledOpBuilder
        let link: @Sendable (CompiledOpRequest, Int?) -> ElementChains.Link?
    }

    /// A float32 element function of one operand.
    protocol UnaryFunction: Sendable {
        func callAsFunction(_ x: Float) -> Float
        /// The interpreter's faster buffer loop with the same bits, if any.
        var loop: FloatBufferLoop? { get }
    }

    /// A float32 element function of two operands.
    protocol BinaryFunction: Sendable {
        func callAsFunction(_ x: Float, _ y: Float) -> Float
    }

    struct Numeric<F: NumericUnaryFunction>: UnaryFunction {
        let f: F
        @inline(__always) func callAsFunction(_ x: Float) -> Float { f(x) }
        var loop: FloatBufferLoop? { nil }
    }

    struct Floating<F: FloatUnaryFunction>: UnaryFunction {
        let f: F
        @inline(__always) func callAsFunction(_ x: Float) -> Float { f(x) }
        var loop: FloatBufferLoop? { f.float32Loop }
    }

    struct NumericPair<F: NumericBinaryFunction>: BinaryFunction {
        let f: F
        @inline(__always) func callAsFunction(_ x: Float, _ y: Float) -> Float { f(x, y) }
    }

    struct FloatingPair<F: FloatBinaryFunction>: BinaryFunction {
        let f: F
        @inline(__always) func callAsFunction(_ x: Float, _ y: Float) -> Float { f(x, y) }
    }

    static func unary<F: UnaryFunction>(_ f: F) -> ElementOp {
        ElementOp(step: unaryStep(f), link: { request, running in unaryLink(f, request, running: running) })
    }

    private static func unaryLink<F: UnaryFunction>(_ f: F, _ request: CompiledOpRequest, running: Int?)
        -> ElementChains.Link?
    {
        guard let y = request.outputs.first else { return nil }
        let loop = f.loop
        let apply: ElementChains.Block = { source, out, _, count in
            if let loop {
                out.update(from: source, count: count)
                loop(out, count)
            } else {
                for i in 0..<count { out[i] = f(source[i]) }
            }
        }
        if running == 0 { return ElementChains.Link(operands: []) { _ in apply } }
        guard running == nil, let x = request.value(0), x.shape == y.shape else { return nil }
        return ElementChains.Link(operands: [x]) { arena in
            let xs = UnsafePointer(arena[x.buffer])
            return { _, out, start, count in apply(xs + start, out, start, count) }
        }
    }

    private static func unaryStep<F: UnaryFunction>(_ f: F) -> CompiledOpBuilder {
        { request in
            guard let x = request.value(0), let y = request.outputs.first, x.shape == y.shape else { return nil }
            let n = x.count
            if let loop = f.loop {
                return .step { arena, _ in
                    let (source, target) = (arena[x.buffer], arena[y.buffer])
                    return {
                        ElementStripes.run(n) { start, end in
                            (target + start).update(from: source + start, count: end - start)
                            loop(target + start, end - start)
                        }
                    }
                }
            }
            return .step { arena, _ in
                let (source, target) = (UnsafePointer(arena[x.buffer]), arena[y.buffer])
                return { ElementStripes.run(n) { start, end in for i in start..<end { target[i] = f(source[i]) } } }
            }
        }
    }

    /// How the two operands of a binary op line up with its output.
    private enum Layout {
        /// Same shapes, `count` elements.
        case same(Int)
        /// The second (`scalarRight`) or first operand is one element.
        case scalarRight(Int), scalarLeft(Int)
        /// The second operand is one row repeated `rows` times (a bias).
        case rowRight(rows: Int, row: Int)
        /// Any other numpy broadcast.
        case general(BroadcastPlan)

        init?(_ x: [Int], _ y: [Int], output: [Int]) {
            let (xCount, yCount) = (x.reduce(1, *), y.reduce(1, *))
            if x == y {
                self = .same(xCount)
            } else if yCount == 1 && y.count <= x.count && output == x {
                self = .scalarRight(xCount)
            } else if xCount == 1 && x.count <= y.count && output == y {
                self = .scalarLeft(yCount)
            } else if y.count <= x.count, output == x, Array(x.suffix(y.count)) == y, yCount > 0 {
                self = .rowRight(rows: xCount / yCount, row: yCount)
            } else if let plan = try? BroadcastPlan([x, y], opName: ""), plan.shape == output {
                self = .general(plan)
            } else {
                return nil
            }
        }
    }

    static func binary<F: BinaryFunction>(_ f: F) -> ElementOp {
        ElementOp(step: binaryStep(f), link: { request, running in binaryLink(f, request, running: running) })
    }

    /// A binary op as a chain link: its operands are the running value, values of the output's
    /// shape, or scalars (read on every block, as the step reads them on every run).
    private static func binaryLink<F: BinaryFunction>(_ f: F, _ request: CompiledOpRequest, running: Int?)
        -> ElementChains.Link?
    {
        guard let z = request.outputs.first else { return nil }
        func operand(_ index: Int) -> ArenaValue? {
            request.value(index).flatMap { $0.shape == z.shape || $0.count == 1 ? $0 : nil }
        }
        let scalar = { (value: ArenaValue) in value.count == 1 && z.count != 1 }
        guard let running else {
            guard let x = operand(0), let y = operand(1), Layout(x.shape, y.shape, output: z.shape) != nil else {
                return nil
            }
            return ElementChains.Link(operands: [x, y]) { arena in
                let (xs, ys) = (UnsafePointer(arena[x.buffer]), UnsafePointer(arena[y.buffer]))
                if scalar(y) {
                    return { _, out, start, count in let (xs, b) = (xs + start, ys[0]); for i in 0..<count { out[i] = f(xs[i], b) } }
                }
                if scalar(x) {
                    return { _, out, start, count in let (a, ys) = (xs[0], ys + start); for i in 0..<count { out[i] = f(a, ys[i]) } }
                }
                return { _, out, start, count in
                    let (xs, ys) = (xs + start, ys + start)
                    for i in 0..<count { out[i] = f(xs[i], ys[i]) }
                }
            }
        }
        guard running < 2, let other = operand(1 - running) else { return nil }
        return ElementChains.Link(operands: [other]) { arena in
            let values = UnsafePointer(arena[other.buffer])
            switch (running, scalar(other)) {
            case (0, true): return { xs, out, _, count in let b = values[0]; for i in 0..<count { out[i] = f(xs[i], b) } }
            case (0, false):
                return { xs, out, start, count in let ys = values + start; for i in 0..<count { out[i] = f(xs[i], ys[i]) } }
            case (_, true): return { ys, out, _, count in let a = values[0]; for i in 0..<count { out[i] = f(a, ys[i]) } }
            case (_, false):
                return { ys, out, start, count in let xs = values + start; for i in 0..<count { out[i] = f(xs[i], ys[i]) } }
            }
        }
    }

    private static func binaryStep<F: BinaryFunction>(_ f: F) -> CompiledOpBuilder {
        { request in
            guard let x = request.value(0), let y = request.value(1), let z = request.outputs.first,
                let layout = Layout(x.shape, y.shape, output: z.shape)
            else { return nil }
            return .step { arena, _ in step(f, UnsafePointer(arena[x.buffer]), UnsafePointer(arena[y.buffer]), arena[z.buffer], layout) }
        }
    }

    private static func step<F: BinaryFunction>(
        _ f: F, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ z: UnsafeMutablePointer<Float>,
        _ layout: Layout
    ) -> CompiledStep {
        switch layout {
        case .same(let n):
            return { ElementStripes.run(n) { start, end in for i in start..<end { z[i] = f(x[i], y[i]) } } }
        case .scalarRight(let n):
            return {
                let b = y[0]
                ElementStripes.run(n) { start, end in for i in start..<end { z[i] = f(x[i], b) } }
            }
        case .scalarLeft(let n):
            return {
                let a = x[0]
                ElementStripes.run(n) { start, end in for i in start..<end { z[i] = f(a, y[i]) } }
            }
        case .rowRight(let rows, let row):
            return {
                ElementStripes.run(rows, weight: row) { first, last in
                    var (source, target) = (x + first * row, z + first * row)
                    for _ in first..<last {
                        for j in 0..<row { target[j] = f(source[j], y[j]) }
                        source += row
                        target += row
                    }
                }
            }
        case .general(let plan):
            return { plan.map(x, y, into: z) { f($0, $1) } }
        }
    }

    /// `BiasAdd` with the channels last: an `Add` of the bias row.
    static func biasAdd(_ request: CompiledOpRequest) -> CompiledOp? {
        guard request.context.string("data_format", default: "NHWC") != "NCHW", let x = request.value(0),
            let bias = request.value(1), x.shape.count >= 2, bias.shape == [x.shape.last!]
        else { return nil }
        return binaryStep(NumericPair(f: BinaryOps.Add()))(request)
    }

    /// `AddN` of same-shaped values, summed in input order as the interpreter does.
    static func addN(_ request: CompiledOpRequest) -> CompiledOp? {
        let values = request.inputs.compactMap(\.value)
        guard let out = request.outputs.first, values.count == request.inputs.count, !values.isEmpty,
            values.allSatisfy({ $0.shape == out.shape })
        else { return nil }
        let n = out.count
        return .step { arena, scratch in
            let sources = scratch.copy(values.map { UnsafePointer(arena[$0.buffer]) })
            let target = arena[out.buffer]
            guard sources.count > 1 else { return { target.update(from: sources[0], count: n) } }
            return {
                ElementStripes.run(n) { start, end in
                    let (first, second) = (sources[0], sources[1])
                    for i in start..<end { target[i] = first[i] + second[i] }
                    for k in 2..<sources.count {
                        let source = sources[k]
                        for i in start..<end { target[i] = target[i] + source[i] }
                    }
                }
            }
        }
    }
}
