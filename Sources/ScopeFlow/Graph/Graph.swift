import Synchronization

/// A TensorFlow 1.x dataflow graph: operations with unique names, the
/// variables created by ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)``,
/// collections, and the variable-scope counters.
///
/// A graph is safe to share between tasks: its name registry, variable store
/// and collections live behind a lock. The *current* name and variable scopes
/// are task-local (see ``asDefault(_:)``), so scopes are lexical.
///
/// ```swift
/// let graph = Graph()
/// try graph.asDefault {
///     let c = try constant(Float(1))
///     print(c.name)   // Const:0
/// }
/// ```
public final class Graph: Sendable, Hashable, CustomStringConvertible {
    deinit {
        // Every other holder of ops (the name index, collections, variables) lets go first, then
        // the ops go newest first: each op's consumers are gone before it, so a long chain is
        // freed one op at a time instead of each op's deinit releasing the next (which overflowed
        // the stack at about 20,000 chained ops). Ops whose inputs control flow rewired first let go
        // of them, which breaks the cycle of each while loop.
        state.withLock { state in
            var operations = state.operations
            state = GraphState()
            for op in operations { op.releaseRewiredInputs() }
            while !operations.isEmpty { operations.removeLast() }
        }
    }

    let state: LockedValue<GraphState>
    /// The variable scope in force at the root of this graph (TF keeps one per graph).
    public let rootVariableScope: VariableScope

    /// Whether the graph records how names were made (for ``explain(_:)``,
    /// ``sharingReport()`` and ``warnings``). On by default; it costs little.
    public let recordsProvenance: Bool

    /// A graph's identity for the lifetime of the process: unlike an `ObjectIdentifier`, never
    /// reused by a later graph at the same address.
    struct Identity: Hashable, Sendable {
        let value: UInt64
        private static let counter = Atomic<UInt64>(0)
        static func next() -> Identity { Identity(value: counter.add(1, ordering: .relaxed).newValue) }
    }

    /// This graph's identity.
    let identity = Identity.next()

    /// Serialises `getVariable`'s find-or-create, so concurrent tasks asking for one name
    /// (`reuse: .auto`) get one variable.
    let variableStoreLock = ThreadLock()

    /// Creates an empty graph.
    /// - Parameter recordsProvenance: Set to false to skip recording name provenance.
    public init(recordsProvenance: Bool = true) {
        self.recordsProvenance = recordsProvenance
        state = LockedValue(GraphState())
        rootVariableScope = VariableScope(
            name: "", originalNameScope: "", reuse: .inherit, initializer: nil, dtype: .float32)
    }

    /// The graph-level random seed (TF's `tf.set_random_seed`), or nil.
    public var seed: Int? {
        get { state.withLock { $0.seed } }
        set { state.withLock { $0.seed = newValue } }
    }

    /// Every operation in creation order.
    public var operations: [Operation] { state.withLock { $0.operations } }

    /// The operation called `name`, if there is one.
    public func operation(named name: String) -> Operation? {
        state.withLock { $0.operationsByName[ExactName(name)] }
    }

    /// The tensor called `name` (`"op:0"`), if there is one.
    public func tensor(named name: String) -> Tensor? {
        guard let colon = name.utf8.lastIndex(of: UInt8(ascii: ":")),
            let index = Int(name[name.utf8.index(after: colon)...]),
            let op = operation(named: String(name[..<colon])), op.outputTypes.indices.contains(index)
        else { return nil }
        return op.output(index)
    }

    /// A unique name for `name` inside this graph's current name scope, as TF's
    /// `Graph.unique_name` gives it: the scope is prepended (`bar/foo` inside
    /// `nameScope("bar")`), names are compared ignoring case, and a taken name gets the first
    /// free `_1`, `_2` … suffix.
    ///
    /// ```swift
    /// try graph.nameScope("bar") { _ in
    ///     graph.uniqueName("foo")                     // "bar/foo"
    ///     graph.uniqueName("foo", markAsUsed: false)  // "bar/foo_1", not reserved
    /// }
    /// ```
    /// - Parameter markAsUsed: When false, only reports the name without reserving it.
    public func uniqueName(_ name: String, markAsUsed: Bool = true) -> String {
        let path = Names.path(currentNameScope, name)
        return state.withLock { $0.uniqueName(path, markAsUsed: markAsUsed, takenBy: .reservation).name.text }
    }

    public static func == (lhs: Graph, rhs: Graph) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    public var description: String { "Graph(\(operations.count) operations)" }
}

/// The mutable part of a graph, guarded by the graph's lock.
struct GraphState {
    /// Names (ops and name scopes alike, compared ignoring case) to their use counts and first taker.
    var namesInUse: [FoldedName: NameUse] = [:]
    var operations: [Operation] = []
    var operationsByName: [ExactName: Operation] = [:]
    // The registries below are keyed by `ExactName` rather than `String`: its hash is computed
    // once per name and mixed cheaply, where a `String` key runs SipHash over the name on every
    // lookup (about 3% of building a graph).
    /// Variables made by `getVariable`, by full variable-scope name.
    var sharedVariables: [ExactName: Variable] = [:]
    /// How often each full variable-scope name was opened (for default names).
    var variableScopeCounts: [ExactName: Int] = [:]
    /// For each scope name, the counted names below it (so leaving a scope
    /// resets its subscopes without scanning every count).
    var variableSubscopes: [ExactName: [ExactName]] = [:]
    /// For a default-name base (`"layer"`), an index below which every
    /// `base_i` is known to be taken, so `layer_999` is found without a scan.
    var defaultNameHints: [ExactName: Int] = [:]
    var collections: [ExactName: [CollectionItem]] = [:]
    var seed: Int?
    /// Random ops created without an op seed, for TF's graph-seed rule.
    var seedlessRandomOps = 0
    /// The upper layers' per-graph state, by the table's type (see ``GraphSideTable``).
    var sideTables: [ObjectIdentifier: any GraphSideTable] = [:]

    /// TF's unique-name algorithm. Returns the name (as a key, to reuse its
    /// hash) and, when a suffix was needed, who first took the requested name
    /// (for provenance).
    mutating func uniqueName(_ name: String, markAsUsed: Bool, takenBy kind: NameUse.Kind) -> (name: FoldedName, collidedWith: NameUse?) {
        let key = FoldedName(name)
        var previous: NameUse?
        if markAsUsed {
            // One lookup finds or inserts the entry. The default captures nothing: one that
            // captured `name` and `kind` had its closure context allocated on every call.
            Self.take(&namesInUse[key, default: NameUse(count: 0, owner: "", kind: .reservation)], as: name, by: kind, previous: &previous)
        } else {
            previous = namesInUse[key]
        }
        var i = previous?.count ?? 0
        guard i > 0 else { return (key, nil) }
        var candidate = key
        while namesInUse[candidate] != nil {
            candidate = FoldedName(name + "_" + String(i))
            i += 1
        }
        if markAsUsed { namesInUse[candidate] = NameUse(count: 1, owner: candidate.text, kind: kind) }
        return (candidate, previous)
    }

    /// Notes the full name of an op imported from a GraphDef as in use, as TF does for imported
    /// ops, so that names built later (a second `gradients/Shape`) get suffixes instead of colliding.
    mutating func markImported(_ name: String) {
        let key = FoldedName(name)
        if namesInUse[key] == nil { namesInUse[key] = NameUse(count: 1, owner: name, kind: .operation) }
    }

    /// Counts one more request for the name of `use`: a new entry (count 0) becomes `owner`'s,
    /// a taken one is reported in `previous` as it was before.
    private static func take(_ use: inout NameUse, as owner: String, by kind: NameUse.Kind, previous: inout NameUse?) {
        if use.count == 0 {
            use = NameUse(count: 1, owner: owner, kind: kind)
        } else {
            previous = use
            use.count += 1
        }
    }
}

/// How often a (lower-cased) name was requested, and who took it first.
struct NameUse: Sendable {
    enum Kind: Sendable {
        case operation, nameScope, reservation
    }

    var count: Int
    /// The first taker's full name, in its own spelling.
    let owner: String
    let kind: Kind
}
