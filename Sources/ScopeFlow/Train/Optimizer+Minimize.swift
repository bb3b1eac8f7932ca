/// How much of the gradient computation must finish before a gradient is
/// used (TF's `Optimizer.GATE_NONE`, `GATE_OP`, `GATE_GRAPH`).
public enum GateGradients: Sendable {
    /// No gating: a gradient may be used as soon as it is computed.
    case none
    /// All gradients of an op's inputs are computed before any is used (TF's default).
    case op
    /// All gradients are computed before any is used.
    case graph
}

extension Optimizer {
    /// Pairs each variable of `varList` (default: the trainable variables of
    /// the loss's graph) with ∂loss/∂variable (TF's `compute_gradients`), an
    /// ``IndexedSlices`` for a variable only gathers read; a variable the loss does not
    /// depend on gets nil.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` when there is nothing to optimize.
    public func computeGradients(
        _ loss: any TensorConvertible, varList: [Variable]? = nil, gateGradients: GateGradients = .op
    ) throws -> [(Gradient?, Variable)] {
        let variables = try varList ?? (try loss.graph).variables(GraphKeys.trainableVariables)
        guard !variables.isEmpty else {
            throw ScopeFlowError(
                .invalidArgument,
                "No variables to optimize: the graph has no trainable variables and no varList was given.")
        }
        var grads = try gradientValues([loss], variables, gateGradients: gateGradients == .op)
        if gateGradients == .graph {
            grads = try tupleGradients(grads, location: SourceLocation(fileID: #fileID, line: #line))
        }
        return Array(zip(grads, variables))
    }

    /// Adds the ops that take one step downhill on `loss` (TF's `minimize`):
    /// ``computeGradients(_:varList:gateGradients:)`` then `applyGradients`.
    @discardableResult
    public func minimize(
        _ loss: any TensorConvertible, varList: [Variable]? = nil, globalStep: Variable? = nil,
        gateGradients: GateGradients = .op, name: String? = nil
    ) throws -> Operation {
        try applyGradients(
            try computeGradients(loss, varList: varList, gateGradients: gateGradients), globalStep: globalStep,
            name: name)
    }
}
