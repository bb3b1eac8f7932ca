extension OpDefinitions {
    /// TF1's control-flow primitives. None has a kernel: the plan's frame executor moves their
    /// values between frames and iterations and propagates dead tensors through them.
    static let controlFlow: [OpDefinition] = [
        primitive("Switch", outputs: .two, shape: .switchOutputs),
        primitive("RefSwitch", outputs: .two, shape: .switchOutputs),
        primitive("Merge", outputs: .merged, shape: .merged),
        primitive("RefMerge", outputs: .merged, shape: .merged),
        primitive("Enter", shape: .unchanged, attrDefaults: enterDefaults),
        primitive("RefEnter", shape: .unchanged, attrDefaults: enterDefaults),
        primitive("Exit", shape: .unchanged),
        primitive("RefExit", shape: .unchanged),
        primitive("NextIteration", shape: .unchanged),
        primitive("RefNextIteration", shape: .unchanged),
        primitive("LoopCond", outputs: .bool, shape: .loopCondition, gradient: .notDifferentiable),
        primitive("ControlTrigger", outputs: .none, shape: .noOutputs, gradient: .notDifferentiable),
    ]

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
