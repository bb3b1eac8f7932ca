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
    private var received: [Operation: [[Gradient]]] = [:]
    /// The summed gradient per output of each visited op.
    private var summed: [Operation: [Gradient?]] = [:]
    /// Ops whose gradient is next, in the order TF visits them.
    private var queue: [Operation] = []
    /// The while loops being differentiated, nil when no loop is.
    private var loopState: ControlFlowState?

    /// Whether each op's input gradients are gated by a `tuple`, so none is
    /// used before all are computed (TF's `gate_gradients`).
    let gatesGradients: Bool

    init(ys: [Tensor], xs: [Tensor], gatesGradients: Bool) {
        self.ys = ys
        self.xs = xs
        self.gatesGradients = gatesGradients
    }

    /// Builds the gradient graph from the gradients of `ys` and returns those of `xs`, each as
    /// TF returns it (an ``IndexedSlices`` where the last op a gradient went through made one).
    mutating func run(initial: [Tensor]) throws -> [Gradient?] {
        var betweenOps = try markBetweenOps()
        loopState = try ControlFlowState.make(betweenOps: &betweenOps, between: &between)
        for op in betweenOps {
            for input in op.inputs where between.contains(input.op) { pending[input.op, default: 0] += 1 }
        }
        for (y, g) in zip(ys, initial) { receive(.dense(g), for: y) }
        var queued: Set<Operation> = []
        for y in ys where between.contains(y.op) && pending[y.op, default: 0] == 0 && !queued.contains(y.op) {
            queued.insert(y.op)
            queue.append(y.op)
        }
        if let loopState {
            for exit in loopState.processUnusedLoopExits(pending: &pending, toOps: queued) {
                if exit.dtype.isFloatingPoint { receive(.dense(try loopState.zerosForExit(exit)), for: exit) }
                queue.append(exit.op)
            }
        }
        let stopOps = Set(xs.map(\.op).filter { op in !op.inputs.contains { pending[$0.op, default: 0] > 0 } })
        var head = 0
        while head < queue.count {
            let op = queue[head]
            head += 1
            try visit(op, isStop: stopOps.contains(op))
            try updatePendingAndEnqueue(inputsOf: op)
        }
        return xs.map { x in summed[x.op].flatMap { $0[x.index] } }
    }

    /// Completes the gradient loops once ``run(initial:)`` built the gradient (TF's
    /// `PostProcessing`, run outside the gradient's name scope).
    func finish() throws {
        try loopState?.postProcess()
    }

    /// Marks the ops reachable from `xs` through differentiable tensors that reach `ys` (TF's
    /// `between_ops`): a comparison's consumers, reading a bool, are not reached through it.
    /// - Returns: those ops in the order a breadth-first walk from `ys` finds them.
    private mutating func markBetweenOps() throws -> [Operation] {
        var consumers: [Operation: [Operation]] = [:]
        for op in try ys.first!.graph.operations {
            for input in op.inputs where input.dtype.isFloatingPoint || input.dtype == .resource {
                consumers[input.op, default: []].append(op)
            }
        }
        var reached: Set<Operation> = []
        var stack = xs.map(\.op)
        while let op = stack.popLast() {
            guard reached.insert(op).inserted else { continue }
            stack += consumers[op] ?? []
        }
        var order: [Operation] = []
        var walk = ys.map(\.op)
        var head = 0
        while head < walk.count {
            let op = walk[head]
            head += 1
            guard reached.remove(op) != nil else { continue }
            between.insert(op)
            order.append(op)
            walk += op.inputs.map(\.op)
        }
        return order
    }

    /// Counts `op`'s gradient as sent to each of its inputs and queues the inputs that have all
    /// theirs (TF's `_UpdatePendingAndEnqueueReady`): a loop `Switch` as soon as its `Exit` sent
    /// one, and a loop's `Exit`s only once all of them are ready, with zeros for the unused ones
    /// when another got a gradient.
    private mutating func updatePendingAndEnqueue(inputsOf op: Operation) throws {
        for input in op.inputs {
            pending[input.op, default: 0] -= 1
            let count = pending[input.op, default: 0]
            guard count == 0 || (loopState != nil && count > 0 && input.op.isLoopSwitch) else { continue }
            guard let loopState, input.op.isLoopExit, let state = loopState.gradState(of: input.op, before: false)
            else {
                queue.append(input.op)
                continue
            }
            guard let deferred = state.deferExit(input) else { continue }
            var anyGradient = false
            for exit in deferred {
                if received[exit.op]?.contains(where: { !$0.isEmpty }) ?? false {
                    anyGradient = true
                    queue.append(exit.op)
                } else {
                    state.addUnusedExit(exit)
                }
            }
            for exit in state.unusedExits {
                if anyGradient && exit.dtype.isFloatingPoint {
                    receive(.dense(try loopState.zerosForExit(exit)), for: exit)
                }
                queue.append(exit.op)
            }
        }
    }

    private mutating func receive(_ gradient: Gradient, for tensor: Tensor) {
        var lists = received[tensor.op] ?? Array(repeating: [], count: tensor.op.outputTypes.count)
        lists[tensor.index].append(gradient)
        received[tensor.op] = lists
    }

    /// Sums `op`'s output gradients and, unless it is a stop op (an x whose
    /// inputs are off every path), sends gradients on to its inputs.
    private mutating func visit(_ op: Operation, isStop: Bool) throws {
        let loopState = loopState
        func inGradientLoop(before: Bool, _ body: () throws -> [Gradient?]) throws -> [Gradient?] {
            try loopState?.inGradientLoop(of: op, before: before, body) ?? body()
        }
        let received = received[op] ?? []
        var outputs: [Gradient?] = try inGradientLoop(before: true) { try received.map(aggregateGradients) }
        if outputs.isEmpty { outputs = Array(repeating: nil, count: op.outputTypes.count) }
        // A loop Switch is visited twice: its first output's gradient stays as summed then.
        self.received[op] = outputs.map { $0.map { [$0] } ?? [] }
        summed[op] = outputs
        guard !isStop, outputs.contains(where: { $0 != nil }), let function = try OpRegistry.gradient(for: op)
        else { return }
        let inputGradients = try inGradientLoop(before: false) {
            for (i, output) in op.outputs.enumerated() where outputs[i] == nil && output.dtype.isFloatingPoint {
                let zeros =
                    try loopState.map { try $0.zerosForMissingGradient(of: op, output: i) }
                    ?? zerosForMissingGradient(of: op, output: i, location: op.location)
                outputs[i] = zeros.map(Gradient.dense)
            }
            return try nameScope(op.name + "_grad") { _ in
                let gradients = try function(op, outputs)
                let computed = gradients.lazy.compactMap { $0 }.count
                guard gatesGradients && computed > 1 else { return gradients }
                return try tupleGradients(gradients, location: SourceLocation(fileID: #fileID, line: #line))
            }
        }
        guard inputGradients.count == op.inputs.count else {
            throw ScopeFlowError(
                .invalidArgument,
                "The gradient of \(op.type) '\(op.name)' returned \(inputGradients.count) gradients for "
                    + "\(op.inputs.count) inputs.",
                names: [op.name])
        }
        for (input, gradient) in zip(op.inputs, inputGradients) {
            guard let gradient else { continue }
            if input.dtype != .resource, case .dense(let tensor) = gradient {
                try refineShape(of: tensor, to: input, of: op)
            }
            receive(gradient, for: input)
        }
    }

    /// Gives the gradient of `input` (of `op`) the input's static shape, as TF does after each
    /// gradient function.
    private func refineShape(of gradient: Tensor, to input: Tensor, of op: Operation) throws {
        do {
            try gradient.op.refineShape(ofOutput: gradient.index, to: input.shape)
        } catch {
            throw ScopeFlowError(
                .shapeMismatch,
                "Incompatible shapes between op input and calculated input gradient. Forward operation: "
                    + "\(op.name). Original input shape: \(input.shape). Calculated input gradient shape: "
                    + "\(gradient.shape).",
                names: [op.name, gradient.name])
        }
    }
}
