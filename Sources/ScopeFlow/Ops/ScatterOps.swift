/// Subtracts `updates` from the rows of `variable` that `indices` picks, in place (TF's
/// `tf.scatter_sub`, op `ScatterSub`): `variable[indices[i], …] -= updates[i, …]`, where a
/// repeated index subtracts every one of its rows. Its output is the variable's new value.
///
/// ```swift
/// // v = [1, 2, 3, 4]
/// let step = try scatterSub(v, indices: idx, updates: u)   // idx = [1, 1, 3], u = [10, 20, 30]
/// // after running step: v = [1, -28, 3, -26]
/// ```
///
/// - Parameters:
///   - indices: int32 or int64 row indices into the variable's first dimension, any shape.
///   - updates: of shape `indices.shape + variable.shape[1...]`, or a scalar subtracted from every picked row.
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when `updates` has another shape; running it,
///   ``ScopeFlowError/Code/invalidArgument`` for an index outside the variable's rows (the variable
///   is then left unchanged).
public func scatterSub(
    _ variable: Variable, indices: any TensorConvertible, updates: any TensorConvertible, useLocking: Bool = false,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (ref, index, update) = (variable.ref, indices.tensor, updates.tensor)
    return try makeOp(
        "ScatterSub", name: name, defaultName: "ScatterSub", inputs: [ref, index, update],
        attrs: ["T": .type(ref.dtype), "Tindices": .type(index.dtype), "use_locking": .bool(useLocking)],
        location: SourceLocation(fileID: file, line: line), shape: .scatterUpdate
    ).output(0)
}

extension ShapeFunction {
    /// `ScatterSub`: the variable's shape; the updates must have the shape
    /// `indices.shape + ref.shape[1...]`, or be a scalar.
    static let scatterUpdate = ShapeFunction(inputTypes: ["T": 0, "Tindices": 1]) { op in
        try op.requireInputs(3)
        let (ref, indices, updates) = (op.inputs[0], op.inputs[1], op.inputs[2])
        _ = try requireSameDType([ref, updates], argumentNames: ["ref", "updates"], opType: op.opType)
        try requireDType(indices, in: [.int32, .int64], argument: "indices", opType: op.opType)
        if let rank = ref.shape.rank, rank == 0 {
            throw ScopeFlowError(
                .shapeMismatch,
                "Shape must be at least rank 1 but is rank 0 for '\(op.opName)' (input \(ref.name) has shape []); "
                    + "scatter into a variable of rank 1 or more.",
                names: [op.opName])
        }
        if updates.shape.rank != 0, let rows = indices.shape.dims, let row = ref.shape.dims?.dropFirst() {
            _ = try op.merge(updates.shape, Shape(rows + row))
        }
        return [OutputSpec(dtype: ref.dtype, shape: ref.shape)]
    }

    /// `IsVariableInitialized`: a bool scalar.
    static let isVariableInitialized = ShapeFunction(inputTypes: ["dtype": 0]) { op in
        try op.requireInputs(1)
        return [OutputSpec(dtype: .bool, shape: .scalar)]
    }
}

/// Whether `variable` holds a value in the session that runs it (TF's
/// `tf.is_variable_initialized`, op `IsVariableInitialized`): false before its initializer (or
/// an assign, or a restore) ran, true after. It never reads the value, so it is no error for a
/// variable that holds none.
public func isVariableInitialized(
    _ variable: Variable, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let ref = variable.ref
    return try makeOp(
        "IsVariableInitialized", name: name, defaultName: "IsVariableInitialized", inputs: [ref],
        attrs: ["dtype": .type(ref.dtype)], location: SourceLocation(fileID: file, line: line),
        shape: .isVariableInitialized
    ).output(0)
}

extension Variable {
    /// The variable's value when it holds one, else its initial value (TF's `initialized_value`):
    /// a `cond` on ``isVariableInitialized(_:name:file:line:)`` that reads the variable
    /// (`cond/read`, through a `RefSwitch`) or gives ``initialValue``.
    /// A variable initialized from it (as TF's `ExponentialMovingAverage` initializes its
    /// averages) gets a value even when its initializer runs before this variable's.
    ///
    /// Unlike TF it is built in the current control-flow context (TF lifts it out of any).
    public func initializedValue(file: String = #fileID, line: Int = #line) throws -> Tensor {
        try cond(
            isVariableInitialized(self, file: file, line: line),
            trueFn: { try identity(ref, name: "read") }, falseFn: { initialValue }, file: file, line: line)
    }
}
