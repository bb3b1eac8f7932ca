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

    /// The tensor the gradient loop reads for `value`, a tensor of the forward loop (TF's
    /// `GetRealValue`): an invariant of every differentiated loop enters the gradient loop, a
    /// constant is built again inside it, and any other value is pushed on a stack `f_acc` by the
    /// forward loop and popped by the gradient loop. Made once per value.
    func realValue(of value: Tensor) throws -> Tensor {
        if let known = state.withLock({ $0.historyMap[value.name] }) { return known }
        var current = value
        var currentState = self
        var real: Tensor?
        var history: Tensor?
        while real == nil && history == nil {
            if let enterOp = current.loopConstantEnter {
                current = enterOp.inputs[0]
                guard let outer = currentState.outerGradState else {
                    real = try gradContext.addValue(current)
                    break
                }
                currentState = outer
            } else if current.op.type == "Const", let constantValue = current.op.attrs["value"]?.tensorValue {
                real = try constant(constantValue, dtype: current.dtype)
            } else {
                let forwardValue = current
                let forwardState = currentState
                history = try gradContext.exited { try forwardState.addForwardAccumulator(forwardValue) }
            }
        }
        if real == nil, let history {
            let popped = try currentState.addBackpropAccumulatedValue(history: history, value: current)
            real = currentState === self ? popped : try gradContext.addValue(popped)
        }
        guard let real else { preconditionFailure("the loop above sets a value or its history") }
        state.withLock { $0.historyMap[value.name] = real }
        return real
    }

    /// Saves each iteration's `value` in a new stack `f_acc` (unbounded: its size `Const` is -1),
    /// which enters the forward loop; the loop's `StackPushV2` runs after the forward counter's
    /// `Add` and before its `NextIteration` (TF's `AddForwardAccumulator`). Called in the context
    /// `gradients` runs in.
    /// - Returns: the stack.
    /// - Throws: ``ScopeFlowError/Code/unimplemented`` for a value of a cond branch in the loop.
    func addForwardAccumulator(_ value: Tensor) throws -> Tensor {
        let graph = BuildContext.effective.graph
        let current = graph.currentControlFlowContext
        return try controlDependencies(nil) {
            let stack = try graph.withControlFlowContext(current) {
                try stackV2(maxSize: constant(Int32(-1)), elemType: value.dtype, name: "f_acc")
            }
            let entered = try forwardContext.addValue(stack)
            guard isSameContext(value.op.outputContext, forwardContext) else {
                throw ScopeFlowError(
                    .unimplemented,
                    "The gradient of while loop '\(forwardContext.name)' needs \(value.name), which a cond branch "
                        + "inside the loop computes; saving it is not supported yet.",
                    names: [value.name])
            }
            let push = try forwardContext.entered {
                try stackPushV2(entered, value, swapMemory: forwardContext.swapMemory)
            }
            forwardIndex.op.addControlInputs([push.op])
            push.op.addControlInputs([forwardIndex.op.inputs[0].op])
            return stack
        }
    }

    /// Pops, in the gradient loop, the values of `value` the stack `history` saved (TF's
    /// `AddBackpropAccumulatedValue`); the pop is the element `b_sync` waits for when iterations
    /// may run in parallel.
    /// - Throws: ``ScopeFlowError/Code/unimplemented`` for a value of a cond branch in the loop.
    func addBackpropAccumulatedValue(history: Tensor, value: Tensor) throws -> Tensor {
        let historyContext = history.op.controlFlowContext
        if let cond = value.op.controlFlowContext?.contextChain.prefix(while: { !isSameContext($0, historyContext) })
            .first(where: { $0 is CondContext })
        {
            throw ScopeFlowError(
                .unimplemented,
                "The gradient of while loop '\(forwardContext.name)' reads \(value.name) of cond branch "
                    + "'\(cond.name)'; popping it under the branch's predicate is not supported yet.",
                names: [value.name])
        }
        let pop = try controlDependencies(nil) {
            try gradContext.entered { try stackPopV2(history, elemType: value.dtype, shape: value.shape) }
        }
        if gradContext.parallelIterations > 1 { try gradSync().addControlInputs([pop.op]) }
        return pop
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
