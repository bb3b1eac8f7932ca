extension OpDefinitions {
    /// TF1's control-flow primitives. None has a kernel: the plan's frame executor moves their
    /// values between frames and iterations and propagates dead tensors through them.
    static let controlFlow: [OpDefinition] = [
        primitive("Switch", outputs: .two, shape: .switchOutputs, gradient: .function(switchGradient)),
        primitive("RefSwitch", outputs: .two, shape: .switchOutputs, gradient: .function(switchGradient)),
        primitive("Merge", outputs: .merged, shape: .merged, gradient: .function(mergeGradient)),
        primitive("RefMerge", outputs: .merged, shape: .merged, gradient: .function(mergeGradient)),
        primitive("Enter", shape: .unchanged, attrDefaults: enterDefaults),
        primitive("RefEnter", shape: .unchanged, attrDefaults: enterDefaults),
        primitive("Exit", shape: .unchanged),
        primitive("RefExit", shape: .unchanged),
        primitive("NextIteration", shape: .unchanged),
        primitive("RefNextIteration", shape: .unchanged),
        primitive("LoopCond", outputs: .bool, shape: .loopCondition, gradient: .notDifferentiable),
        primitive("ControlTrigger", outputs: .none, shape: .noOutputs, gradient: .notDifferentiable),
    ]

    /// TF's `_SwitchGrad` outside while loops: in a cond branch, the `Merge` (`cond_grad`) of the
    /// gradients of both outputs (the untaken one got zeros from backpropagation) or none when the
    /// untaken output has none (a non-float value); outside control flow, each output's gradient
    /// switched again on the predicate and merged.
    private static let switchGradient: GradientFunction = { op, grads in
        switch op.controlFlowContext {
        case let context as CondContext:
            guard grads[1 - context.branch] != nil else { return [nil, nil] }
            return [try merge(grads.compactMap { $0 }, name: "cond_grad").output, nil]
        case nil:
            guard let falseGrad = grads[0], let trueGrad = grads[1] else { return [nil, nil] }
            let pred = op.inputs[1]
            let branches = try [switchOp(falseGrad, pred).outputFalse, switchOp(trueGrad, pred).outputTrue]
            return [try merge(branches).output, nil]
        case let context?:
            throw ScopeFlowError(
                .unimplemented,
                "The gradient of \(op.type) '\(op.name)' in while loop '\(context.name)' is not supported yet.",
                names: [op.name])
        }
    }

    /// TF's `_MergeGrad` outside while loops: for a cond's `Merge`, the gradient switched on the
    /// cond's predicate (`cond_grad`), its false output for the false branch's input and its true
    /// output for the true branch's; for a `Merge` outside control flow, the gradient switched
    /// towards each input on `value_index == i`.
    private static let mergeGradient: GradientFunction = { op, grads in
        guard let grad = grads[0] else { return op.inputs.map { _ in nil } }
        switch outputContext(of: op.inputs[0].op) {
        case let context as CondContext:
            let switched = try switchOp(grad, context.pred, name: "cond_grad")
            return [switched.outputFalse, switched.outputTrue]
        case nil:
            return try op.inputs.indices.map { index in
                try switchOp(grad, scalarComparison("Equal", op.output(1), Double(index))).outputTrue
            }
        case let context?:
            throw ScopeFlowError(
                .unimplemented,
                "The gradient of \(op.type) '\(op.name)' in while loop '\(context.name)' is not supported yet.",
                names: [op.name])
        }
    }

    /// The context `op`'s outputs are in (TF's `GetOutputContext`): an `Exit`'s outputs leave its
    /// loop for the context around it.
    private static func outputContext(of op: Operation) -> (any ControlFlowContext)? {
        let context = op.controlFlowContext
        return op.type == "Exit" || op.type == "RefExit" ? context?.outerContext : context
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
