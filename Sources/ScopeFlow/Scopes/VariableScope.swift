import Synchronization

/// How a variable scope treats ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)``
/// for names that already exist.
public enum Reuse: Sendable, Hashable, CustomStringConvertible {
    /// Inherit the enclosing scope's mode (TF's `reuse=None`). At the root
    /// this means "create; an existing name is an error".
    case inherit
    /// Only return existing variables; a missing name is an error (TF's `reuse=True`).
    case reuse
    /// Create if missing, return if present (TF's `tf.AUTO_REUSE`).
    case auto

    public var description: String {
        switch self {
        case .inherit: return "false"
        case .reuse: return "true"
        case .auto: return "auto"
        }
    }
}

/// A variable scope, as TF's `VariableScope` object: the prefix of
/// ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)`` names, the reuse mode,
/// and the default initializer and dtype for variables created inside it.
///
/// Capture it from ``variableScope(_:defaultName:values:reuse:initializer:regularizer:dtype:auxiliaryNameScope:customGetter:partitioner:_:)``
/// and enter it again later to share its variables:
///
/// ```swift
/// let filters = try variableScope("image_filters") { scope in
///     _ = try myImageFilter(image1)
///     return scope
/// }
/// try variableScope(filters, reuse: .reuse) { _ in _ = try myImageFilter(image2) }
/// ```
public final class VariableScope: Sendable, CustomStringConvertible {
    /// The scope's full name (`"outer/inner"`, `""` at the root).
    public let name: String
    /// The name scope that was opened when this scope was first entered (`"outer/inner/"`).
    public let originalNameScope: String
    /// The getter every ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)`` call
    /// in this scope goes through (an enclosing scope's getter composed inside it), or nil.
    public let customGetter: CustomGetter?
    private let reuseMode: Mutex<Reuse>
    private let settings: Mutex<Settings>

    /// The defaults a scope's setters change (TF's `set_initializer`, `set_dtype` …).
    private struct Settings {
        var initializer: Initializer?
        var dtype: DType
        var regularizer: Regularizer?
        var partitioner: Partitioner?
    }

    init(
        name: String, originalNameScope: String, reuse: Reuse, initializer: Initializer?, dtype: DType,
        regularizer: Regularizer? = nil, customGetter: CustomGetter? = nil, partitioner: Partitioner? = nil
    ) {
        self.name = name
        self.originalNameScope = originalNameScope
        self.customGetter = customGetter
        self.reuseMode = Mutex(reuse)
        self.settings = Mutex(
            Settings(initializer: initializer, dtype: dtype, regularizer: regularizer, partitioner: partitioner))
    }

    /// The initializer for variables created here without one.
    public var initializer: Initializer? { settings.withLock { $0.initializer } }
    /// The dtype for variables created here without one.
    public var dtype: DType { settings.withLock { $0.dtype } }
    /// The regularizer of variables created here without one.
    public var regularizer: Regularizer? { settings.withLock { $0.regularizer } }
    /// The partitioner of variables made here with
    /// ``getPartitionedVariable(_:shape:dtype:initializer:regularizer:trainable:collections:partitioner:file:line:)``
    /// without one (TF's `partitioner`); inherited by scopes opened inside.
    public var partitioner: Partitioner? { settings.withLock { $0.partitioner } }

    /// Sets the default initializer for the rest of this scope (TF's `set_initializer`).
    public func setInitializer(_ initializer: Initializer?) { settings.withLock { $0.initializer = initializer } }
    /// Sets the default dtype for the rest of this scope (TF's `set_dtype`).
    public func setDtype(_ dtype: DType) { settings.withLock { $0.dtype = dtype } }
    /// Sets the default regularizer for the rest of this scope (TF's `set_regularizer`); pass
    /// ``noRegularizer`` to stop regularizing.
    public func setRegularizer(_ regularizer: Regularizer?) { settings.withLock { $0.regularizer = regularizer } }
    /// Sets the partitioner for the rest of this scope (TF's `set_partitioner`).
    public func setPartitioner(_ partitioner: Partitioner?) { settings.withLock { $0.partitioner = partitioner } }

    /// The items of collection `key` of the default graph whose names start with this scope's
    /// name and a slash (TF's `VariableScope.get_collection`: the name is a regular expression).
    public func getCollection(_ key: String) throws -> [CollectionItem] {
        try Graph.current.collection(key, scope: name.isEmpty ? nil : name + "/")
    }

    /// The global variables made in this scope (TF's `global_variables()`).
    public func globalVariables() throws -> [Variable] {
        try getCollection(GraphKeys.globalVariables).compactMap(\.variable)
    }

    /// The trainable variables made in this scope (TF's `trainable_variables()`).
    public func trainableVariables() throws -> [Variable] {
        try getCollection(GraphKeys.trainableVariables).compactMap(\.variable)
    }

    /// The local variables made in this scope (TF's `local_variables()`).
    public func localVariables() throws -> [Variable] {
        try getCollection(GraphKeys.localVariables).compactMap(\.variable)
    }

    /// The scope's reuse mode: `.inherit` (not reusing), `.reuse` or `.auto`.
    public var reuse: Reuse { reuseMode.withLock { $0 } }

    /// Switches reuse on for the rest of this scope (TF's `reuse_variables()`).
    public func reuseVariables() { reuseMode.withLock { $0 = .reuse } }

    public var description: String { "VariableScope(\"\(name)\", reuse: \(reuse))" }
}

/// Switches reuse on for the rest of the current variable scope
/// (TF's `tf.get_variable_scope().reuse_variables()`).
public func reuseVariables() { currentVariableScope.reuseVariables() }
