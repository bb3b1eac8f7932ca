/// One comparison of a replay: a fetched value of a run, or a variable at the end.
public struct ReplayCheck: Sendable {
    /// `"step 3 loss:0"`, `"eval 0 accuracy:0"` or `"final dense/kernel"`.
    public let label: String
    /// How the value compared with TensorFlow's.
    public let comparison: ValueComparison
}

/// What a replay found: every check, in order.
public struct ReplayOutcome: Sendable {
    public let checks: [ReplayCheck]
    /// How each run signature of the replay executed (compiled, interpreted, segments of a plan
    /// with control flow), as ``Session/planReports()`` says.
    public let plans: [PlanReport]
    /// Checks that matched TensorFlow's values.
    public var passed: Int { checks.count { $0.comparison.matches } }
    /// Checks that did not.
    public var failed: Int { checks.count - passed }
    /// The largest `|diff| / tolerance` of any float comparison (below 1 when everything passed).
    public var worstRatio: Double { checks.map(\.comparison.worstRatio).max() ?? 0 }
}

/// Replays a recorded TF1 training run (a folder in the format of `shared/models/README.md`:
/// `trace.json`, `model.meta`, `init.ckpt`, `final.ckpt`) on a ScopeFlow graph: restores the
/// initial checkpoint, runs every recorded `Session.run` with its feeds, fetches and targets in one
/// session, compares each fetched value with TensorFlow's, then every variable with the final
/// checkpoint.
///
/// ```swift
/// let replay = try ModelReplay(folder: "models/mnist_cnn")
/// let outcome = try replay.runImported()        // the graph of model.meta
/// print("\(outcome.passed) passed, \(outcome.failed) failed")
/// ```
public struct ModelReplay: Sendable {
    /// The model's folder.
    public let folder: String
    /// Its recorded run.
    public let trace: ReplayTrace

    /// Reads the trace of the model folder `folder`.
    /// - Throws: what ``ReplayTrace/init(contentsOf:)`` throws.
    public init(folder: String) throws {
        self.folder = folder
        self.trace = try ReplayTrace(contentsOf: folder + "/trace.json")
    }

    /// Imports the folder's `model.meta` into a new graph and replays on it.
    /// - Parameters:
    ///   - compilesPlans: Whether the session may run compiled plans (false: the interpreter only).
    ///   - onCheck: Called after each comparison, for progress lines.
    public func runImported(compilesPlans: Bool = true, onCheck: (ReplayCheck) -> Void = { _ in }) throws
        -> ReplayOutcome
    {
        let graph = Graph()
        try graph.importMetaGraph(readMetaGraph(folder + "/model.meta"))
        return try run(on: graph, compilesPlans: compilesPlans, onCheck: onCheck)
    }

    /// Replays on `graph`, whose global variables must be the trace's (by op name): a graph
    /// imported from the model's MetaGraph or built by a port of its program.
    /// - Throws: ``ScopeFlowError/Code/notFound`` when the graph lacks a variable, feed, fetch or
    ///   target the trace names; an error of a run, with the run's label.
    public func run(on graph: Graph, compilesPlans: Bool = true, onCheck: (ReplayCheck) -> Void = { _ in }) throws
        -> ReplayOutcome
    {
        let variables = try variablesByName(in: graph)
        let session = Session(graph: graph, compilesPlans: compilesPlans)
        try restoreInitialCheckpoint(in: session)
        var checks: [ReplayCheck] = []
        func record(_ label: String, _ comparison: ValueComparison) {
            let check = ReplayCheck(label: label, comparison: comparison)
            checks.append(check)
            onCheck(check)
        }
        for run in trace.runs {
            let values = try execute(run, in: session)
            for (fetch, value) in zip(run.fetches, values) {
                record(
                    "\(run.label) \(fetch)", ValueComparison(value, run.expected[fetch]!, tolerance: trace.tolerance))
            }
        }
        let final = try CheckpointReader(prefix: folder + "/" + trace.finalCheckpoint)
        for name in trace.variables.sorted() {
            guard let value = try session.value(of: variables[name]!) else {
                throw ScopeFlowError(
                    .uninitialized, "Variable \(name) holds no value after the replay.", names: [name])
            }
            let tolerance = trace.variableTolerances[name] ?? trace.tolerance
            record("final \(name)", ValueComparison(value, try final.tensor(named: name), tolerance: tolerance))
        }
        return ReplayOutcome(checks: checks, plans: session.planReports())
    }

    /// Sets every variable of `session`'s graph that the trace lists to its value in `init.ckpt`.
    /// - Throws: ``ScopeFlowError/Code/notFound`` when the graph lacks one of the trace's variables.
    public func restoreInitialCheckpoint(in session: Session) throws {
        try Saver(varList: variablesByName(in: session.graph)).restore(
            session, from: folder + "/" + trace.initialCheckpoint)
    }

    /// The graph's global variables by op name; every variable of the trace must be there.
    private func variablesByName(in graph: Graph) throws -> [String: Variable] {
        let all = Dictionary(try graph.variables().map { ($0.op.name, $0) }) { first, _ in first }
        let missing = trace.variables.filter { all[$0] == nil }
        guard missing.isEmpty else {
            throw ScopeFlowError(
                .notFound,
                "The graph lacks \(missing.count) of the trace's \(trace.variables.count) variables: "
                    + missing.prefix(5).joined(separator: ", ") + (missing.count > 5 ? ", …" : "")
                    + "; build the model's graph (or import its model.meta) before replaying.",
                names: missing)
        }
        return all.filter { trace.variables.contains($0.key) }
    }

    /// Runs one recorded `Session.run` in `session` (its feeds, fetches and targets resolved by
    /// name in the session's graph) and returns the fetched values, unchecked.
    /// - Throws: ``ScopeFlowError/Code/notFound`` for a name the graph lacks; the run's error, with
    ///   the run's label.
    public func execute(_ run: ReplayTrace.Run, in session: Session) throws -> [HostTensor] {
        let graph = session.graph
        func tensor(_ name: String, _ role: String) throws -> Tensor {
            guard let tensor = graph.tensor(named: name) else {
                throw ScopeFlowError(
                    .notFound, "\(run.label) \(role) '\(name)', which is not a tensor of the graph.", names: [name])
            }
            return tensor
        }
        var feeds: [Tensor: HostTensor] = [:]
        for (name, value) in run.feeds { feeds[try tensor(name, "feeds")] = value }
        let fetches = try run.fetches.map { try tensor($0, "fetches") }
        let targets = try run.targets.map { name in
            guard let op = graph.operation(named: name) else {
                throw ScopeFlowError(
                    .notFound, "\(run.label) runs '\(name)', which is not an op of the graph.", names: [name])
            }
            return op
        }
        do {
            return try session.run(fetches, feeds: feeds, targets: targets)
        } catch let error as ScopeFlowError {
            throw ScopeFlowError(error.code, "\(run.label): \(error.message)", names: error.names, underlying: error)
        }
    }
}
