/// A TF1 reference variable: a `VariableV2` op holding state in a session,
/// plus the ops TF builds around it — the initial value (`v/initial_value`
/// or `v/Initializer/…`), `v/Assign` (its initializer) and `v/read` (the
/// snapshot that ops consume).
///
/// `Variable(...)` always creates a new variable, uniquified like an op
/// (`var4`, `var4_1` …). ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)``
/// creates or shares one by name.
///
/// ```swift
/// try variableScope("a_variable_scope") { _ in
///     let var4 = try Variable([4.0], name: "var4")
///     print(var4.name)   // a_variable_scope/var4:0
/// }
/// ```
public final class Variable: Sendable, TensorConvertible, Hashable, CustomStringConvertible {
    /// The `VariableV2` op.
    public let op: Operation
    /// The `Assign` op that sets the variable to its initial value.
    public let initializer: Operation
    /// The initial-value tensor.
    public let initialValue: Tensor
    /// The `read` identity: what ops consume when given this variable.
    public let snapshot: Tensor
    /// Whether the variable was added to the trainable collection.
    public let trainable: Bool
    /// For a part of a ``PartitionedVariable``, where it lies in the whole (TF's
    /// `_save_slice_info`); nil otherwise.
    public let saveSliceInfo: SaveSliceInfo?
    /// How the variable's copies are synchronized (TF's `synchronization`; recorded only).
    public let synchronization: VariableSynchronization
    /// How the variable's copies are combined (TF's `aggregation`; recorded only).
    public let aggregation: VariableAggregation

    init(
        op: Operation, initializer: Operation, initialValue: Tensor, snapshot: Tensor, trainable: Bool,
        saveSliceInfo: SaveSliceInfo? = nil, synchronization: VariableSynchronization = .auto,
        aggregation: VariableAggregation = .none
    ) {
        self.op = op
        self.initializer = initializer
        self.initialValue = initialValue
        self.snapshot = snapshot
        self.trainable = trainable
        self.saveSliceInfo = saveSliceInfo
        self.synchronization = synchronization
        self.aggregation = aggregation
    }

    /// TF's variable name, `"scope/v:0"`.
    public var name: String { op.name + ":0" }
    /// The element type (TF's base dtype).
    public var dtype: DType { op.outputSpecs[0].dtype }
    /// The static shape.
    public var shape: Shape { op.outputSpecs[0].shape }
    /// The graph holding the variable.
    /// - Throws: ``ScopeFlowError/Code/notFound`` when the graph was already released (see ``Operation/graph``).
    public var graph: Graph { get throws { try op.graph } }
    /// The variable's reference output (`v:0`), what `Assign` writes to.
    public var ref: Tensor { op.output(0) }
    /// The variable's value as an op input: its `read` snapshot.
    public var tensor: Tensor { snapshot }

    public static func == (lhs: Variable, rhs: Variable) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    public var description: String { "<Variable '\(name)' shape=\(shape) dtype=\(dtype)_ref>" }
}

/// Where a new variable's initial value comes from.
enum InitialValueSource {
    /// A literal, converted to the variable's dtype: a `Const` named `initial_value`.
    case literal(HostTensor)
    /// An existing tensor.
    case tensor(Tensor)
    /// An initializer run for `shape` and `dtype` under the `Initializer` name scope; `partition`
    /// places a part of a partitioned variable in the whole.
    case initializer(Initializer, shape: [Int], dtype: DType, partition: PartitionInfo?)
}

extension Variable {
    /// Creates a new variable from a literal, named `name` (default `Variable`)
    /// in the current name scope (TF's `tf.Variable`). Python-style literals
    /// become float32 unless `dtype` says otherwise.
    public convenience init(
        _ initialValue: [Double], name: String? = nil, dtype: DType = .float32, trainable: Bool = true,
        collections: [String]? = nil, file: String = #fileID, line: Int = #line
    ) throws {
        try self.init(
            HostTensor(initialValue), name: name, dtype: dtype, trainable: trainable, collections: collections,
            file: file, line: line)
    }

    /// Creates a new scalar variable (TF's `tf.Variable(1.0)`; float32 unless `dtype` says otherwise).
    public convenience init(
        _ initialValue: Double, name: String? = nil, dtype: DType = .float32, trainable: Bool = true,
        collections: [String]? = nil, file: String = #fileID, line: Int = #line
    ) throws {
        try self.init(
            HostTensor(scalar: initialValue), name: name, dtype: dtype, trainable: trainable,
            collections: collections, file: file, line: line)
    }

    /// Creates a new variable holding `initialValue` converted to `dtype`.
    public convenience init(
        _ initialValue: HostTensor, name: String? = nil, dtype: DType? = nil, trainable: Bool = true,
        collections: [String]? = nil, file: String = #fileID, line: Int = #line
    ) throws {
        let value = try initialValue.converted(to: dtype ?? initialValue.dtype)
        try self.init(
            in: Graph.current, name: name, source: .literal(value), trainable: trainable, collections: collections,
            location: SourceLocation(fileID: file, line: line))
    }

    /// Creates a new variable whose initial value is a tensor (or another variable's value).
    /// - Throws: ``ScopeFlowError/Code/dtypeMismatch`` when `dtype` differs from the tensor's.
    public convenience init(
        _ initialValue: any TensorConvertible, name: String? = nil, dtype: DType? = nil, trainable: Bool = true,
        collections: [String]? = nil, file: String = #fileID, line: Int = #line
    ) throws {
        let tensor = initialValue.tensor
        if let dtype, dtype != tensor.dtype {
            throw ScopeFlowError(
                .dtypeMismatch,
                "Tensor conversion requested dtype \(dtype) for Tensor with dtype \(tensor.dtype): \(tensor.name). "
                    + "Cast the initial value first.",
                names: [tensor.name])
        }
        try self.init(
            in: tensor.graph, name: name, source: .tensor(tensor), trainable: trainable, collections: collections,
            location: SourceLocation(fileID: file, line: line))
    }

    /// TF's `tf.Variable` in `graph`: builds the ops, then registers this very object.
    private convenience init(
        in graph: Graph, name: String?, source: InitialValueSource, trainable: Bool, collections: [String]?,
        location: SourceLocation
    ) throws {
        self.init(try graph.makeVariableOps(name: name, source: source, location: location), trainable: trainable)
        graph.register(
            self, name: name, collections: collections, creator: .variable, location: location,
            callerScopes: BuildContext.effective.scopes(of: graph))
    }

    /// The variable made of `parts`: the very object the graph's collections will hold.
    convenience init(
        _ parts: VariableOps, trainable: Bool, saveSliceInfo: SaveSliceInfo? = nil,
        synchronization: VariableSynchronization = .auto, aggregation: VariableAggregation = .none
    ) {
        self.init(
            op: parts.op, initializer: parts.initializer, initialValue: parts.initialValue, snapshot: parts.snapshot,
            trainable: trainable, saveSliceInfo: saveSliceInfo, synchronization: synchronization,
            aggregation: aggregation)
    }
}

/// The ops TF's `RefVariable` builds for one variable, before a ``Variable`` object is made for them.
struct VariableOps {
    let op: Operation
    let initializer: Operation
    let initialValue: Tensor
    let snapshot: Tensor
}

extension Graph {
    /// Builds a variable's ops as TF's `RefVariable` does, in this graph's current
    /// name scope: name scope `name` (default `Variable`), the initial value,
    /// `VariableV2`, `Assign`, `read`. ``register(_:name:collections:creator:location:callerScopes:)``
    /// then adds the ``Variable`` made of them to its collections.
    ///
    /// As TF's `init_scope`, the ops are built outside any control dependencies, cond branch or
    /// loop body: a variable made in a ``whileLoop``'s body is made once, before the loop.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` for an initial-value tensor from inside a
    ///   loop or cond branch (TF's error).
    func makeVariableOps(name: String?, source: InitialValueSource, location: SourceLocation) throws -> VariableOps {
        try asDefault {
            try controlDependencies(nil) { try buildVariableOps(name: name, source: source, location: location) }
        }
    }

    private func buildVariableOps(
        name: String?, source: InitialValueSource, location: SourceLocation
    ) throws -> VariableOps {
        try asDefault {
            try ScopeFlow.nameScope(name, defaultName: "Variable") { scope in
                let initialValue: Tensor
                switch source {
                case .literal(let value):
                    initialValue = try constant(value, name: "initial_value", location: location)
                case .tensor(let tensor):
                    guard tensor.op.controlFlowContext == nil else {
                        throw ScopeFlowError(
                            .invalidArgument,
                            "Initializer for variable \(scope) is from inside a control-flow construct, such as a "
                                + "loop or conditional (\(tensor.name)). When creating a variable inside a loop or "
                                + "conditional, use an initializer (getVariable) instead.",
                            names: [tensor.name])
                    }
                    initialValue = tensor
                case .initializer(let initializer, let shape, let dtype, let partition):
                    // As TF, the initializer's ops are on no device (`ops.device(None)`).
                    initialValue = try ScopeFlow.nameScope("Initializer") { _ in
                        try device(nil) {
                            try initializer.makeInitialValue(
                                shape: shape, dtype: dtype, partition: partition, location: location)
                        }
                    }
                }
                guard initialValue.shape.isFullyDefined else {
                    throw ScopeFlowError(
                        .undefinedShape,
                        "initial_value must have a shape specified: \(initialValue.name) has shape "
                            + "\(initialValue.shape). Give the variable a value of known shape.",
                        names: [initialValue.name])
                }
                let dtype = initialValue.dtype
                let variableOp = try addOperation(
                    type: "VariableV2", name: scope, defaultName: "VariableV2", inputs: [],
                    attrs: [
                        "dtype": .type(dtype), "shape": .shape(initialValue.shape), "container": .string(""),
                        "shared_name": .string(""),
                    ],
                    location: location
                ) { _ in [OutputSpec(dtype: dtype, shape: initialValue.shape)] }
                // A tensor initial value reading other variables waits for their initial values, as TF's.
                let assigned =
                    if case .tensor = source {
                        try guardingUninitializedDependencies(
                            of: initialValue, variableName: variableOp.name, location: location)
                    } else { initialValue }
                let assign = try assignOp(variableOp.output(0), assigned, location: location)
                let read = try unaryOp("Identity", variableOp.output(0), name: "read", location: location)
                return VariableOps(op: variableOp, initializer: assign.op, initialValue: initialValue, snapshot: read)
            }
        }
    }

    /// Adds a new `variable` to its collections (`collections`, default the global variables, plus
    /// the trainable ones when it is trainable) and records how it was made.
    func register(
        _ variable: Variable, name: String?, collections: [String]?, creator: VariableProvenance.Creator,
        location: SourceLocation, callerScopes: ScopeState
    ) {
        var keys = collections ?? [GraphKeys.globalVariables]
        if variable.trainable, !keys.contains(GraphKeys.trainableVariables) {
            keys.append(GraphKeys.trainableVariables)
        }
        for key in keys { addToCollection(key, .variable(variable)) }
        recordCreation(of: variable, name: name, creator: creator, callerScopes: callerScopes, location: location)
    }
}
