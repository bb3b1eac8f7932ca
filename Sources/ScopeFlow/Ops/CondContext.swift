import Synchronization
import ScopeFlowProto

/// One branch of a ``cond(_:trueFn:falseFn:name:)`` being built (TF's `CondContext`).
///
/// Ops built while the branch is current join it: an input from outside the branch is read
/// through a `Switch` on the predicate, keeping the branch's output of it (``addValue(_:)``), and
/// an op without inputs waits for the branch's pivot (`switch_t` / `switch_f`), so that nothing
/// in the branch runs unless the branch is taken.
final class CondContext: EnclosingControlFlowContext {
    /// The cond's predicate as the branches read it (`cond/pred_id`).
    let pred: Tensor
    /// The tensor that is alive only when this branch is taken (`cond/switch_t`, `cond/switch_f`).
    let pivot: Tensor
    /// 1 for the true branch, 0 for the false one: the `Switch` output this branch reads.
    let branch: Int
    /// The cond branch or while loop the cond is built in, nil at the top level.
    let outerContext: (any ControlFlowContext)?
    let name: String
    private let seen = Mutex(Seen())

    /// TF's `_values` and `_external_values`.
    private struct Seen {
        /// Names of the tensors already available in this branch.
        var values: Set<String> = []
        /// For a tensor from outside (by name), the tensor the branch reads in its place.
        var externalValues: [String: Tensor] = [:]
        /// The contexts built inside this branch (TF's `_nested_contexts`).
        var nested: [any ControlFlowContext] = []
    }

    /// A branch of the cond whose ops are being built in the current name scope of `graph`, inside
    /// `outer` (the current context when the cond is built).
    init(pred: Tensor, pivot: Tensor, branch: Int, outer: (any ControlFlowContext)?, graph: Graph) {
        self.pred = pred
        self.pivot = pivot
        self.branch = branch
        outerContext = outer
        name = graph.uniqueName("cond_text")
        seen.withLock { seen in
            seen.values = [pred.name, pivot.name]
            seen.externalValues[pred.name] = pred
        }
        pivot.op.setControlFlowContext(self)
        (outer as? EnclosingControlFlowContext)?.addNestedContext(self)
    }

    /// The branch a MetaGraph's `CondContextDef` describes, over ops already imported into
    /// `names`' graph (TF's `CondContext.from_proto`). The caller makes the branch's ops members
    /// (``ImportedContextNames/adopt(_:into:)``).
    init(imported definition: Tensorflow_CondContextDef, outer: (any ControlFlowContext)?, names: ImportedContextNames)
        throws
    {
        name = names.path(definition.contextName)
        pred = try names.tensor(definition.predName, of: name)
        pivot = try names.tensor(definition.pivotName, of: name)
        branch = Int(definition.branch)
        outerContext = outer
        let values = names.values(definition.valuesDef)
        let externalValues = try names.externalValues(definition.valuesDef, of: name)
        seen.withLock { seen in
            seen.values = values
            seen.externalValues = externalValues
        }
        (outer as? EnclosingControlFlowContext)?.addNestedContext(self)
    }

    func addNestedContext(_ context: any ControlFlowContext) { seen.withLock { $0.nested.append(context) } }

    var nestedContexts: [any ControlFlowContext] { seen.withLock { $0.nested } }

    /// The branch as a MetaGraph stores it (TF's `CondContext.to_proto`).
    func definition() -> Tensorflow_CondContextDef {
        var definition = Tensorflow_CondContextDef()
        definition.contextName = name
        definition.predName = pred.name
        definition.pivotName = pivot.name
        definition.branch = Int32(branch)
        seen.withLock { seen in
            definition.valuesDef = valuesDefinition(seen.values, seen.externalValues.mapValues(\.name))
            definition.nestedContexts = seen.nested.map(contextDefinition)
        }
        return definition
    }

    /// The branch's own values without those that stand for outside tensors: the ones whose ops
    /// belong to it (TF's `_values - _external_values`).
    var memberValues: Set<String> {
        seen.withLock { $0.values.subtracting($0.externalValues.keys) }
    }

    /// TF's `AddName`: notes that the tensor `name` is available in this branch.
    func addName(_ name: String) {
        _ = seen.withLock { $0.values.insert(name) }
    }

    func addName(_ tensor: Tensor) { addName(tensor.name) }

    /// The branch's pivot: a while loop built in the branch makes its invariants' `Enter`s wait
    /// for it (TF's `GetControlPivot`).
    var controlPivot: Tensor? { pivot }

    /// Notes `tensor` as available in this branch and every context around it.
    private func addNameHere(andOutside tensor: Tensor) {
        for case let context as EnclosingControlFlowContext in contextChain { context.addName(tensor) }
    }

    /// The tensor already standing for `value` in this branch, nil when the branch has not seen it.
    private func known(_ value: Tensor) -> Tensor? {
        seen.withLock { $0.values.contains(value.name) ? ($0.externalValues[value.name] ?? value) : nil }
    }

    private func setExternal(_ name: String, _ tensor: Tensor) {
        seen.withLock { $0.externalValues[name] = tensor }
    }

    /// The value as the enclosing branches see it: `value` at the top level, else the outer
    /// branch's `Switch` output, noted as an external value of this branch.
    private func valueFromOutside(_ value: Tensor) throws -> Tensor {
        guard let outerContext else { return value }
        let outer = try outerContext.addValue(value)
        addName(outer.name)
        setExternal(outer.name, outer)
        return outer
    }

    func addValue(_ value: Tensor) throws -> Tensor {
        if let known = known(value) { return known }
        addName(value.name)
        let outside = try valueFromOutside(value)
        let switched = try controlDependencies(nil) {
            let outputs = try switchOp(outside, pred)
            return branch == 1 ? outputs.outputTrue : outputs.outputFalse
        }
        try outerContext?.addInnerOp(switched.op)
        switched.op.setControlFlowContext(self)
        addNameHere(andOutside: switched)
        setExternal(value.name, switched)
        return switched
    }

    /// Inside a while loop, the op first loses its control inputs from outside the loop (TF's
    /// `_RemoveExternalControlEdges`).
    func addOp(_ op: Operation) throws {
        let inputs = op.inputs
        if let loop = enclosingWhileContext {
            let internalControls = op.controlInputs.filter { $0.outputContext?.enclosingWhileContext === loop }
            if internalControls.count != op.controlInputs.count { op.setControlInputs(internalControls) }
        }
        if inputs.isEmpty {
            if !op.controlInputs.contains(where: { isInside($0, self) }) { op.addControlInputs([pivot.op]) }
        } else {
            for (index, input) in inputs.enumerated() {
                // A while loop imported into the branch feeds its Merge from its own NextIteration.
                if op.type == "Merge" && input.op.type == "NextIteration" { continue }
                let available = try addValue(input)
                if available != input { op.updateInput(index, to: available) }
            }
        }
        for output in op.outputs { addNameHere(andOutside: output) }
        try outerContext?.addInnerOp(op)
    }

    func addInnerOp(_ op: Operation) throws {
        try outerContext?.addInnerOp(op)
    }

    /// The tensor the cond's `Merge` takes from this branch for the branch function's result
    /// `value` (TF's `_ProcessOutputTensor`): the value itself when built in the branch, else a
    /// `Switch` of it (a branch returning an outside tensor, as `{ x }`).
    func branchResult(_ value: Tensor) throws -> Tensor {
        if let known = known(value) { return known }
        addName(value.name)
        let outside = try valueFromOutside(value)
        let outputs = try switchOp(outside, pred)
        let switched = branch == 1 ? outputs.outputTrue : outputs.outputFalse
        setExternal(value.name, switched)
        return switched
    }
}

/// Whether `op` was built in `context` or in a context nested in it (TF's `OpInContext`).
private func isInside(_ op: Operation, _ context: any ControlFlowContext) -> Bool {
    var current = op.controlFlowContext
    while let candidate = current {
        if candidate === context { return true }
        current = candidate.outerContext
    }
    return false
}
