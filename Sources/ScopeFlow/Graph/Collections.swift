/// TensorFlow's standard collection names (`tf.GraphKeys`).
public enum GraphKeys {
    /// Every variable (`"variables"`), TF's `GLOBAL_VARIABLES`.
    public static let globalVariables = "variables"
    /// Variables an optimizer trains by default (`"trainable_variables"`).
    public static let trainableVariables = "trainable_variables"
    /// Variables local to one process (`"local_variables"`).
    public static let localVariables = "local_variables"
    /// The losses built by `meanSquaredError`, `softmaxCrossEntropy` … (`"losses"`), TF's `LOSSES`.
    public static let losses = "losses"
    /// The outermost while loops, as `WhileContextDef`s in a MetaGraph (`"while_context"`).
    public static let whileContext = "while_context"
    /// The outermost cond branches, as `CondContextDef`s in a MetaGraph (`"cond_context"`).
    public static let condContext = "cond_context"
}

/// Something stored in a graph collection.
public enum CollectionItem: Sendable {
    case variable(Variable)
    case tensor(Tensor)
    case operation(Operation)

    /// The item's TF name (`"v:0"` for variables and tensors, the op name for ops).
    public var name: String {
        switch self {
        case .variable(let v): return v.name
        case .tensor(let t): return t.name
        case .operation(let op): return op.name
        }
    }

    /// The variable, if this item is one.
    public var variable: Variable? { if case .variable(let v) = self { return v } else { return nil } }

    /// The operation, if this item is one (an update op, a train op).
    public var operation: Operation? { if case .operation(let op) = self { return op } else { return nil } }
}

extension Graph {
    /// Appends `item` to the collection `key`.
    public func addToCollection(_ key: String, _ item: CollectionItem) {
        state.withLock { $0.collections[ExactName(key), default: []].append(item) }
    }

    /// The items of collection `key` in insertion order, filtered by `scope`
    /// as TF's `get_collection(key, scope)`: a regular expression matched at
    /// the start of each item's name.
    ///
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `scope` is not a valid regular expression.
    public func collection(_ key: String, scope: String? = nil) throws -> [CollectionItem] {
        let items = state.withLock { $0.collections[ExactName(key)] ?? [] }
        guard let scope else { return items }
        let regex: Regex<AnyRegexOutput>
        do { regex = try Regex(scope) } catch {
            throw ScopeFlowError(.invalidArgument, "The collection filter '\(scope)' is not a valid regular expression: \(error).", underlying: error)
        }
        return items.filter { $0.name.prefixMatch(of: regex) != nil }
    }

    /// The variables of collection `key` (default: all global variables), filtered by `scope`.
    public func variables(_ key: String = GraphKeys.globalVariables, scope: String? = nil) throws -> [Variable] {
        try collection(key, scope: scope).compactMap(\.variable)
    }

    /// The names of all collections that have items.
    public var collectionKeys: [String] { state.withLock { $0.collections.keys.map(\.text).sorted() } }
}

/// The items of collection `key` of the default graph, filtered by `scope` (TF's `tf.get_collection`).
public func collection(_ key: String, scope: String? = nil) throws -> [CollectionItem] {
    try Graph.current.collection(key, scope: scope)
}

/// The trainable variables of the default graph, optionally filtered by scope
/// (TF's `tf.trainable_variables(scope)`).
public func trainableVariables(scope: String? = nil) throws -> [Variable] {
    try Graph.current.variables(GraphKeys.trainableVariables, scope: scope)
}

/// The global variables of the default graph, optionally filtered by scope (TF's `tf.global_variables(scope)`).
public func globalVariables(scope: String? = nil) throws -> [Variable] {
    try Graph.current.variables(GraphKeys.globalVariables, scope: scope)
}
