extension OpDefinitions {
    /// The definitions of TF's `logging_ops` ScopeFlow runs: `Assert` (TF marks it
    /// `NotDifferentiable`).
    static let logging: [OpDefinition] = [
        OpDefinition(
            "Assert", kernel: .general(Kernels.assertion), outputs: .none, shape: .assertion,
            attrDefaults: ["summarize": .int(3)], gradient: .notDifferentiable)
    ]
}
