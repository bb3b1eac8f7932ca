extension OpDefinitions {
    /// The definitions of TF's `logging_ops` ScopeFlow runs: `Assert` (TF marks it
    /// `NotDifferentiable`) and `CheckNumerics` (its gradient checked as well).
    static let logging: [OpDefinition] = [
        OpDefinition(
            "Assert", kernel: .general(Kernels.assertion), outputs: .none, shape: .assertion,
            attrDefaults: ["summarize": .int(3)], gradient: .notDifferentiable),
        OpDefinition("CheckNumerics", kernel: .general(checkNumericsKernel), shape: .checkNumerics) { op, grads in
            // TF's _CheckNumericsGrad: the gradient checked too, its message naming the gradient.
            let message = op.attrs["message"]?.stringValue ?? ""
            return [
                try checkNumerics(
                    grads[0]!, message: "Not a number (NaN) or infinity (Inf) values detected in gradient. \(message)")
            ]
        },
    ]
}
