/// The while loops one run of backpropagation differentiates (TF's `_ControlFlowState`): a
/// ``GradLoopState`` per forward loop with an `Exit` between `xs` and `ys`, which counts the
/// loop's `Exit`s still to reach, builds zero gradients inside loops, and enters each loop's
/// gradient loop around the gradient of the loop's ops.
struct ControlFlowState {
    /// The gradient state of each forward loop, in the order they were found.
    private(set) var states: [GradLoopState] = []

    /// The state for the loops with an `Exit` in `betweenOps`, or nil when there is none (TF's
    /// `MaybeCreateControlFlowState`). Each loop's other `Exit`s join the ops between.
    static func make(betweenOps: inout [Operation], between: inout Set<Operation>) throws -> ControlFlowState? {
        var state: ControlFlowState?
        var index = 0
        while index < betweenOps.count {
            let op = betweenOps[index]
            index += 1
            guard op.isLoopExit else { continue }
            var found = state ?? ControlFlowState()
            try found.addLoop(of: op, betweenOps: &betweenOps, between: &between)
            state = found
        }
        return state
    }

    /// Starts the gradient of the loop `exit` leaves, unless it has one (TF's `AddWhileContext`).
    private mutating func addLoop(
        of exit: Operation, betweenOps: inout [Operation], between: inout Set<Operation>
    ) throws {
        guard let forward = exit.controlFlowContext?.enclosingWhileContext, gradState(of: forward) == nil else {
            return
        }
        let outer = forward.outerContext?.enclosingWhileContext.flatMap(gradState(of:))
        let state = try GradLoopState(forwardContext: forward, outerGradState: outer)
        states.append(state)
        for loopExit in state.forwardLoopExits where between.insert(loopExit.op).inserted {
            betweenOps.append(loopExit.op)
        }
    }

    private func gradState(of forward: WhileContext) -> GradLoopState? {
        states.first { $0.forwardContext === forward }
    }

    /// The gradient state of the loop `op` is in; with `before`, a loop `Exit` counts as in the
    /// loop around it (TF's `GetGradState`).
    func gradState(of op: Operation, before: Bool) -> GradLoopState? {
        var context = op.controlFlowContext
        if before && op.isLoopExit { context = context?.outerContext }
        return context?.enclosingWhileContext.flatMap(gradState(of:))
    }

    /// Runs `body` in the gradient loop of the loop `op` is in, if it has one, else as it is (TF's
    /// `EnterGradWhileContext` … `ExitGradWhileContext`).
    func inGradientLoop<R>(of op: Operation, before: Bool, _ body: () throws -> R) throws -> R {
        guard let state = gradState(of: op, before: before) else { return try body() }
        return try state.gradContext.entered(body)
    }

    /// Counts the loops' `Exit`s no consumer will reach (TF's `ProcessUnusedLoopExits`) and keeps
    /// each loop's `Enter`s that no gradient reaches from being visited.
    /// - Returns: the unused `Exit`s of the loops with no other `Exit` pending, which
    ///   backpropagation visits now.
    func processUnusedLoopExits(pending: inout [Operation: Int], toOps: Set<Operation>) -> [Tensor] {
        var ready: [Tensor] = []
        for state in states {
            for exit in state.forwardLoopExits where pending[exit.op, default: 0] == 0 {
                if state.skipExit(exit, unused: !toOps.contains(exit.op)) { ready += state.unusedExits }
            }
            for entered in state.forwardContext.loopEnters where pending[entered.op, default: 0] == 0 {
                pending[entered.op] = 1
            }
        }
        return ready
    }

    /// The zero gradient of the loop `Exit` output `value` when another `Exit` of its loop got a
    /// gradient (TF's `ZerosLikeForExit`).
    /// - Throws: ``ScopeFlowError/Code/unimplemented`` inside a differentiated loop, for a shape
    ///   not fully known.
    func zerosForExit(_ value: Tensor) throws -> Tensor {
        let outer = value.op.controlFlowContext?.outerContext?.enclosingWhileContext.flatMap(gradState(of:))
        guard let dims = value.shape.knownDims else {
            guard outer == nil else {
                throw ScopeFlowError(
                    .unimplemented,
                    "The zero gradient of \(value.name), of shape \(value.shape) in a nested loop, is not supported "
                        + "yet; give the loop variable a fully known shape.",
                    names: [value.name])
            }
            return try unaryOp("ZerosLike", value, name: "zeros_like", location: gradientLocation)
        }
        guard let outer else { return try zeros(shape: dims, dtype: value.dtype) }
        return try outer.gradContext.entered { try zeros(shape: dims, dtype: value.dtype) }
    }

    /// The zero gradient of output `index` of `op` when its other outputs got one (TF's
    /// `ZerosLikeV1WhileLoop`): none for a loop `Switch`, a constant of zeros inside a
    /// differentiated loop (for a cond's `Switch`, switched to the other branch on the saved
    /// predicate), as outside loops otherwise. Called in `op`'s gradient loop.
    /// - Throws: ``ScopeFlowError/Code/unimplemented`` inside a loop for a shape not fully known.
    func zerosForMissingGradient(of op: Operation, output index: Int) throws -> Tensor? {
        if op.isLoopSwitch { return nil }
        guard let state = gradState(of: op, before: false) else {
            return try ScopeFlow.zerosForMissingGradient(of: op, output: index, location: op.location)
        }
        let value = op.output(index)
        guard let dims = value.shape.knownDims else {
            throw ScopeFlowError(
                .unimplemented,
                "The zero gradient of \(value.name) (\(op.type), shape \(value.shape)) inside a while loop is not "
                    + "supported yet; give it a fully known shape.",
                names: [value.name])
        }
        let zeros = try constant(HostTensor(scalar: 0.0).converted(to: value.dtype), shape: dims)
        guard op.type == "Switch" || op.type == "RefSwitch" else { return zeros }
        // A cond's Switch: the zeros exist only when the other branch was taken.
        guard let branch = op.controlFlowContext as? CondContext, let pred = state.savedValue(named: branch.pred.name)
        else {
            throw ScopeFlowError(
                .unimplemented,
                "The zero gradient of \(value.name), a Switch of a cond in a while loop whose Merge has no gradient, "
                    + "is not supported yet.",
                names: [value.name])
        }
        let switched = try switchOp(zeros, pred)
        return branch.branch == 1 ? switched.outputFalse : switched.outputTrue
    }

    /// Feeds zeros back into each gradient `Merge` of a loop variable whose gradient never came
    /// back from the loop body: its next value does not depend on it (TF's `PostProcessing`).
    func postProcess() throws {
        for state in states {
            for merged in state.switchMerges where merged.op.inputs[0] == merged.op.inputs[1] {
                let initial = merged.op.inputs[0]
                let next: Tensor
                if let dims = initial.shape.knownDims {
                    next = try state.gradContext.entered {
                        try nextIteration(
                            constant(HostTensor(scalar: 0.0).converted(to: initial.dtype), shape: dims))
                    }
                } else {
                    let outer = state.gradContext.outerContext as? WhileContext
                    let makeZeros = { try zeros(dims: shapeOp(initial.op.inputs[0], location: gradientLocation)) }
                    let zeroGradient = try outer.map { try $0.entered(makeZeros) } ?? makeZeros()
                    next = try state.gradContext.entered { try nextIteration(zeroGradient) }
                }
                merged.op.updateInput(1, to: next)
            }
        }
    }
}

extension Operation {
    /// Whether the op is a `Switch` of a while loop (TF's `IsLoopSwitch`).
    var isLoopSwitch: Bool { (type == "Switch" || type == "RefSwitch") && controlFlowContext is WhileContext }
}
