extension WhileContext {
    /// Builds the loop in the default graph (TF's `BuildLoop` / `_BuildLoop`): for each loop
    /// variable an `Enter` into the frame, a `Merge` of it with the value of the previous
    /// iteration, `cond` on the merges and its `LoopCond`, a `Switch` of each merge on it, the
    /// body on an `Identity` of each switch's true output, the `NextIteration` of each result back
    /// into its merge, and an `Exit` of each switch's false output.
    ///
    /// `body` must return one tensor per loop variable, of its dtype.
    /// - Returns: the `Exit` of each loop variable: its value once `cond` is false.
    /// - Throws: ``ScopeFlowError/Code/unimplemented`` inside a context that cannot enclose a loop
    ///   yet (one that is not an ``EnclosingControlFlowContext``).
    func buildLoop(
        cond: ([Tensor]) throws -> Tensor, body: ([Tensor]) throws -> [Tensor], loopVars: [Tensor],
        shapeInvariants: [Shape], file: String, line: Int
    ) throws -> [Tensor] {
        if let unsupported = outerContext?.contextChain.first(where: { !($0 is EnclosingControlFlowContext) }) {
            throw ScopeFlowError(
                .unimplemented,
                "A while loop inside the control-flow context '\(unsupported.name)' (\(type(of: unsupported))) is "
                    + "not supported yet: that context cannot give an inner loop its pivot. Build the loop outside it.")
        }
        let graph = BuildContext.effective.graph
        return try graph.withControlFlowContext(self) {
            let enters = try enterLoopVariables(loopVars, shapeInvariants: shapeInvariants, file: file, line: line)
            let merges = try enters.map { try merge([$0, $0], file: file, line: line).output }
            record(pivotForPred: merges[0])
            let pivot = try loopCond(cond(merges), name: "LoopCond", file: file, line: line)
            record(pivot: pivot)
            let switches = try merges.map { try switchOp($0, pivot, file: file, line: line) }
            let bodyVars = try switches.map { try identity($0.outputTrue, file: file, line: line) }
            record(pivotForBody: bodyVars[0])
            let results = try body(bodyVars)
            for (merged, result) in zip(merges, results) {
                let next = try nextIteration(result, file: file, line: line)
                try requireShapeInvariant(merged: merged, next: next)
                merged.op.updateInput(1, to: next)
            }
            let exits = try switches.map { try loopExit($0.outputFalse, file: file, line: line) }
            record(exits: exits)
            if let outer = outerContext as? EnclosingControlFlowContext { exits.forEach(outer.addName) }
            return exits
        }
    }

    /// One `Enter` per loop variable, built outside every context and then made this loop's, with
    /// its shape invariant as static shape.
    private func enterLoopVariables(
        _ loopVars: [Tensor], shapeInvariants: [Shape], file: String, line: Int
    ) throws -> [Tensor] {
        initializeValues(loopVars)
        let outerValues = try outerContext.map { outer in try loopVars.map(outer.addValue) } ?? loopVars
        let enters = try controlDependencies(nil) {
            try zip(outerValues, shapeInvariants).map { value, invariant in
                let entered = try enter(
                    value, frameName: name, parallelIterations: parallelIterations, shape: invariant, file: file,
                    line: line)
                guard value.shape.conforms(to: invariant) else {
                    throw ScopeFlowError(
                        .shapeMismatch,
                        "The shape invariant specified for \(value.name) is not compatible with the initial shape of "
                            + "the loop variable. It enters the loop with shape \(value.shape), but the specified "
                            + "shape invariant is \(invariant). Give a shape invariant the initial value has (nil "
                            + "for a dimension that may vary).",
                        names: [value.name])
                }
                try outerContext?.addInnerOp(entered.op)
                return entered
            }
        }
        if let pivot = enclosingControlPivot {
            for entered in enters where entered.op.inputs[0].op.isLoopConstantEnter {
                entered.op.addControlInputs([pivot.op])
            }
        }
        try fixControlInputsAndContext(enters)
        initializeValues(enters)
        record(enters: enters)
        return enters
    }

    /// The pivot of the innermost context around this loop that has one.
    private var enclosingControlPivot: Tensor? {
        outerContext?.contextChain.lazy.compactMap { ($0 as? EnclosingControlFlowContext)?.controlPivot }.first
    }

    /// Checks that a loop variable's value after an iteration (`next`) has the shape it entered
    /// with, or a shape its invariant allows (TF's `_EnforceShapeInvariant`).
    private func requireShapeInvariant(merged: Tensor, next: Tensor) throws {
        guard !next.shape.conforms(to: merged.shape) else { return }
        let initial = merged.op.inputs[0].op.inputs[0]
        throw ScopeFlowError(
            .shapeMismatch,
            "Input tensor '\(initial.name)' enters the loop with shape \(initial.shape), but has shape "
                + "\(next.shape) after one iteration. To allow the shape to vary across iterations, give whileLoop "
                + "a less specific shape for it in shapeInvariants (nil for each dimension that varies).",
            names: [initial.name, next.name])
    }
}

extension Shape {
    /// Whether every tensor of this shape also has shape `invariant` (TF's `_ShapeLessThanOrEqual`):
    /// an unknown invariant allows any shape, a known one needs the same rank and its known
    /// dimensions.
    func conforms(to invariant: Shape) -> Bool {
        guard let allowed = invariant.dims else { return true }
        guard let dims, dims.count == allowed.count else { return false }
        return zip(dims, allowed).allSatisfy { dim, allowedDim in allowedDim == nil || dim == allowedDim }
    }
}
