/// The scopes in force in one graph: the name-scope stack (`"a/b"`, `""` at
/// the root), the current variable scope, and the enclosing
/// ``controlDependencies(_:_:)`` blocks, outermost first, and the cond branch or loop body being
/// built.
struct ScopeState: Sendable {
    var nameStack: String
    var variableScope: VariableScope
    var controlFrames: [ControlFrame] = []
    /// The control-flow context new ops join (TF's `graph._get_control_flow_context()`).
    var controlFlowContext: (any ControlFlowContext)?
    /// The device new ops are placed on (TF's device stack, merged), nil for none.
    var device: DeviceSpec?
}

/// The task-local building context: the default graph, its current scopes,
/// and the scopes other graphs had when the task switched away from them
/// (so going back to a graph resumes its own scopes, as in TF). Immutable: a
/// scope function binds a new context for the duration of its body, and
/// reading the context costs a single reference count.
final class BuildContext: Sendable {
    let graph: Graph
    let scopes: ScopeState
    let suspended: [ObjectIdentifier: ScopeState]

    init(graph: Graph, scopes: ScopeState, suspended: [ObjectIdentifier: ScopeState]) {
        self.graph = graph
        self.scopes = scopes
        self.suspended = suspended
    }

    /// The process-wide default graph, used when no graph is bound with ``Graph/asDefault(_:)``.
    static let globalGraph = Graph()

    /// The context used when none is bound: the global graph at its root scopes.
    private static let globalContext = BuildContext(
        graph: globalGraph, scopes: globalGraph.rootScopes, suspended: [:])

    /// The bound context, the global graph's when none is. Not optional: reading a task-local
    /// copies its value through the type's value witnesses, which for an `Optional` of a class
    /// cost half again as much as for the bare reference (2% of building a graph, which reads it
    /// two or three times per op).
    @TaskLocal static var effective: BuildContext = globalContext

    /// The scopes `graph` has in this context.
    func scopes(of graph: Graph) -> ScopeState {
        if graph === self.graph { return scopes }
        return suspended[ObjectIdentifier(graph)] ?? graph.rootScopes
    }

    /// This context with `graph` as default and `scopes` as its scopes.
    func switching(to graph: Graph, scopes: ScopeState) -> BuildContext {
        guard graph !== self.graph else { return BuildContext(graph: graph, scopes: scopes, suspended: suspended) }
        var suspended = self.suspended
        suspended[ObjectIdentifier(self.graph)] = self.scopes
        suspended[ObjectIdentifier(graph)] = nil
        return BuildContext(graph: graph, scopes: scopes, suspended: suspended)
    }

    /// Runs `body` with `graph` as default graph using `scopes`.
    static func with<R>(_ graph: Graph, scopes: ScopeState, _ body: () throws -> R) rethrows -> R {
        try $effective.withValue(effective.switching(to: graph, scopes: scopes), operation: body)
    }

    /// Runs `body` with `graph` as default graph using `scopes` (async form).
    static func with<R>(
        _ graph: Graph, scopes: ScopeState, isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> R
    ) async rethrows -> R {
        try await $effective.withValue(effective.switching(to: graph, scopes: scopes), operation: body)
    }
}

extension Graph {
    /// The scopes at the root of this graph.
    var rootScopes: ScopeState { ScopeState(nameStack: "", variableScope: rootVariableScope) }

    /// The default graph of the current task: the one bound by the innermost
    /// ``asDefault(_:)``, or a process-wide graph when none is bound.
    public static var current: Graph { BuildContext.effective.graph }

    /// Runs `body` with this graph as the default graph. Ops, variables and
    /// scopes created in `body` without an explicit graph go into this graph.
    /// Returning to a graph resumes the scopes it had.
    ///
    /// ```swift
    /// let g = Graph()
    /// let c = try g.asDefault { try constant(Float(1)) }
    /// ```
    public func asDefault<R>(_ body: () throws -> R) rethrows -> R {
        if BuildContext.effective.graph === self { return try body() }
        return try BuildContext.with(self, scopes: BuildContext.effective.scopes(of: self), body)
    }

    /// Runs `body` with this graph as the default graph (async form).
    public func asDefault<R>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> R
    ) async rethrows -> R {
        try await BuildContext.with(self, scopes: BuildContext.effective.scopes(of: self), body)
    }

    /// The current name scope of this graph in this task, without trailing
    /// slash (`""` at the root) — TF's `Graph.get_name_scope()`.
    public var currentNameScope: String { BuildContext.effective.scopes(of: self).nameStack }

    /// The current variable scope of this graph in this task.
    public var currentVariableScope: VariableScope { BuildContext.effective.scopes(of: self).variableScope }
}

/// The current name scope of the default graph, without trailing slash.
public var currentNameScope: String { BuildContext.effective.scopes.nameStack }

/// The current variable scope of the default graph (TF's `get_variable_scope()`).
public var currentVariableScope: VariableScope { BuildContext.effective.scopes.variableScope }
