import ScopeFlowProto

/// A while loop being built, and what its gradient will need of it (TF's `WhileContext`).
///
/// ``whileLoop(cond:body:loopVars:shapeInvariants:parallelIterations:backProp:swapMemory:maximumIterations:name:)``
/// makes one per loop and builds the loop with it (``buildLoop(cond:body:loopVars:shapeInvariants:)``).
/// While the loop's condition and body are built it is the current context: every op built then
/// joins it (``addOp(_:)``), an input from outside the loop comes in through one constant `Enter`
/// per tensor (``addValue(_:)``), and an op that nothing inside the loop would trigger waits for
/// the loop's pivot.
///
/// The context refers to the loop's tensors without keeping their ops alive: each op holds its
/// context, and the graph holds the ops.
final class WhileContext: EnclosingControlFlowContext {
    let outerContext: (any ControlFlowContext)?
    /// The loop's frame name, unique in the graph (`while/while_context`), TF's `context.name`.
    let name: String
    /// How many iterations may run at once (the `parallel_iterations` of every `Enter`).
    let parallelIterations: Int
    /// Whether gradients may flow through the loop (TF's `back_prop`).
    let backProp: Bool
    /// Whether the loop's gradient may swap its saved tensors to host memory (TF's `swap_memory`).
    let swapMemory: Bool
    private let maximumIterationsReference: TensorReference?
    private let state = LockedValue(State())

    /// What building the loop adds to the context.
    private struct State {
        /// Names of the tensors that belong to the loop (TF's `_values`).
        var values: Set<String> = []
        /// For each outside tensor the loop reads, by name, the `Enter` that brings it in
        /// (TF's `_external_values`).
        var externalValues: [String: TensorReference] = [:]
        var pivotForPred: TensorReference?
        var pivotForBody: TensorReference?
        var pivot: TensorReference?
        var loopEnters: [TensorReference] = []
        var loopExits: [TensorReference] = []
        /// The state of the gradient this loop computes, when it is a gradient loop (TF's
        /// `grad_state`); held weakly, by the backpropagation that builds the loop.
        weak var gradState: GradLoopState?
        /// Whether the loop computes a gradient, which outlives ``gradState``.
        var isGradientLoop = false
        /// The context that was current before each ``entered(_:)`` still running, innermost last
        /// (TF's `_context_stack`).
        var enteredFrom: [(any ControlFlowContext)?] = []
        /// The contexts built inside this loop (TF's `_nested_contexts`).
        var nested: [any ControlFlowContext] = []
    }

    /// A context for a loop built now in the default graph, inside its current context.
    /// - Parameter name: the frame's name before it is made unique in the current name scope.
    init(
        maximumIterations: Tensor?, parallelIterations: Int, backProp: Bool, swapMemory: Bool,
        name: String = "while_context"
    ) {
        let graph = BuildContext.effective.graph
        outerContext = graph.currentControlFlowContext
        self.name = graph.uniqueName(name)
        maximumIterationsReference = maximumIterations.map(TensorReference.init)
        self.parallelIterations = parallelIterations
        self.backProp = backProp
        self.swapMemory = swapMemory
        (outerContext as? EnclosingControlFlowContext)?.addNestedContext(self)
    }

    /// The loop a MetaGraph's `WhileContextDef` describes, over ops already imported into
    /// `names`' graph (TF's `WhileContext.from_proto`): its values, `Enter`s, `Exit`s and pivots
    /// by name. The caller makes the loop's ops members (``ImportedContextNames/adopt(_:into:)``).
    init(imported definition: Tensorflow_WhileContextDef, outer: (any ControlFlowContext)?, names: ImportedContextNames)
        throws
    {
        outerContext = outer
        name = names.path(definition.contextName)
        parallelIterations = Int(definition.parallelIterations)
        backProp = definition.backProp
        swapMemory = definition.swapMemory
        let bound = definition.maximumIterationsName
        maximumIterationsReference = bound.isEmpty ? nil : TensorReference(try names.tensor(bound, of: name))
        var imported = State()
        imported.values = names.values(definition.valuesDef)
        imported.externalValues = try names.externalValues(definition.valuesDef, of: name).mapValues(
            TensorReference.init)
        imported.pivot = try TensorReference(names.tensor(definition.pivotName, of: name))
        imported.pivotForPred = try TensorReference(names.tensor(definition.pivotForPredName, of: name))
        imported.pivotForBody = try TensorReference(names.tensor(definition.pivotForBodyName, of: name))
        imported.loopEnters = try definition.loopEnterNames.map { TensorReference(try names.tensor($0, of: name)) }
        imported.loopExits = try definition.loopExitNames.map { TensorReference(try names.tensor($0, of: name)) }
        state.withLock { $0 = imported }
        (outer as? EnclosingControlFlowContext)?.addNestedContext(self)
    }

    /// The loop's own values without those that stand for outside tensors: the ones whose ops
    /// belong to it (TF's `_values - _external_values`).
    var memberValues: Set<String> {
        state.withLock { $0.values.subtracting($0.externalValues.keys) }
    }

    /// The loop's iteration bound, when it has one (TF's `maximum_iterations`).
    var maximumIterations: Tensor? { maximumIterationsReference?.tensor }
    /// The `LoopCond` output: the loop's termination condition (TF's `pivot`).
    var pivot: Tensor? { state.withLock { $0.pivot?.tensor } }
    /// The `Enter` of each loop variable (TF's `loop_enters`).
    var loopEnters: [Tensor] { state.withLock { $0.loopEnters.compactMap(\.tensor) } }
    /// The `Exit` of each loop variable (TF's `loop_exits`).
    var loopExits: [Tensor] { state.withLock { $0.loopExits.compactMap(\.tensor) } }

    /// The body's first `Identity` once the body is being built, else the condition's first
    /// `Merge` (TF's `GetControlPivot`).
    var controlPivot: Tensor? { state.withLock { ($0.pivotForBody ?? $0.pivotForPred)?.tensor } }

    func addName(_ tensor: Tensor) { _ = state.withLock { $0.values.insert(tensor.name) } }

    /// The state of the gradient this loop computes, nil for a loop built by ``whileLoop``.
    var gradState: GradLoopState? { state.withLock { $0.gradState } }

    /// Makes this the loop of the gradient `gradState` builds.
    func attach(_ gradState: GradLoopState) {
        state.withLock { state in
            state.gradState = gradState
            state.isGradientLoop = true
        }
    }

    /// Whether the loop computes the gradient of another loop (built by `gradients`, not by
    /// ``whileLoop``).
    var isGradientLoop: Bool { state.withLock { $0.isGradientLoop } }

    /// In a gradient loop, a value of the forward loop it differentiates is read through
    /// ``GradLoopState/realValue(of:)`` (its saved history, a constant or an invariant) instead of
    /// an `Enter`.
    func addValue(_ value: Tensor) throws -> Tensor {
        let isNew = state.withLock { state in
            guard !state.values.contains(value.name), value.op.controlFlowContext !== self else { return false }
            state.values.insert(value.name)
            return true
        }
        guard isNew else { return state.withLock { $0.externalValues[value.name]?.tensor } ?? value }
        if let real = try forwardValueInGradientLoop(value) {
            state.withLock { $0.externalValues[value.name] = TensorReference(real) }
            return real
        }
        let outerValue = try outerContext?.addValue(value) ?? value
        let entered = try controlDependencies(nil) {
            let entered = try enter(
                outerValue, frameName: name, isConstant: true, parallelIterations: parallelIterations)
            try outerContext?.addInnerOp(entered.op)
            return entered
        }
        try fixControlInputsAndContext([entered])
        state.withLock { state in
            state.values.insert(entered.name)
            state.externalValues[value.name] = TensorReference(entered)
        }
        return entered
    }

    /// The value the gradient loop being built reads for `value`, when `value` belongs to the
    /// forward loop of that gradient (an `Exit` to the loop around its own); nil otherwise.
    private func forwardValueInGradientLoop(_ value: Tensor) throws -> Tensor? {
        let graph = try value.graph
        guard let gradState = graph.currentControlFlowContext?.enclosingWhileContext?.gradState else { return nil }
        var forward = value.op.controlFlowContext?.enclosingWhileContext
        if value.op.isLoopExit { forward = forward?.outerContext?.enclosingWhileContext }
        guard forward === gradState.forwardContext else { return nil }
        return try gradState.realValue(of: value)
    }

    /// Adopts `op`, just built in the loop (TF's `AddOp`): a `Shape`, `Size` or `Rank` that the
    /// gradient loop builds of a forward loop's value joins that value's context instead, so that
    /// it is computed in the forward loop; other ops join this loop (``addOpInternal(_:)``).
    func addOp(_ op: Operation) throws {
        if ["Shape", "Size", "Rank"].contains(op.type), let gradState,
            let inputContext = op.inputs[0].op.controlFlowContext as? WhileContext,
            inputContext.enclosingWhileContext === gradState.forwardContext
        {
            op.setControlFlowContext(inputContext)
            try inputContext.addOpInternal(op)
            return
        }
        try addOpInternal(op)
    }

    /// Adopts `op`, just built in the loop (TF's `_AddOpInternal`): inputs from outside come in
    /// through ``addValue(_:)``; control inputs from outside the loop are dropped and come back as
    /// data through an `Identity` inside it; an op with nothing inside the loop to trigger it waits
    /// for the pivot.
    private func addOpInternal(_ op: Operation) throws {
        let externalControls: [Operation]
        if op.inputs.isEmpty {
            let (internalControls, external) = removeExternalControlEdges(op)
            if internalControls.isEmpty, let pivot = controlPivot { op.addControlInputs([pivot.op]) }
            externalControls = external
        } else {
            for (index, input) in op.inputs.enumerated() {
                let inner = try addValue(input)
                if inner != input { op.updateInput(index, to: inner) }
            }
            externalControls = removeExternalControlEdges(op).external
            addPivotControlIfOnlyInvariantInputs(op)
        }
        state.withLock { state in
            for index in op.outputSpecs.indices { state.values.insert(op.output(index).name) }
        }
        if !externalControls.isEmpty {
            let graph = try op.graph
            let pulled = try controlDependencies(nil) {
                try graph.withControlFlowContext(self) {
                    try externalControls.filter { !$0.outputSpecs.isEmpty }.map { try identity($0.output(0)).op }
                }
            }
            op.addControlInputs(pulled)
        }
        try outerContext?.addInnerOp(op)
    }

    func addInnerOp(_ op: Operation) throws { try outerContext?.addInnerOp(op) }

    /// Splits `op`'s control inputs into those of this loop and those from outside it, and keeps
    /// only the first (TF's `_RemoveExternalControlEdges`).
    private func removeExternalControlEdges(_ op: Operation) -> (internal: [Operation], external: [Operation]) {
        let controls = op.controlInputs
        let internalControls = controls.filter { $0.outputContext?.enclosingWhileContext === self }
        let external = controls.filter { $0.outputContext?.enclosingWhileContext !== self }
        if internalControls.count != controls.count { op.setControlInputs(internalControls) }
        return (internalControls, external)
    }

    /// Makes `op` wait for the pivot when it has no control inputs and reads only loop invariants,
    /// so it runs once per iteration (TF's `_MaybeAddControlDependency`).
    private func addPivotControlIfOnlyInvariantInputs(_ op: Operation) {
        guard op.controlInputs.isEmpty, op.inputs.allSatisfy(\.op.isLoopConstantEnter), let pivot = controlPivot
        else { return }
        op.addControlInputs([pivot.op])
    }

    /// Makes `enters`, built outside every context, ops of this loop, with the control inputs of
    /// the enclosing `controlDependencies` blocks that come from a context around this loop but
    /// inside the loop around it (TF's `_FixControlInputsAndContext`).
    func fixControlInputsAndContext(_ enters: [Tensor]) throws {
        guard let graph = try enters.first?.graph else { return }
        let frames = BuildContext.effective.scopes(of: graph).controlFrames
        for entered in enters {
            let controls = ControlFrame.controlInputs(for: [entered.op.inputs[0]], in: frames, explicit: [])
            entered.op.setControlFlowContext(self)
            entered.op.addControlInputs(controls.filter(isKeptAsControlInputOfEnter))
            for frame in frames { frame.record(entered.op) }
        }
    }

    /// Whether a control input on `op` from an enclosing block stays on an `Enter` of this loop:
    /// when `op` belongs to a context this loop is built in, without crossing the loop around it.
    private func isKeptAsControlInputOfEnter(_ op: Operation) -> Bool {
        let opContext = op.outputContext
        var context = outerContext
        let outerLoop = outerContext?.enclosingWhileContext
        while !isSameContext(context, opContext) {
            guard let current = context, current !== outerLoop else { return false }
            context = current.outerContext
        }
        return true
    }

    /// Records what ``buildLoop(cond:body:loopVars:shapeInvariants:)`` built, for later contexts
    /// and the loop's gradient.
    func record(
        enters: [Tensor]? = nil, pivotForPred: Tensor? = nil, pivot: Tensor? = nil, pivotForBody: Tensor? = nil,
        exits: [Tensor]? = nil
    ) {
        state.withLock { state in
            if let enters { state.loopEnters = enters.map(TensorReference.init) }
            if let pivotForPred { state.pivotForPred = TensorReference(pivotForPred) }
            if let pivot { state.pivot = TensorReference(pivot) }
            if let pivotForBody { state.pivotForBody = TensorReference(pivotForBody) }
            if let exits { state.loopExits = exits.map(TensorReference.init) }
        }
    }

    /// Adds `entered` to the loop's `Enter`s, as the loop's gradient adds its counters and
    /// accumulators.
    func appendLoopEnter(_ entered: Tensor) { state.withLock { $0.loopEnters.append(TensorReference(entered)) } }

    /// Adds `exit` to the loop's `Exit`s and makes it a value of the context around the loop
    /// (TF's `loop_exits.append` and `ExitResult`).
    func appendLoopExit(_ exit: Tensor) {
        state.withLock { $0.loopExits.append(TensorReference(exit)) }
        (outerContext as? EnclosingControlFlowContext)?.addName(exit)
    }

    /// Runs `body` with this loop as the current context of the default graph, remembering the
    /// context it replaces for ``exited(_:)`` (TF's `Enter()` … `Exit()`).
    func entered<R>(_ body: () throws -> R) throws -> R {
        let graph = BuildContext.effective.graph
        state.withLock { $0.enteredFrom.append(graph.currentControlFlowContext) }
        defer { state.withLock { _ = $0.enteredFrom.popLast() } }
        return try graph.withControlFlowContext(self, body)
    }

    /// Runs `body` with the context that was current before the innermost ``entered(_:)`` still
    /// running (the loop around this one when there is none), then comes back to this loop (TF's
    /// `Exit()` … `Enter()`).
    func exited<R>(_ body: () throws -> R) throws -> R {
        let previous = state.withLock { $0.enteredFrom.last } ?? outerContext
        return try BuildContext.effective.graph.withControlFlowContext(previous, body)
    }

    func addNestedContext(_ context: any ControlFlowContext) { state.withLock { $0.nested.append(context) } }

    var nestedContexts: [any ControlFlowContext] { state.withLock { $0.nested } }

    /// The loop as a MetaGraph stores it (TF's `WhileContext.to_proto`): names of its pivots,
    /// `Enter`s, `Exit`s and values (sorted), and the contexts built inside it.
    func definition() -> Tensorflow_WhileContextDef {
        var definition = Tensorflow_WhileContextDef()
        definition.contextName = name
        definition.parallelIterations = Int32(clamping: parallelIterations)
        if let maximumIterations { definition.maximumIterationsName = maximumIterations.name }
        definition.backProp = backProp
        definition.swapMemory = swapMemory
        state.withLock { state in
            definition.pivotForPredName = state.pivotForPred?.tensor?.name ?? ""
            definition.pivotForBodyName = state.pivotForBody?.tensor?.name ?? ""
            definition.pivotName = state.pivot?.tensor?.name ?? ""
            definition.loopExitNames = state.loopExits.compactMap { $0.tensor?.name }
            definition.loopEnterNames = state.loopEnters.compactMap { $0.tensor?.name }
            definition.valuesDef = valuesDefinition(
                state.values, state.externalValues.compactMapValues { $0.tensor?.name })
            definition.nestedContexts = state.nested.map(contextDefinition)
        }
        return definition
    }

    /// Makes `tensors` the loop's values, forgetting earlier ones (TF's `_InitializeValues`).
    func initializeValues(_ tensors: [Tensor]) {
        state.withLock { $0.values = Set(tensors.map(\.name)) }
    }
}

/// A tensor held without keeping its op alive.
private struct TensorReference: Sendable {
    private weak var op: Operation?
    private let index: Int

    init(_ tensor: Tensor) {
        op = tensor.op
        index = tensor.index
    }

    /// The tensor, while its graph still holds the op.
    var tensor: Tensor? { op.map { $0.output(index) } }
}
