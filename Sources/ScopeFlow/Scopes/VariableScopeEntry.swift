/// What a `variableScope` call names: a scope by name, a captured scope
/// object, or a default name made unique.
enum VariableScopeTarget {
    case name(String)
    case object(VariableScope)
    case defaultName(String)
}

/// Runs `body` inside a variable scope opened by name (TF's
/// `tf.compat.v1.variable_scope(name_or_scope, default_name, values, …)`).
///
/// The scope prefixes ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)``
/// names and also opens a name scope for ops (made unique: entering `foo`
/// twice puts ops in `foo_1/` while variables stay in `foo/`).
///
/// - Parameters:
///   - name: The scope name, or nil to use `defaultName` made unique (`layer`, `layer_1` …).
///   - values: Tensors that must share one graph, which becomes the default inside.
///   - reuse: `.reuse` or `.auto` switch reuse on; `.inherit` keeps the
///     enclosing scope's (reuse cannot be switched off inside a reusing scope).
///   - initializer: Default initializer for variables created inside.
///   - regularizer: Default regularizer for variables created inside (TF's `regularizer`); nil
///     keeps the enclosing scope's.
///   - dtype: Default dtype for variables created inside.
///   - auxiliaryNameScope: When false, no name scope is opened for ops.
///   - customGetter: A getter every `getVariable` inside goes through, composed inside the
///     enclosing scope's (see ``CustomGetter``).
///   - partitioner: Default partitioner for partitioned variables made inside; nil keeps the
///     enclosing scope's.
///   - body: Receives the new ``VariableScope``.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when neither `name` nor
///   `defaultName` is given or reuse is asked for with only `defaultName`;
///   ``ScopeFlowError/Code/invalidName``; or what `body` throws.
public func variableScope<R>(
    _ name: String?, defaultName: String? = nil, values: [any GraphElement]? = nil, reuse: Reuse = .inherit,
    initializer: Initializer? = nil, regularizer: Regularizer? = nil, dtype: DType? = nil,
    auxiliaryNameScope: Bool = true, customGetter: CustomGetter? = nil, partitioner: Partitioner? = nil,
    _ body: (VariableScope) throws -> R
) throws -> R {
    let target: VariableScopeTarget
    if let name {
        target = .name(name)
    } else if let defaultName {
        guard reuse == .inherit else {
            throw ScopeFlowError(
                .invalidArgument,
                "reuse: \(reuse == .reuse ? ".reuse" : ".auto") cannot be used without a name or scope; "
                    + "give the scope a name to reuse its variables.")
        }
        target = .defaultName(defaultName)
    } else {
        throw ScopeFlowError(
            .invalidArgument, "If defaultName is nil then a name or scope is required; pass one of them.")
    }
    return try enterVariableScope(
        target, values: values ?? [], reuse: reuse, initializer: initializer, regularizer: regularizer, dtype: dtype,
        nameScope: auxiliaryNameScope ? .open : .keepCurrent, customGetter: customGetter, partitioner: partitioner,
        body)
}

/// Runs `body` inside a captured variable scope again (TF's
/// `variable_scope(scope_object, …)`), sharing its variables. The scope keeps
/// its own reuse mode unless `reuse` switches it on; its ops go into a fresh
/// name scope named after the last component of the scope's name. A `customGetter` is composed
/// inside the scope's own; a `partitioner` replaces the scope's.
public func variableScope<R>(
    _ scope: VariableScope, values: [any GraphElement]? = nil, reuse: Reuse = .inherit,
    initializer: Initializer? = nil, regularizer: Regularizer? = nil, dtype: DType? = nil,
    auxiliaryNameScope: Bool = true, customGetter: CustomGetter? = nil, partitioner: Partitioner? = nil,
    _ body: (VariableScope) throws -> R
) throws -> R {
    try enterVariableScope(
        .object(scope), values: values ?? [], reuse: reuse, initializer: initializer, regularizer: regularizer,
        dtype: dtype, nameScope: auxiliaryNameScope ? .open : .keepCurrent, customGetter: customGetter,
        partitioner: partitioner, body)
}

/// Runs `body` inside the variable scope `target` (a name, or a default name made unique) below
/// the current one without touching the name scope, as TF's `_pure_variable_scope` entered
/// directly: the scope's original name scope is its relative name.
func pureVariableScope<R>(
    _ target: VariableScopeTarget, customGetter: CustomGetter?, _ body: (VariableScope) throws -> R
) throws -> R {
    try enterVariableScope(
        target, values: [], reuse: .inherit, initializer: nil, regularizer: nil, dtype: nil, nameScope: .untouched,
        customGetter: customGetter, partitioner: nil, body)
}

/// What entering a variable scope does to the name scope.
private enum NameScopeEntry {
    /// Opens a name scope named after the variable scope (TF's auxiliary name scope).
    case open
    /// Stays in the current name scope, which becomes the scope's original name scope.
    case keepCurrent
    /// Stays in the current name scope; the scope's original name scope is its relative name.
    case untouched
}

/// Deprecated spelling of ``variableScope(_:defaultName:values:reuse:initializer:regularizer:dtype:auxiliaryNameScope:customGetter:partitioner:_:)``
/// (TF's `variable_op_scope`).
@available(
    *, deprecated,
    renamed: "variableScope(_:defaultName:values:reuse:initializer:regularizer:dtype:auxiliaryNameScope:customGetter:partitioner:_:)"
)
public func variableOpScope<R>(
    _ values: [any GraphElement], name: String?, defaultName: String? = nil, initializer: Initializer? = nil,
    reuse: Reuse = .inherit, _ body: (VariableScope) throws -> R
) throws -> R {
    try variableScope(name, defaultName: defaultName, values: values, reuse: reuse, initializer: initializer, body)
}

/// TF's `variable_scope._enter_scope_uncached` + `_pure_variable_scope`.
private func enterVariableScope<R>(
    _ target: VariableScopeTarget, values: [any GraphElement], reuse: Reuse, initializer: Initializer?,
    regularizer: Regularizer?, dtype: DType?, nameScope entry: NameScopeEntry, customGetter: CustomGetter?,
    partitioner: Partitioner?, _ body: (VariableScope) throws -> R
) throws -> R {
    let context = BuildContext.effective
    let graph = try Graph.of(values, fallback: context.graph)
    var scopes = context.scopes(of: graph)
    let parent = scopes.variableScope

    // The name scope: opened afresh, re-entered (no auxiliary scope), or none. A default name
    // always opens one, so an empty default name returns to the root, as in TF.
    let nameScopeName: String
    var opensEmptyName = false
    switch target {
    case .name(let name): nameScopeName = name
    case .object(let object):
        nameScopeName = String(object.name.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
    case .defaultName(let name):
        nameScopeName = name
        opensEmptyName = true
    }
    var yielded: String?
    switch entry {
    case .keepCurrent:
        yielded = scopes.nameStack.isEmpty ? "" : scopes.nameStack + "/"
    case .open where !nameScopeName.isEmpty || opensEmptyName:
        let opened = try graph.openNameScope(nameScopeName, in: scopes.nameStack)
        scopes.nameStack = opened.stack
        yielded = opened.yielded
    case .open, .untouched:
        break
    }

    let entered: VariableScope
    let countsAtEntry: [ExactName: Int]?
    switch target {
    case .object(let object):
        entered = VariableScope(
            name: object.name, originalNameScope: object.originalNameScope,
            reuse: reuse == .inherit ? object.reuse : reuse, initializer: initializer ?? object.initializer,
            dtype: dtype ?? object.dtype, regularizer: regularizer ?? object.regularizer,
            customGetter: composing(customGetter, inside: object.customGetter),
            partitioner: partitioner ?? object.partitioner)
        countsAtEntry = graph.openVariableScope(object.name)
    case .name, .defaultName:
        var relative = nameScopeName
        if case .defaultName(let prefix) = target { relative = graph.uniqueVariableScope(prefix, in: parent.name) }
        let fullName = Names.path(parent.name, relative)
        entered = VariableScope(
            name: fullName, originalNameScope: yielded ?? relative,
            reuse: reuse == .inherit ? parent.reuse : reuse, initializer: initializer ?? parent.initializer,
            dtype: dtype ?? parent.dtype, regularizer: regularizer ?? parent.regularizer,
            customGetter: composing(customGetter, inside: parent.customGetter),
            partitioner: partitioner ?? parent.partitioner)
        _ = graph.openVariableScope(fullName)
        countsAtEntry = nil
    }
    defer {
        if let countsAtEntry {
            graph.state.withLock { state in
                state.variableScopeCounts = countsAtEntry
                state.defaultNameHints.removeAll()
            }
        } else {
            graph.closeVariableSubscopes(entered.name)
        }
    }
    scopes.variableScope = entered
    return try BuildContext.with(graph, scopes: scopes) { try body(entered) }
}

extension Graph {
    /// Counts one more opening of the variable scope `name`; returns all
    /// counts afterwards (restored when a scope entered by object is left).
    func openVariableScope(_ name: String) -> [ExactName: Int] {
        let key = ExactName(name)
        return state.withLock { state in
            let previous = state.variableScopeCounts.updateValue(
                (state.variableScopeCounts[key] ?? 0) + 1, forKey: key)
            if previous == nil {
                var ancestor = name[...]
                while let slash = ancestor.lastIndex(of: "/") {
                    ancestor = ancestor[..<slash]
                    state.variableSubscopes[ExactName(String(ancestor)), default: []].append(key)
                }
            }
            return state.variableScopeCounts
        }
    }

    /// Resets the counts of every scope below `name` (leaving a scope entered by name).
    func closeVariableSubscopes(_ name: String) {
        state.withLock { state in
            for key in state.variableSubscopes[ExactName(name)] ?? [] where state.variableScopeCounts[key] != 0 {
                state.variableScopeCounts[key] = 0
                state.defaultNameHints[key] = nil
                let text = key.text
                if let underscore = text.lastIndex(of: "_"),
                    text[text.index(after: underscore)...].allSatisfy(\.isNumber)
                {
                    state.defaultNameHints[ExactName(String(text[..<underscore]))] = nil
                }
            }
        }
    }

    /// The first of `prefix`, `prefix_1`, … not yet opened under `parent` (TF's `_get_unique_variable_scope`).
    func uniqueVariableScope(_ prefix: String, in parent: String) -> String {
        let base = Names.path(parent, prefix)
        let key = ExactName(base)
        return state.withLock { state in
            if state.variableScopeCounts[key, default: 0] == 0 { return prefix }
            var index = state.defaultNameHints[key] ?? 1
            while state.variableScopeCounts[ExactName(base + "_" + String(index)), default: 0] > 0 { index += 1 }
            state.defaultNameHints[key] = index
            return prefix + "_" + String(index)
        }
    }
}
