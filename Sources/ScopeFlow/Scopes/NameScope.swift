extension Graph {
    /// Opens the name scope `name` inside `stack`, as TF's `Graph.name_scope`:
    /// nil or empty resets to the root, a name ending in `/` re-enters exactly
    /// that scope, any other name is made unique. Returns the new stack and the
    /// scope string TF yields (`"a/b/"`, or `""` at the root).
    func openNameScope(_ name: String?, in stack: String) throws -> (stack: String, yielded: String) {
        guard let name, !name.isEmpty else { return ("", "") }
        try Names.validateRequested(name, inStack: stack)
        if Names.endsWithSlash(name) { return (Names.fromScopeName(name), name) }
        let full = Names.path(stack, name)
        let unique = state.withLock { $0.uniqueName(full, markAsUsed: true, takenBy: .nameScope).name.text }
        return (unique, unique + "/")
    }

    /// The graph that all `values` belong to, or `fallback` when none is given.
    /// - Throws: ``ScopeFlowError/Code/differentGraphs`` when they belong to different graphs.
    static func of(_ values: [any GraphElement], fallback: Graph) throws -> Graph {
        guard let first = values.first else { return fallback }
        let graph = try first.graph
        for value in values.dropFirst() where try value.graph !== graph {
            throw ScopeFlowError(
                .differentGraphs,
                "\(value.name) must be from the same graph as \(first.name); build them in one graph.",
                names: [value.name, first.name])
        }
        return graph
    }

    /// Runs `body` inside the name scope `name` of this graph (TF's
    /// `Graph.name_scope`); see ``nameScope(_:defaultName:values:_:)``.
    public func nameScope<R>(_ name: String?, _ body: (String) throws -> R) throws -> R {
        try asDefault { try ScopeFlow.nameScope(name, body) }
    }
}

/// Runs `body` inside a name scope, like `tf.compat.v1.name_scope(name,
/// default_name, values)`. The scope prefixes the names of ops and of
/// `Variable(...)`, never those of ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)``.
///
/// - Parameters:
///   - name: The scope name. Entering the same name twice gives `name_1/`;
///     a name ending in `/` re-enters exactly that scope; nil or `""` returns
///     to the root.
///   - defaultName: Used when `name` is nil.
///   - values: Tensors the scope's ops will use; they must share one graph,
///     which becomes the default graph inside the scope.
///   - body: Receives the scope string (`"outer/name/"`, `""` at the root).
/// - Throws: ``ScopeFlowError/Code/invalidName`` for a name breaking TF's
///   rules, ``ScopeFlowError/Code/invalidArgument`` when `values` are given
///   without any name, ``ScopeFlowError/Code/differentGraphs``, or what `body` throws.
///
/// ```swift
/// try nameScope("scope1") { _ in
///     let a = try add(constant(Int32(1)), constant(Int32(2)), name: "a")
///     print(a.name)   // scope1/a:0
/// }
/// ```
public func nameScope<R>(
    _ name: String?, defaultName: String? = nil, values: [any GraphElement]? = nil,
    _ body: (String) throws -> R
) throws -> R {
    let effectiveName = name ?? defaultName
    if effectiveName == nil, values != nil {
        throw ScopeFlowError(
            .invalidArgument,
            "At least one of name (nil) and defaultName (nil) must be provided when values are given.")
    }
    let context = BuildContext.effective
    let graph = try Graph.of(values ?? [], fallback: context.graph)
    var scopes = context.scopes(of: graph)
    let (stack, yielded) = try graph.openNameScope(effectiveName, in: scopes.nameStack)
    scopes.nameStack = stack
    return try BuildContext.with(graph, scopes: scopes) { try body(yielded) }
}

/// Deprecated spelling of ``nameScope(_:defaultName:values:_:)`` (TF's `op_scope`).
@available(*, deprecated, renamed: "nameScope(_:defaultName:values:_:)")
public func opScope<R>(
    _ values: [any GraphElement], name: String?, defaultName: String? = nil, _ body: (String) throws -> R
) throws -> R {
    try nameScope(name, defaultName: defaultName, values: values, body)
}
