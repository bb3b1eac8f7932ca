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
/// Capture it from ``variableScope(_:defaultName:values:reuse:initializer:dtype:auxiliaryNameScope:customGetter:_:)``
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
    /// The initializer for variables created here without one.
    public let initializer: Initializer?
    /// The dtype for variables created here without one.
    public let dtype: DType
    /// The getter every ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)`` call
    /// in this scope goes through (an enclosing scope's getter composed inside it), or nil.
    public let customGetter: CustomGetter?
    private let reuseMode: Mutex<Reuse>

    init(
        name: String, originalNameScope: String, reuse: Reuse, initializer: Initializer?, dtype: DType,
        customGetter: CustomGetter? = nil
    ) {
        self.name = name
        self.originalNameScope = originalNameScope
        self.initializer = initializer
        self.dtype = dtype
        self.customGetter = customGetter
        self.reuseMode = Mutex(reuse)
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
