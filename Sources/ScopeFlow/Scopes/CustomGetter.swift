/// What a ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)`` call asks
/// for, as a ``CustomGetter`` receives it (TF passes these as the getter's arguments).
public struct VariableRequest: Sendable {
    /// The full variable-scope name (`"scope/w"`).
    public var name: String
    /// The shape asked for, if any.
    public var shape: Shape?
    /// The dtype: the one asked for, else the scope's (a value initializer's own dtype wins).
    public var dtype: DType
    /// The initializer: the one asked for, else the scope's; nil: TF's default (glorot uniform
    /// for floats, zeros otherwise).
    public var initializer: Initializer?
    /// Whether the variable is trainable.
    public var trainable: Bool
    /// The collections asked for; nil: the global variables.
    public var collections: [String]?
    /// The reuse mode in force where `getVariable` was called.
    public var reuse: Reuse
    /// How the variable's copies are synchronized (recorded on the variable).
    public var synchronization: VariableSynchronization
    /// How the variable's copies are combined (recorded on the variable).
    public var aggregation: VariableAggregation

    /// A request for `name` (a full variable-scope name).
    public init(
        name: String, shape: Shape? = nil, dtype: DType = .float32, initializer: Initializer? = nil,
        trainable: Bool = true, collections: [String]? = nil, reuse: Reuse = .inherit,
        synchronization: VariableSynchronization = .auto, aggregation: VariableAggregation = .none
    ) {
        self.name = name
        self.shape = shape
        self.dtype = dtype
        self.initializer = initializer
        self.trainable = trainable
        self.collections = collections
        self.reuse = reuse
        self.synchronization = synchronization
        self.aggregation = aggregation
    }
}

/// A function that stands between ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)``
/// and the variable store (TF's `custom_getter`): it receives the getter it wraps and the request,
/// and returns a variable, usually by calling the getter, perhaps with a changed request.
///
/// Give one to ``variableScope(_:defaultName:values:reuse:initializer:regularizer:dtype:auxiliaryNameScope:customGetter:partitioner:_:)``
/// or ``makeTemplate(_:_:createScopeNow:uniqueName:customGetter:file:line:)``. A scope's getter
/// is composed with the enclosing scope's, as in TF: the inner getter runs first and its
/// `getter` is the outer getter wrapping the store.
///
/// ```swift
/// let renaming: CustomGetter = { getter, request in
///     var request = request
///     request.name += "_suffix"
///     return try getter(request)
/// }
/// try variableScope("scope", customGetter: renaming) { _ in
///     try getVariable("v", shape: [1])   // scope/v_suffix:0
/// }
/// ```
public typealias CustomGetter =
    @Sendable (_ getter: (VariableRequest) throws -> Variable, _ request: VariableRequest) throws -> Variable

/// `getter` composed inside `outer` (TF's `_maybe_wrap_custom_getter`): `getter` runs first, and
/// the getter it calls is `outer` wrapping the getter it was given.
func composing(_ getter: CustomGetter?, inside outer: CustomGetter?) -> CustomGetter? {
    guard let getter, let outer else { return getter ?? outer }
    return { next, request in try getter({ try outer(next, $0) }, request) }
}
