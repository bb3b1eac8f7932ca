extension OpDefinitions {
    /// TF1's control-flow primitives. None has a kernel: the plan's frame executor moves their
    /// values between frames and iterations and propagates dead tensors through them.
    static let controlFlow: [OpDefinition] = [
        primitive("Switch", outputs: .two, shape: .switchOutputs, gradient: .function(switchGradient)),
        primitive("RefSwitch", outputs: .two, shape: .switchOutputs, gradient: .function(switchGradient)),
        primitive("Merge", outputs: .merged, shape: .merged, gradient: .function(mergeGradient)),
        primitive("RefMerge", outputs: .merged, shape: .merged, gradient: .function(mergeGradient)),
        primitive("Enter", shape: .unchanged, attrDefaults: enterDefaults, gradient: .function(enterGradient)),
        primitive("RefEnter", shape: .unchanged, attrDefaults: enterDefaults, gradient: .function(enterGradient)),
        primitive("Exit", shape: .unchanged, gradient: .function(exitGradient)),
        primitive("RefExit", shape: .unchanged, gradient: .function(exitGradient)),
        primitive("NextIteration", shape: .unchanged, gradient: .function(nextIterationGradient)),
        primitive("RefNextIteration", shape: .unchanged, gradient: .function(nextIterationGradient)),
        primitive("LoopCond", outputs: .bool, shape: .loopCondition, gradient: .notDifferentiable),
        primitive("ControlTrigger", outputs: .none, shape: .noOutputs, gradient: .notDifferentiable),
    ]

    /// TF's `_SwitchGrad`: for a loop's `Switch`, visited twice, the gradient `Merge` `b_switch` of
    /// the `Exit`'s gradient on the first visit, and on the second the body's gradient passed back
    /// into that `Merge` through a `NextIteration`; in a cond branch, the `Merge` (`cond_grad`) of the
    /// gradients of both outputs (the untaken one got zeros from backpropagation) or none when the
    /// untaken output has none (a non-float value); outside control flow, each output's gradient
    /// switched again on the predicate and merged.
    private static let switchGradient: GradientFunction = { op, grads in
        switch op.controlFlowContext {
        case is WhileContext:
            let gradState = try currentGradientLoop(differentiating: op).gradState
            if let merged = gradState?.switchMerge(for: op) {
                if let bodyGrad = grads[1] { merged.op.updateInput(1, to: try nextIteration(bodyGrad)) }
                return [nil, nil]
            }
            guard let gradState, let exitGrad = grads[0] else { return [nil, nil] }
            let merged = try merge([exitGrad, exitGrad], name: "b_switch").output
            gradState.setSwitchMerge(merged, for: op)
            return [merged, nil]
        case let context as CondContext:
            guard grads[1 - context.branch] != nil else { return [nil, nil] }
            return [try merge(grads.compactMap { $0 }, name: "cond_grad").output, nil]
        default:
            guard let falseGrad = grads[0], let trueGrad = grads[1] else { return [nil, nil] }
            let pred = op.inputs[1]
            let branches = try [switchOp(falseGrad, pred).outputFalse, switchOp(trueGrad, pred).outputTrue]
            return [try merge(branches).output, nil]
        }
    }

    /// TF's `_MergeGrad`: for a loop's `Merge`, the gradient switched on the gradient loop's pivot
    /// (its false output for the `Enter`, its true output for the `NextIteration`); for a cond's `Merge`
    /// (in a gradient loop, on the predicate the forward loop saved for it), the gradient switched on the
    /// cond's predicate (`cond_grad`), its false output for the false branch's input and its true
    /// output for the true branch's; for a `Merge` outside control flow, the gradient switched
    /// towards each input on `value_index == i`.
    private static let mergeGradient: GradientFunction = { op, grads in
        guard let grad = grads[0] else { return op.inputs.map { _ in nil } }
        switch op.inputs[0].op.outputContext {
        case is WhileContext:
            guard let pivot = try currentGradientLoop(differentiating: op).pivot else { return [nil, nil] }
            let switched = try switchOp(grad, pivot)
            return [switched.outputFalse, switched.outputTrue]
        case let context as CondContext:
            let gradState = BuildContext.effective.graph.currentControlFlowContext?.enclosingWhileContext?.gradState
            let pred = try gradState?.savedPredicate(context.pred) ?? context.pred
            let switched = try switchOp(grad, pred, name: "cond_grad")
            return [switched.outputFalse, switched.outputTrue]
        default:
            return try op.inputs.indices.map { index in
                try switchOp(grad, scalarComparison("Equal", op.output(1), Double(index))).outputTrue
            }
        }
    }

    /// TF's `_ExitGrad`: the gradient enters the gradient loop as the `Enter` `b_exit`, one of the
    /// loop's `Enter`s; none when the loop was built without `backProp`.
    private static let exitGradient: GradientFunction = { op, grads in
        let gradContext = try currentGradientLoop(differentiating: op)
        guard gradContext.backProp, let grad = grads[0] else { return [nil] }
        if (op.controlFlowContext as? WhileContext)?.isGradientLoop == true {
            throw ScopeFlowError(
                .unimplemented,
                "Second-order gradients of while loops are not supported: '\(op.name)' is an Exit of a gradient loop.",
                names: [op.name])
        }
        gradContext.addName(grad)
        let entered = try gradContext.entered {
            try enter(
                grad, frameName: gradContext.name, isConstant: false,
                parallelIterations: gradContext.parallelIterations, name: "b_exit")
        }
        gradContext.appendLoopEnter(entered)
        return [entered]
    }

    /// TF's `_NextIterationGrad`: the gradient itself (the gradient loop's `NextIteration` is built
    /// by the `Switch`'s gradient).
    private static let nextIterationGradient: GradientFunction = { _, grads in [grads[0]] }

    /// TF's `_EnterGrad`: outside a gradient loop, the gradient itself; for a loop variable's
    /// `Enter`, the gradient leaving the gradient loop through an `Exit`; for a loop invariant's, its
    /// gradients summed over the gradient loop's iterations (`b_acc`).
    private static let enterGradient: GradientFunction = { op, grads in
        guard let grad = grads[0],
            let gradContext = BuildContext.effective.graph.currentControlFlowContext as? WhileContext,
            gradContext.backProp, gradContext.gradState != nil
        else { return [grads[0]] }
        guard op.isLoopConstantEnter else {
            let exit = try loopExit(grad)
            gradContext.appendLoopExit(exit)
            return [exit]
        }
        return [try gradContext.addBackpropAccumulator(enterOp: op, grad: grad)]
    }

    /// The gradient loop being built, current while a loop op's gradient is built.
    private static func currentGradientLoop(differentiating op: Operation) throws -> WhileContext {
        guard let context = BuildContext.effective.graph.currentControlFlowContext?.enclosingWhileContext else {
            throw ScopeFlowError(
                .invalidArgument,
                "The gradient of \(op.type) '\(op.name)' of a while loop is built only by gradients(), in the loop's "
                    + "gradient loop.",
                names: [op.name])
        }
        return context
    }

    /// TF's defaults of `Enter`'s optional attributes.
    private static let enterDefaults: AttrMap = ["is_constant": .bool(false), "parallel_iterations": .int(10)]

    private static func primitive(
        _ type: String, outputs: OutputSignature = .standard, shape: ShapeFunction, attrDefaults: AttrMap = [:],
        gradient: GradientRule = .undefined, file: String = #fileID, line: Int = #line
    ) -> OpDefinition {
        OpDefinition(
            type, kernel: nil, execution: .controlFlow, outputs: outputs, shape: shape, attrDefaults: attrDefaults,
            gradient: gradient, file: file, line: line)
    }
}
