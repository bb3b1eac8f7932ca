/// What building the gradient of one while loop needs (TF's `_GradLoopState`): the forward loop
/// and its iteration counter, the gradient loop that runs its iterations backwards, the forward
/// values the gradient reads (saved on stacks as the forward loop runs), and the gradient
/// `Merge` of each loop `Switch`.
///
/// Creating one adds the forward loop's counter (`f_count`) and builds the gradient loop's frame
/// and counter (`b_count`); the gradient functions of the loop's ops then build the gradient loop
/// in ``gradContext``. Backpropagation holds the state while it builds the gradient; the gradient
/// loop refers to it weakly.
final class GradLoopState: Sendable {
    /// The state of the loop around the forward loop, when it is itself differentiated.
    let outerGradState: GradLoopState?
    /// The loop being differentiated.
    let forwardContext: WhileContext
    /// The forward counter's `NextIteration`: the forward loop's stack pushes run before it.
    let forwardIndex: Tensor
    /// The loop computing the gradient (`gradients/while/while_context`).
    let gradContext: WhileContext
    /// The gradient counter's `NextIteration`: it waits for ``gradSync()``.
    let gradIndex: Tensor
    /// The forward loop's `Exit`s before its counter was added.
    let forwardLoopExits: [Tensor]
    private let state: LockedValue<State>

    private struct State {
        /// For each forward tensor (by name) the gradient loop read, what it reads in its place.
        var historyMap: [String: Tensor] = [:]
        /// The gradient `Merge` (`b_switch`) of each forward loop `Switch` visited once.
        var switchMerges: [(switchOp: Operation, merge: Tensor)] = []
        var unusedExits: [Tensor] = []
        var deferredExits: [Tensor] = []
        var pendingExitsCount: Int
        var gradSync: Operation?
        var forwardSync: Operation?
    }

    /// Starts the gradient of `forwardContext`, in the default graph, inside the gradient of the
    /// loop around it when there is one (`outerGradState`).
    init(forwardContext: WhileContext, outerGradState: GradLoopState?) throws {
        let exits = forwardContext.loopExits
        let outerForward = outerGradState?.forwardContext ?? forwardContext.outerContext
        if let outer = outerForward, !(outer is WhileContext) {
            throw ScopeFlowError(
                .unimplemented,
                "The gradient of while loop '\(forwardContext.name)' built in '\(outer.name)' "
                    + "(\(type(of: outer))) is not supported yet.",
                names: [forwardContext.name])
        }
        let outerForwardLoop = outerForward as? WhileContext
        func inOuterForwardLoop<R>(_ body: () throws -> R) throws -> R {
            try outerForwardLoop.map { try $0.entered(body) } ?? body()
        }
        let (count, forwardIndex) = try inOuterForwardLoop {
            try forwardContext.addForwardLoopCounter(outerGradState: outerGradState)
        }
        let makeGradContext = {
            WhileContext(
                maximumIterations: forwardContext.maximumIterations,
                parallelIterations: forwardContext.parallelIterations, backProp: forwardContext.backProp,
                swapMemory: forwardContext.swapMemory, name: forwardContext.name)
        }
        let gradContext: WhileContext
        let gradIndex: Tensor
        if let outerGradState {
            outerForwardLoop?.addName(count)
            let history = try outerGradState.addForwardAccumulator(count)
            (gradContext, gradIndex) = try outerGradState.gradContext.entered {
                let context = makeGradContext()
                let realCount = try outerGradState.addBackpropAccumulatedValue(history: history, value: count)
                return (context, try context.addBackpropLoopCounter(count: realCount, outerGradState: outerGradState))
            }
        } else {
            (gradContext, gradIndex) = try inOuterForwardLoop {
                let context = makeGradContext()
                return (context, try context.addBackpropLoopCounter(count: count, outerGradState: nil))
            }
        }
        self.outerGradState = outerGradState
        self.forwardContext = forwardContext
        self.forwardIndex = forwardIndex
        self.gradContext = gradContext
        self.gradIndex = gradIndex
        forwardLoopExits = exits
        state = LockedValue(State(pendingExitsCount: exits.count))
        gradContext.attach(self)
    }

    /// The gradient `Merge` built for the forward loop `Switch` `op`, once its gradient was visited.
    func switchMerge(for op: Operation) -> Tensor? {
        state.withLock { $0.switchMerges.first { $0.switchOp == op }?.merge }
    }

    /// Records `merge` as the gradient `Merge` of the loop `Switch` `op` (TF's `switch_map`).
    func setSwitchMerge(_ merge: Tensor, for op: Operation) {
        state.withLock { $0.switchMerges.append((op, merge)) }
    }

    /// The gradient `Merge`s of the loop's `Switch`es, in the order they were built.
    var switchMerges: [Tensor] { state.withLock { $0.switchMerges.map(\.merge) } }

    /// The `Exit`s whose gradient backpropagation found unused (TF's `unused_exits`).
    var unusedExits: [Tensor] { state.withLock { $0.unusedExits } }

    /// How many of the forward loop's `Exit`s backpropagation has not reached yet.
    var pendingExitsCount: Int { state.withLock { $0.pendingExitsCount } }

    /// Notes that backpropagation will not reach `exit` through its consumers; an `Exit` that is
    /// not differentiated also counts as unused.
    /// - Returns: whether it was the last pending `Exit`.
    func skipExit(_ exit: Tensor, unused: Bool) -> Bool {
        state.withLock { state in
            state.pendingExitsCount -= 1
            if unused { state.unusedExits.append(exit) }
            return state.pendingExitsCount == 0
        }
    }

    /// Defers `exit`, now ready, until every `Exit` of the loop is (TF's `deferred_exits`).
    /// - Returns: the deferred `Exit`s once `exit` was the last pending one, else nil.
    func deferExit(_ exit: Tensor) -> [Tensor]? {
        state.withLock { state in
            state.deferredExits.append(exit)
            state.pendingExitsCount -= 1
            return state.pendingExitsCount == 0 ? state.deferredExits : nil
        }
    }

    /// Adds `exit` to the unused `Exit`s.
    func addUnusedExit(_ exit: Tensor) { state.withLock { $0.unusedExits.append(exit) } }

    /// The `ControlTrigger` `b_sync` of the gradient loop, made on first use: the gradient
    /// counter's `NextIteration` waits for it, and it waits for every stack pop, so pops run in
    /// iteration order (TF's `grad_sync`).
    func gradSync() throws -> Operation {
        if let sync = state.withLock({ $0.gradSync }) { return sync }
        let sync = try controlDependencies(nil) { try controlTrigger(name: "b_sync") }
        sync.setControlFlowContext(gradContext)
        gradIndex.op.addControlInputs([sync])
        try gradContext.outerContext?.addInnerOp(sync)
        state.withLock { $0.gradSync = sync }
        return sync
    }

    /// The `ControlTrigger` `f_sync` of the forward loop, made on first use: the forward
    /// counter's `NextIteration` waits for it, and it waits for every stack push inside a cond
    /// branch of the loop (TF's `forward_sync`).
    func forwardSync() throws -> Operation {
        if let sync = state.withLock({ $0.forwardSync }) { return sync }
        let sync = try controlDependencies(nil) { try controlTrigger(name: "f_sync") }
        sync.setControlFlowContext(forwardContext)
        forwardIndex.op.addControlInputs([sync])
        state.withLock { $0.forwardSync = sync }
        return sync
    }

    /// What the gradient loop reads for the forward tensor named `name`, when it read it already.
    func savedValue(named name: String) -> Tensor? { state.withLock { $0.historyMap[name] } }

    /// The predicate `pred` of a cond inside the forward loop as the gradient loop reads it: saved
    /// on a stack by the forward loop and popped, once per predicate (TF's `_MergeGrad` in a loop).
    /// Called with ``gradContext`` current.
    func savedPredicate(_ pred: Tensor) throws -> Tensor {
        if let saved = savedValue(named: pred.name) { return saved }
        let history = try gradContext.exited { try addForwardAccumulator(pred) }
        let popped = try addBackpropAccumulatedValue(history: history, value: pred)
        state.withLock { $0.historyMap[pred.name] = popped }
        return popped
    }

    /// The tensor the gradient loop reads for `value`, a tensor of the forward loop (TF's
    /// `GetRealValue`): an invariant of every differentiated loop enters the gradient loop, a
    /// constant is built again inside it, and any other value is pushed on a stack `f_acc` by the
    /// forward loop and popped by the gradient loop. Made once per value.
    func realValue(of value: Tensor) throws -> Tensor {
        if let known = savedValue(named: value.name) { return known }
        let real = try makeRealValue(of: value)
        state.withLock { $0.historyMap[value.name] = real }
        return real
    }

    /// Builds what ``realValue(of:)`` returns: follows constant `Enter`s out through the loops
    /// being differentiated, then enters what it found, clones a constant, or saves and pops the
    /// value in the loop it belongs to.
    private func makeRealValue(of value: Tensor) throws -> Tensor {
        var current = value
        var currentState = self
        while let enterOp = current.loopConstantEnter {
            current = enterOp.inputs[0]
            guard let outer = currentState.outerGradState else { return try gradContext.addValue(current) }
            currentState = outer
        }
        if current.op.type == "Const", let constantValue = current.op.attrs["value"]?.tensorValue {
            return try constant(constantValue, dtype: current.dtype)
        }
        let (forwardValue, forwardState) = (current, currentState)
        let history = try gradContext.exited { try forwardState.addForwardAccumulator(forwardValue) }
        let popped = try forwardState.addBackpropAccumulatedValue(history: history, value: forwardValue)
        return forwardState === self ? popped : try gradContext.addValue(popped)
    }

    /// Saves each iteration's `value` in a new stack `f_acc` (unbounded: its size `Const` is -1),
    /// which enters the forward loop; the loop's `StackPushV2` runs after the forward counter's
    /// `Add` and before its `NextIteration` (TF's `AddForwardAccumulator`). A value of a cond branch
    /// inside the loop is pushed in that branch, and ``forwardSync()`` waits for the push. Called in
    /// the context `gradients` runs in.
    /// - Returns: the stack.
    /// - Throws: ``ScopeFlowError/Code/unimplemented`` for a value of another kind of context.
    func addForwardAccumulator(_ value: Tensor) throws -> Tensor {
        let graph = BuildContext.effective.graph
        let current = graph.currentControlFlowContext
        return try controlDependencies(nil) {
            let stack = try graph.withControlFlowContext(current) {
                try stackV2(maxSize: constant(Int32(-1)), elemType: value.dtype, name: "f_acc")
            }
            let entered = try forwardContext.addValue(stack)
            let valueContext = value.op.outputContext
            let push: Tensor
            if isSameContext(valueContext, forwardContext) {
                push = try forwardContext.entered {
                    try stackPushV2(entered, value, swapMemory: forwardContext.swapMemory)
                }
                forwardIndex.op.addControlInputs([push.op])
            } else if let branch = valueContext as? CondContext {
                push = try graph.withControlFlowContext(branch) {
                    try stackPushV2(entered, value, swapMemory: forwardContext.swapMemory)
                }
                try forwardSync().addControlInputs([push.op])
            } else {
                throw ScopeFlowError(
                    .unimplemented,
                    "The gradient of while loop '\(forwardContext.name)' needs \(value.name), of context "
                        + "'\(valueContext?.name ?? "")'; saving it is not supported yet.",
                    names: [value.name])
            }
            push.op.addControlInputs([forwardIndex.op.inputs[0].op])
            return stack
        }
    }

    /// Pops, in the gradient loop, the values of `value` the stack `history` saved (TF's
    /// `AddBackpropAccumulatedValue`); the pop is the element `b_sync` waits for when iterations
    /// may run in parallel. A value of a cond branch is popped from the stack switched on the
    /// cond's predicate as the gradient loop reads it, so only when the branch was taken.
    func addBackpropAccumulatedValue(history: Tensor, value: Tensor) throws -> Tensor {
        let historyContext = history.op.controlFlowContext
        let branch =
            value.op.controlFlowContext?.contextChain.prefix(while: { !isSameContext($0, historyContext) })
            .first(where: { $0 is CondContext }) as? CondContext
        let pop = try controlDependencies(nil) {
            try gradContext.entered {
                var stack = history
                if let branch {
                    let pred = savedValueHereOrOutside(branch.pred) ?? branch.pred
                    let switched = try switchOp(history, pred)
                    stack = branch.branch == 1 ? switched.outputTrue : switched.outputFalse
                }
                return try stackPopV2(stack, elemType: value.dtype, shape: value.shape)
            }
        }
        if gradContext.parallelIterations > 1 { try gradSync().addControlInputs([pop.op]) }
        return pop
    }
}

extension GradLoopState {
    /// What this gradient loop reads for `pred`, or else the innermost gradient loop around it that
    /// read it.
    fileprivate func savedValueHereOrOutside(_ pred: Tensor) -> Tensor? {
        var state: GradLoopState? = self
        while let current = state {
            if let saved = current.savedValue(named: pred.name) { return saved }
            state = current.outerGradState
        }
        return nil
    }
}

extension Tensor {
    /// The constant `Enter` this tensor passes on unchanged through `Identity` and `Switch` ops,
    /// if any (TF's `util.GetLoopConstantEnter`).
    var loopConstantEnter: Operation? {
        var op = self.op
        while ["Switch", "RefSwitch", "Identity", "RefIdentity"].contains(op.type) { op = op.inputs[0].op }
        return op.isLoopConstantEnter ? op : nil
    }
}
