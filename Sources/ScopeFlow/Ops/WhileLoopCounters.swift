/// The small loops a while loop's gradient adds (TF's `WhileContext.AddForwardLoopCounter`,
/// `AddBackpropLoopCounter`, `AddBackpropAccumulator`): a counter of the forward loop's
/// iterations, the gradient loop's own counter, which runs it as many times, and an accumulator
/// summing a loop invariant's gradient over the gradient loop's iterations.
extension WhileContext {
    /// Adds to this (forward) loop a counter of its iterations, built in the context around the
    /// loop: `f_count`, its `Enter` `f_count_1`, `Merge`, `Switch` on the loop's pivot, `Add` of 1,
    /// `NextIteration`, and the `Exit` `f_count_2` (TF's `AddForwardLoopCounter`).
    /// - Parameter outerGradState: the gradient state of the loop around this one, whose counter's
    ///   increment the new count waits for; nil at the top level.
    /// - Returns: the number of iterations (the counter's `Exit`) and the counter's
    ///   `NextIteration`, which stack pushes of the loop's gradient are ordered by.
    func addForwardLoopCounter(outerGradState: GradLoopState?) throws -> (count: Tensor, index: Tensor) {
        let zero = try constant(Int32(0), name: "f_count")
        if let outerGradState { zero.op.addControlInputs([outerGradState.forwardIndex.op.inputs[0].op]) }
        return try entered {
            addName(zero)
            let entered = try enter(
                zero, frameName: name, isConstant: false, parallelIterations: parallelIterations, name: "f_count")
            appendLoopEnter(entered)
            let merged = try merge([entered, entered]).output
            let switched = try switchOp(merged, try requirePivot())
            let incremented = try nameScope(nil, defaultName: "Add", values: [switched.outputTrue]) { scope in
                try add(switched.outputTrue, constant(Int32(1), name: "y"), name: scope)
            }
            let next = try nextIteration(incremented)
            merged.op.updateInput(1, to: next)
            let total = try loopExit(switched.outputFalse, name: "f_count")
            appendLoopExit(total)
            return (total, next)
        }
    }

    /// Makes this (gradient) loop run `count` times: `b_count` (1), the `Enter` `b_count_1` of
    /// `count`, `Merge`, `GreaterEqual` with 1, the `LoopCond` `b_count_2` (the loop's pivot),
    /// `Switch`, `Sub` of 1 (the body's pivot), `NextIteration`, and the `Exit` `b_count_3`
    /// (TF's `AddBackpropLoopCounter`), built in the context around the loop.
    /// - Parameter outerGradState: the gradient state of the loop around this one, whose
    ///   `b_sync` then waits for the counter's `Exit`; nil at the top level.
    /// - Returns: the counter's `NextIteration`.
    func addBackpropLoopCounter(count: Tensor, outerGradState: GradLoopState?) throws -> Tensor {
        let one = try constant(Int32(1), name: "b_count")
        return try entered {
            addName(count)
            let entered = try enter(
                count, frameName: name, isConstant: false, parallelIterations: parallelIterations, name: "b_count")
            appendLoopEnter(entered)
            let merged = try merge([entered, entered]).output
            record(pivotForPred: merged)
            let pivot = try loopCond(greaterEqual(merged, one), name: "b_count")
            record(pivot: pivot)
            let switched = try switchOp(merged, pivot)
            let index = try subtract(switched.outputTrue, one)
            record(pivotForBody: index)
            let next = try nextIteration(index)
            merged.op.updateInput(1, to: next)
            let finalZero = try loopExit(switched.outputFalse, name: "b_count")
            appendLoopExit(finalZero)
            try outerGradState?.gradSync().addControlInputs([finalZero.op])
            return next
        }
    }

    /// Sums `grad`, the gradient of the loop invariant `enterOp` brings in, over this (gradient)
    /// loop's iterations (TF's `AddBackpropAccumulator`): zeros `b_acc` built outside the loop, its
    /// `Enter` `b_acc_1`, the `Merge` `b_acc_2`, `Switch`, `Add` of `grad`, `NextIteration` and the
    /// `Exit` `b_acc_3`. Called with this loop current.
    /// - Returns: the sum (the accumulator's `Exit`).
    /// - Throws: ``ScopeFlowError/Code/unimplemented`` for a gradient whose shape is not fully
    ///   known inside another gradient loop.
    func addBackpropAccumulator(enterOp: Operation, grad: Tensor) throws -> Tensor {
        let zeros = try exited {
            if let dims = grad.shape.knownDims {
                return try enteringOuterContext {
                    try constant(HostTensor(scalar: 0.0).converted(to: grad.dtype), shape: dims, name: "b_acc")
                }
            }
            if (outerContext as? WhileContext)?.gradState != nil {
                throw ScopeFlowError(
                    .unimplemented,
                    "The gradient \(grad.name) of loop invariant '\(enterOp.name)' has shape \(grad.shape); "
                        + "accumulating a gradient of a shape not fully known in a nested gradient loop is not "
                        + "supported yet. Give the invariant a fully known shape.",
                    names: [grad.name, enterOp.name])
            }
            return try enteringOuterContext {
                try ScopeFlow.zeros(
                    dims: shapeOp(enterOp.inputs[0], location: gradientLocation), dtype: grad.dtype)
            }
        }
        addName(zeros)
        let entered = try enter(
            zeros, frameName: name, isConstant: false, parallelIterations: parallelIterations, name: "b_acc")
        appendLoopEnter(entered)
        let merged = try merge([entered, entered], name: "b_acc").output
        let switched = try switchOp(merged, try requirePivot())
        let next = try nextIteration(add(switched.outputTrue, grad))
        merged.op.updateInput(1, to: next)
        let sum = try loopExit(switched.outputFalse, name: "b_acc")
        appendLoopExit(sum)
        return sum
    }

    /// Runs `body` in the context around this loop: entered when it is a loop, as it is current
    /// already otherwise (TF's `outer_context.Enter()` … `Exit()` where there is one).
    private func enteringOuterContext<R>(_ body: () throws -> R) throws -> R {
        guard let outer = outerContext as? WhileContext else { return try body() }
        return try outer.entered(body)
    }

    /// The loop's pivot, which exists once the loop is built.
    private func requirePivot() throws -> Tensor {
        guard let pivot else {
            throw ScopeFlowError(
                .invalidArgument, "While loop '\(name)' has no pivot yet; differentiate it once it is built.",
                names: [name])
        }
        return pivot
    }
}
