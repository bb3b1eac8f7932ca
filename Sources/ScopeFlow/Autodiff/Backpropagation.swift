/// One run of reverse-mode differentiation, following TF's `_GradientsHelper`:
/// count, for each op between `xs` and `ys`, how many of its consumers lie on
/// a path, then visit ops once all their consumers have sent gradients back.
struct Backpropagation {
    let ys: [Tensor]
    let xs: [Tensor]
    /// Ops on a path from an x to a y.
    private var between: Set<Operation> = []
    /// Unvisited consumers on a path, per op.
    private var pending: [Operation: Int] = [:]
    /// Gradients received per op output, summed when the op is visited.
    private var received: [Operation: [[Tensor]]] = [:]
    /// The summed gradient per output of each visited op.
    private var summed: [Operation: [Tensor?]] = [:]

    /// Whether each op's input gradients are gated by a `tuple`, so none is
    /// used before all are computed (TF's `gate_gradients`).
    let gatesGradients: Bool

    init(ys: [Tensor], xs: [Tensor], gatesGradients: Bool) {
        self.ys = ys
        self.xs = xs
        self.gatesGradients = gatesGradients
    }

    /// Builds the gradient graph from the gradients of `ys` and returns those of `xs`.
    mutating func run(initial: [Tensor]) throws -> [Tensor?] {
        try markBetweenOps()
        for (y, g) in zip(ys, initial) { receive(g, for: y) }
        var queue: [Operation] = []
        var queued: Set<Operation> = []
        for y in ys where between.contains(y.op) && pending[y.op, default: 0] == 0 && !queued.contains(y.op) {
            queued.insert(y.op)
            queue.append(y.op)
        }
        let xOps = Set(xs.map(\.op))
        var head = 0
        while head < queue.count {
            let op = queue[head]
            head += 1
            try visit(op, isStop: xOps.contains(op) && !op.inputs.contains { pending[$0.op, default: 0] > 0 })
            for input in op.inputs {
                pending[input.op, default: 0] -= 1
                if pending[input.op] == 0 { queue.append(input.op) }
            }
        }
        return xs.map { x in summed[x.op].flatMap { $0[x.index] } }
    }

    /// Marks the ops reachable from `xs` that reach `ys`, and counts their consumers on such paths.
    private mutating func markBetweenOps() throws {
        var consumers: [Operation: [Operation]] = [:]
        for op in try ys.first!.graph.operations {
            for input in op.inputs { consumers[input.op, default: []].append(op) }
        }
        var reached: Set<Operation> = []
        var stack = xs.map(\.op)
        while let op = stack.popLast() {
            guard reached.insert(op).inserted else { continue }
            stack += consumers[op] ?? []
        }
        var order: [Operation] = []
        stack = ys.map(\.op)
        while let op = stack.popLast() {
            guard reached.remove(op) != nil else { continue }
            between.insert(op)
            order.append(op)
            stack += op.inputs.map(\.op)
        }
        for op in order {
            for input in op.inputs where between.contains(input.op) { pending[input.op, default: 0] += 1 }
        }
    }

    private mutating func receive(_ gradient: Tensor, for tensor: Tensor) {
        var lists = received[tensor.op] ?? Array(repeating: [], count: tensor.op.outputTypes.count)
        lists[tensor.index].append(gradient)
        received[tensor.op] = lists
    }

    /// Sums `op`'s output gradients and, unless it is a stop op (an x whose
    /// inputs are off every path), sends gradients on to its inputs.
    private mutating func visit(_ op: Operation, isStop: Bool) throws {
        var outputs: [Tensor?] = try (received[op] ?? []).map { grads in
            grads.count > 1 ? try addN(grads) : grads.first
        }
        if outputs.isEmpty { outputs = Array(repeating: nil, count: op.outputTypes.count) }
        summed[op] = outputs
        guard !isStop, outputs.contains(where: { $0 != nil }), let function = try OpRegistry.gradient(for: op)
        else { return }
        for (i, output) in op.outputs.enumerated() where outputs[i] == nil && output.dtype.isFloatingPoint {
            outputs[i] = try zerosForMissingGradient(of: op, output: i, location: op.location)
        }
        let inputGradients = try nameScope(op.name + "_grad") { _ in
            let gradients = try function(op, outputs)
            let computed = gradients.lazy.compactMap { $0 }.count
            return gatesGradients && computed > 1 ? try tuple(gradients) : gradients
        }
        guard inputGradients.count == op.inputs.count else {
            throw ScopeFlowError(
                .invalidArgument,
                "The gradient of \(op.type) '\(op.name)' returned \(inputGradients.count) gradients for "
                    + "\(op.inputs.count) inputs.",
                names: [op.name])
        }
        for (input, gradient) in zip(op.inputs, inputGradients) {
            if let gradient { receive(gradient, for: input) }
        }
    }
}
