/// Runs the ops of one ``Graph`` and holds its variables' values
/// (TF's `tf.compat.v1.Session`).
///
/// Each distinct combination of fetches, feeds and targets is compiled once
/// into a plan: the graph pruned to what the run needs (a fed tensor cuts the
/// graph there), ordered, with kernels built and value slots resolved. Later
/// runs with the same combination only execute that plan.
///
/// A session is safe to share between tasks and threads, as TF's is. Runs go on at the same time
/// unless they touch the same variable and one of them writes it (or use the same random op):
/// those take turns, whole run by whole run. A run that only reads a variable another run is
/// writing waits for that run to end, so it never sees half of an update.
///
/// ```swift
/// let graph = Graph()
/// let (x, y) = try graph.asDefault {
///     let x = try placeholder(.float32, shape: [2], name: "x")
///     return (x, try add(x, constant([1, 2] as [Float])))
/// }
/// let session = Session(graph: graph)
/// let value = try session.run(y, feeds: [x: HostTensor([10, 20] as [Float])])
/// print(value.floats!)   // [11.0, 22.0]
/// ```
public final class Session: Sendable {
    /// The graph this session runs.
    public let graph: Graph
    private let state = LockedValue(SessionState())

    /// Creates a session for `graph`, the current default graph unless given.
    ///
    /// - Parameter compilesPlans: compile a run signature whose values are all float32
    ///   after its first run, so later runs execute over one preallocated arena
    ///   (the default); false keeps every run on the kernel-by-kernel interpreter,
    ///   as does ``RuntimeOptions/compilesPlans`` for every session.
    public init(graph: Graph = Graph.current, compilesPlans: Bool = true) {
        self.graph = graph
        state.withLock { $0.compilesPlans = compilesPlans }
        _ = MallocTuning.applied
    }

    /// The step count of each compiled plan of this session (for tests and diagnostics).
    var compiledStepCounts: [Int] { state.withLock { $0.plans.values.compactMap(\.compiledStepCount) } }

    /// The most runs of this session that were in flight at once since the last reset (for tests).
    var peakRunsInFlight: Int { state.withLock { $0.peakRunsInFlight } }

    /// Starts counting ``peakRunsInFlight`` anew.
    func resetPeakRunsInFlight() { state.withLock { $0.peakRunsInFlight = 0 } }

    /// How many of this session's plans run compiled (for tests and diagnostics).
    var compiledPlanCount: Int { compiledStepCounts.count }

    /// How each run signature this session has run executes: compiled or
    /// interpreted, how many steps, and why a plan stays on the interpreter.
    ///
    /// ```swift
    /// for report in session.planReports() { print(report) }
    /// // fetches: rnn/cost/truediv:0; feeds: rnn/inputs/xs:0, rnn/inputs/ys:0; targets: rnn/trian/Adam
    /// //   — compiled, 690 steps (782 interpreted)
    /// // fetches: ; feeds: ; targets: init — interpreted, 31 steps: op '…/RandomStandardNormal'
    /// //   (RandomStandardNormal): it is random: its stream lives in the interpreter's stateful kernel
    /// ```
    public func planReports() -> [PlanReport] {
        state.withLock { state in
            state.plans.values.map {
                PlanReport(
                    signature: $0.signature, steps: $0.stepCount, compiledSteps: $0.compiledStepCount,
                    interpretedBecause: $0.interpretedBecause)
            }.sorted { $0.signature < $1.signature }
        }
    }

    /// Runs the graph and returns the value of `fetch`; fetching a ``Variable`` returns its value.
    ///
    /// - Parameter feeds: values replacing tensors of the graph (placeholders or any other tensor).
    /// - Throws: ``ScopeFlowError`` when a feed does not fit its tensor, a needed
    ///   placeholder is not fed, a variable is read before it was initialized, or a kernel fails.
    public func run(_ fetch: some TensorConvertible, feeds: [Tensor: HostTensor] = [:]) throws -> HostTensor {
        try execute(fetches: [fetch.tensor], feeds: feeds, targets: [])[0]
    }

    /// Runs the graph and returns the value of each fetch, in order, after also running `targets`.
    @discardableResult
    public func run(
        _ fetches: [any TensorConvertible], feeds: [Tensor: HostTensor] = [:], targets: [Operation] = []
    ) throws -> [HostTensor] {
        try execute(fetches: fetches.map(\.tensor), feeds: feeds, targets: targets)
    }

    /// Runs `targets` (and everything they need) for their effect.
    public func run(targets: [Operation], feeds: [Tensor: HostTensor] = [:]) throws {
        _ = try execute(fetches: [], feeds: feeds, targets: targets)
    }

    /// Runs `op` (and everything it needs) for its effect, e.g. an initializer or a training step.
    public func run(_ op: Operation, feeds: [Tensor: HostTensor] = [:]) throws {
        _ = try execute(fetches: [], feeds: feeds, targets: [op])
    }

    /// The current value of `variable`, or nil when it was never initialized.
    /// - Throws: ``ScopeFlowError/Code/differentGraphs`` for a variable of another graph.
    public func value(of variable: Variable) throws -> HostTensor? {
        try requireMember(variable.op)
        let (slot, lock) = variableLock(variable)
        lock.lock(exclusive: false)
        defer { lock.unlock() }
        return state.withLock { $0.variables[slot] }
    }

    /// The slot of `variable` and the lock that runs writing it hold.
    private func variableLock(_ variable: Variable) -> (slot: Int, lock: ResourceLock) {
        state.withLock { state in
            let slot = state.variableSlot(for: variable.op)
            return (slot, state.resourceLock(for: .variable(slot)))
        }
    }

    /// Sets `variable` to `value` without running an op (what a checkpoint restore does).
    /// - Throws: ``ScopeFlowError/Code/dtypeMismatch`` or ``ScopeFlowError/Code/shapeMismatch``
    ///   when the value does not fit the variable.
    public func assignValue(_ value: HostTensor, to variable: Variable) throws {
        try requireMember(variable.op)
        guard value.dtype == variable.dtype else {
            throw ScopeFlowError(
                .dtypeMismatch, "Cannot assign a \(value.dtype) value to \(variable.name) of type \(variable.dtype).",
                names: [variable.name])
        }
        guard variable.shape.isCompatible(with: Shape(known: value.shape)) else {
            throw ScopeFlowError(
                .shapeMismatch,
                "Cannot assign a value of shape \(value.shape) to \(variable.name) of shape \(variable.shape).",
                names: [variable.name])
        }
        let (slot, lock) = variableLock(variable)
        lock.lock(exclusive: true)
        defer { lock.unlock() }
        state.withLock { state in
            state.variables[slot] = value
            state.advanceEpoch()
        }
    }

    /// Finds or compiles the plan of this signature and runs it.
    ///
    /// The plan key is a flat array of small integers: the fetch count and
    /// codes, the feed count and codes (sorted), then the target op ids.
    private func execute(fetches: [Tensor], feeds: [Tensor: HostTensor], targets: [Operation]) throws -> [HostTensor] {
        var fed = feeds.map { (code: $0.key.planCode, tensor: $0.key, value: $0.value) }
        if fed.count > 1 { fed.sort { $0.code < $1.code } }
        var key: [Int] = []
        key.reserveCapacity(fetches.count + fed.count + targets.count + 2)
        key.append(fetches.count)
        for tensor in fetches {
            try requireMember(tensor, role: "Fetch")
            key.append(tensor.planCode)
        }
        key.append(fed.count)
        for entry in fed {
            try requireMember(entry.tensor, role: "Feed")
            key.append(entry.code)
        }
        for op in targets {
            try requireMember(op)
            key.append(op.id)
        }
        let values = fed.map(\.value)
        let (plan, claims) = try state.withLock { state in
            let plan = try state.checkOutPlan(for: key) { state in
                try state.compilePlan(fetches: fetches, feeds: fed.map(\.tensor), targets: targets)
            }
            return (plan, state.claims(for: plan))
        }
        defer { state.withLock { $0.checkIn(plan, key: key) } }
        return try claims.holding {
            var run = state.withLock { $0.beginRun(of: plan) }
            // Even a run that fails part-way may have written some variables: they go back either way.
            let outcome = Result { try plan.run(feedValues: values, variables: &run.values, epoch: &run.epoch) }
            state.withLock { $0.endRun(&run, of: plan) }
            return try outcome.get()
        }
    }

    private func requireMember(_ tensor: Tensor, role: String) throws {
        guard tensor.op.graphIdentity != graph.identity else { return }
        throw ScopeFlowError(
            .differentGraphs,
            "\(role) argument \(tensor.name) cannot be interpreted as a Tensor. (Tensor \(tensor) is not an element "
                + "of this graph.) Create the Session with the graph that holds the tensor.",
            names: [tensor.name])
    }

    private func requireMember(_ op: Operation) throws {
        guard op.graphIdentity != graph.identity else { return }
        throw ScopeFlowError(
            .differentGraphs,
            "Target \(op.name) cannot be interpreted as an Operation. (Operation \(op.name) is not an element of "
                + "this graph.) Create the Session with the graph that holds the operation.",
            names: [op.name])
    }
}
