/// Creates or returns the variable `name` in the current variable scope
/// (TF's `tf.compat.v1.get_variable`). The variable is keyed by the scope's
/// full name, `scope/name`; name scopes do not apply.
///
/// What happens depends on the scope's reuse mode: without reuse a new
/// variable is created and an existing name is an error; under `.reuse` the
/// existing variable is returned and a missing name is an error; under `.auto`
/// either. On reuse, `shape` (optional) must be compatible and `dtype`
/// (default: the scope's) must match. When the variable scope has a
/// ``CustomGetter``, the call goes through it.
///
/// - Parameters:
///   - shape: Required to create a variable unless the initializer is a value or tensor.
///   - dtype: Defaults to the scope's dtype (float32).
///   - initializer: Defaults to the scope's, then to glorot uniform for
///     floats and zeros for integers and bools.
///   - trainable: Also adds the variable to ``GraphKeys/trainableVariables``.
///   - collections: Defaults to ``GraphKeys/globalVariables``.
/// - Throws: ``ScopeFlowError`` with `.alreadyExists`, `.doesNotExist`,
///   `.shapeMismatch`, `.dtypeMismatch`, `.valueInitializerWithShape` or `.undefinedShape`;
///   `.invalidArgument` for a negative size in `shape` or more than `2^63 - 1` elements.
///
/// ```swift
/// try variableScope("rnn") { scope in
///     let w = try getVariable("w", shape: [10, 11])
///     scope.reuseVariables()
///     let same = try getVariable("w")     // w === same
/// }
/// ```
public func getVariable(
    _ name: String, shape: Shape? = nil, dtype: DType? = nil, initializer: Initializer? = nil,
    trainable: Bool = true, collections: [String]? = nil, file: String = #fileID, line: Int = #line
) throws -> Variable {
    try getVariable(
        name, shape: shape, dtype: dtype, initializer: initializer, regularizer: nil, trainable: trainable,
        collections: collections, file: file, line: line)
}

/// ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)`` with a weight
/// penalty: when the variable is created, `regularizer` (default: the variable scope's) adds its
/// penalty to ``GraphKeys/regularizationLosses`` as TF's `get_variable(regularizer=)` does. TF
/// builds the penalty once at the root name scope to see whether there is one (`L2Loss`, `mul` …),
/// then in `<name>/Regularizer/`, and there again each time the collection's entry is used
/// (``getRegularizationLosses(scope:)``). A reused variable adds nothing.
///
/// ```swift
/// let w = try variableScope("s") { _ in
///     try getVariable("w", shape: [2, 3], regularizer: Regularizer { try 1e-4 * l2Loss($0) })
/// }
/// let total = try getRegularizationLoss()   // Identity of s/w/Regularizer/mul_1
/// ```
public func getVariable(
    _ name: String, shape: Shape? = nil, dtype: DType? = nil, initializer: Initializer? = nil,
    regularizer: Regularizer?, trainable: Bool = true, collections: [String]? = nil, file: String = #fileID,
    line: Int = #line
) throws -> Variable {
    try getVariable(
        name, shape: shape, dtype: dtype, initializer: initializer, regularizer: regularizer, trainable: trainable,
        collections: collections, synchronization: .auto, aggregation: .none, file: file, line: line)
}

/// ``getVariable(_:shape:dtype:initializer:regularizer:trainable:collections:file:line:)`` for a
/// distributed variable (TF's `synchronization` and `aggregation`): both are recorded on the
/// variable and passed to custom getters; `trainable` left nil is false for `.onRead` and true
/// otherwise, as in TF.
///
/// ```swift
/// let count = try getVariable("count", shape: [], synchronization: .onRead, aggregation: .sum)
/// count.trainable   // false
/// ```
public func getVariable(
    _ name: String, shape: Shape? = nil, dtype: DType? = nil, initializer: Initializer? = nil,
    regularizer: Regularizer? = nil, trainable: Bool? = nil, collections: [String]? = nil,
    synchronization: VariableSynchronization, aggregation: VariableAggregation = .none, file: String = #fileID,
    line: Int = #line
) throws -> Variable {
    let trainable = synchronization.trainable(trainable)
    let context = BuildContext.effective
    let scope = context.scopes.variableScope
    let fullName = Names.path(scope.name, name)
    let location = SourceLocation(fileID: file, line: line)
    return try locatingErrors(at: location) {
        if let shape { try ShapeCheck.validate(shape, of: fullName) }
        if scope.partitioner != nil, shape?.rank != 0 {
            throw ScopeFlowError(
                .invalidArgument,
                "The variable scope \(scope.name) has a partitioner, so TF's get_variable would return a partitioned "
                    + "variable for \(fullName); call getPartitionedVariable, or give shape [] for a scalar.",
                names: [fullName])
        }
        return try nameScope(nil) { _ in
            if let dtype, let initializer, let valueDType = initializer.valueDType {
                if case .value(let value) = initializer.kind {
                    // TF converts the value to a tensor here, which adds a root `Const`.
                    _ = try constant(value, location: location)
                }
                if valueDType != dtype {
                    throw ScopeFlowError(
                        .dtypeMismatch,
                        "Initializer type '\(valueDType)' and explicit dtype '\(dtype)' don't match for variable "
                            + "\(fullName); drop dtype or convert the initial value.",
                        names: [fullName])
                }
            }
            let penalty = regularizer ?? scope.regularizer
            let graph = context.graph
            let isNew = penalty != nil && graph.state.withLock { $0.sharedVariables[ExactName(fullName)] == nil }
            let request = VariableRequest(
                name: fullName, shape: shape, dtype: dtype ?? scope.dtype,
                initializer: initializer ?? scope.initializer,
                trainable: trainable, collections: collections, reuse: scope.reuse, synchronization: synchronization,
                aggregation: aggregation)
            let store = { (request: VariableRequest) in
                try graph.storedVariable(request, callerScopes: context.scopes, location: location)
            }
            let variable = try scope.customGetter.map { try $0(store, request) } ?? store(request)
            if isNew, let penalty { try variable.addLazyRegularizationLoss(penalty) }
            return variable
        }
    }
}

extension Graph {
    /// TF's `_true_getter`: the variable `request` names from this graph's store, created when
    /// reuse allows (what a ``CustomGetter`` wraps).
    func storedVariable(
        _ request: VariableRequest, callerScopes: ScopeState, location: SourceLocation
    ) throws -> Variable {
        if let shape = request.shape { try ShapeCheck.validate(shape, of: request.name) }
        if state.withLock({ $0.sharedVariables[ExactName(request.name + "/part_0")] != nil }) {
            throw ScopeFlowError(
                .invalidArgument,
                "No partitioner was provided, but a partitioned version of the variable was found: "
                    + "\(request.name)/part_0. Perhaps a variable of the same name was already created with "
                    + "partitioning? Get it with getPartitionedVariable.",
                names: [request.name])
        }
        return try sharedVariable(
            request.name, shape: request.shape, dtype: request.dtype, initializer: request.initializer,
            reuse: request.reuse, trainable: request.trainable, collections: request.collections,
            location: location, callerScopes: callerScopes, synchronization: request.synchronization,
            aggregation: request.aggregation)
    }

    /// TF's `_VariableStore._get_single_variable`: returns the stored variable
    /// `fullName` when reuse allows, or creates it at the root name scope.
    func sharedVariable(
        _ fullName: String, shape: Shape?, dtype: DType, initializer: Initializer?, reuse: Reuse, trainable: Bool,
        collections: [String]?, location: SourceLocation, callerScopes: ScopeState, slice: SaveSliceInfo? = nil,
        synchronization: VariableSynchronization = .auto, aggregation: VariableAggregation = .none
    ) throws -> Variable {
        if shape != nil, initializer?.isInitialValue == true {
            throw ScopeFlowError(
                .valueInitializerWithShape,
                "If initializer is a constant, do not specify shape (variable \(fullName)): the value fixes the "
                    + "shape. Drop the shape argument.",
                names: [fullName])
        }
        // Find and create in one critical section: two tasks asking for the same new name under
        // `reuse: .auto` must get one variable, not two (the second uniquified as `w_1`).
        return try variableStoreLock.withLock {
            let key = ExactName(fullName)
            if let found = state.withLock({ $0.sharedVariables[key] }) {
                if reuse == .inherit {
                    throw ScopeFlowError(
                        .alreadyExists,
                        "Variable \(fullName) already exists, disallowed. Did you mean to set reuse: .reuse or "
                            + ".auto in variableScope? Originally defined at \(found.op.location).",
                        names: [fullName])
                }
                if let shape, !shape.isCompatible(with: found.shape) {
                    throw ScopeFlowError(
                        .shapeMismatch,
                        "Trying to share variable \(fullName), but specified shape \(shape) and found shape "
                            + "\(found.shape). Ask for a compatible shape or omit it.",
                        names: [fullName])
                }
                if dtype != found.dtype {
                    throw ScopeFlowError(
                        .dtypeMismatch,
                        "Trying to share variable \(fullName), but specified dtype \(dtype) and found dtype "
                            + "\(found.dtype). Pass dtype: .\(found.dtype) (the scope's default is float32).",
                        names: [fullName])
                }
                recordReuse(of: found, reuse: reuse, callerScopes: callerScopes, location: location)
                return found
            }
            if reuse == .reuse {
                throw ScopeFlowError(
                    .doesNotExist,
                    "Variable \(fullName) does not exist, or was not created with getVariable(). Did you mean to "
                        + "set reuse: .auto in variableScope?",
                    names: [fullName])
            }
            let source: InitialValueSource
            switch initializer?.kind {
            case .value(let value)?: source = .literal(value)
            case .tensor(let tensor)?: source = .tensor(tensor)
            default:
                guard let dims = shape?.knownDims else {
                    if initializer?.isCustom == true {
                        throw ScopeFlowError(
                            .undefinedShape,
                            "The initializer passed is not valid. It should be a callable with no arguments and the "
                                + "shape should not be provided or an instance of `tf.keras.initializers.*' and `shape` "
                                + "should be fully defined. (Variable \(fullName): give it a fully defined shape.)",
                            names: [fullName])
                    }
                    throw ScopeFlowError(
                        .undefinedShape,
                        "Variable \(fullName) did not get an initializer, so its `shape` argument must be specified "
                            + "and fully defined (got \(shape.map(\.description) ?? "none")).",
                        names: [fullName])
                }
                let chosen = initializer ?? (dtype.isFloatingPoint ? .glorotUniform() : .zeros)
                let partition = try slice.map { try PartitionInfo(fullShape: $0.fullShape, varOffset: $0.varOffset) }
                source = .initializer(chosen, shape: dims, dtype: dtype, partition: partition)
            }
            let variable = Variable(
                try makeVariableOps(name: fullName, source: source, location: location), trainable: trainable,
                saveSliceInfo: slice, synchronization: synchronization, aggregation: aggregation)
            register(
                variable, name: fullName, collections: collections, creator: .getVariable(key: fullName),
                location: location, callerScopes: callerScopes)
            state.withLock { $0.sharedVariables[key] = variable }
            return variable
        }
    }
}
