/// What a ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)`` call asks
/// for, as a ``CustomGetter`` receives it (TF passes these as the getter's arguments).
public struct VariableRequest: Sendable {
    /// The full variable-scope name (`"scope/w"`).
    public var name: String
    public var shape: Shape?
    public var dtype: DType?
    public var initializer: Initializer?
    public var trainable: Bool
    public var collections: [String]?

    public init(
        name: String, shape: Shape? = nil, dtype: DType? = nil, initializer: Initializer? = nil,
        trainable: Bool = true, collections: [String]? = nil
    ) {
        self.name = name
        self.shape = shape
        self.dtype = dtype
        self.initializer = initializer
        self.trainable = trainable
        self.collections = collections
    }
}

/// A function that stands between `getVariable` and the variable store (TF's `custom_getter`):
/// it receives the getter it wraps and the request, and returns a variable, usually by calling
/// the getter with a changed request.
///
/// Custom getters are not built yet: APIs that take one throw ``ScopeFlowError/Code/unimplemented``.
public typealias CustomGetter = (_ getter: (VariableRequest) throws -> Variable, _ request: VariableRequest) throws
    -> Variable
