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
    try scatterOp(
        "ScatterSub", variable, indices: indices, updates: updates, useLocking: useLocking, name: name,
        location: SourceLocation(fileID: file, line: line))
}

/// Writes `updates` over the rows of `variable` that `indices` picks, in place (TF's
/// `tf.scatter_update`, op `ScatterUpdate`): `variable[indices[i], …] = updates[i, …]`, the last
/// row winning for a repeated index. Its output is the variable's new value.
/// - Throws: as ``scatterSub(_:indices:updates:useLocking:name:file:line:)``.
public func scatterUpdate(
    _ variable: Variable, indices: any TensorConvertible, updates: any TensorConvertible, useLocking: Bool = true,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try scatterOp(
        "ScatterUpdate", variable, indices: indices, updates: updates, useLocking: useLocking, name: name,
        location: SourceLocation(fileID: file, line: line))
}

/// Adds `updates` to the rows of `variable` that `indices` picks, in place (TF's `tf.scatter_add`,
/// op `ScatterAdd`); a repeated index adds every one of its rows.
/// - Throws: as ``scatterSub(_:indices:updates:useLocking:name:file:line:)``.
public func scatterAdd(
    _ variable: Variable, indices: any TensorConvertible, updates: any TensorConvertible, useLocking: Bool = false,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try scatterOp(
        "ScatterAdd", variable, indices: indices, updates: updates, useLocking: useLocking, name: name,
        location: SourceLocation(fileID: file, line: line))
}

/// Multiplies the rows of `variable` that `indices` picks by `updates`, in place (TF's
/// `tf.scatter_mul`, op `ScatterMul`).
/// - Throws: as ``scatterSub(_:indices:updates:useLocking:name:file:line:)``.
public func scatterMul(
    _ variable: Variable, indices: any TensorConvertible, updates: any TensorConvertible, useLocking: Bool = false,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try scatterOp(
        "ScatterMul", variable, indices: indices, updates: updates, useLocking: useLocking, name: name,
        location: SourceLocation(fileID: file, line: line))
}

/// Divides the rows of `variable` that `indices` picks by `updates`, in place (TF's
/// `tf.scatter_div`, op `ScatterDiv`).
/// - Throws: as ``scatterSub(_:indices:updates:useLocking:name:file:line:)``; running it, also
///   for an integer division by zero.
public func scatterDiv(
    _ variable: Variable, indices: any TensorConvertible, updates: any TensorConvertible, useLocking: Bool = false,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try scatterOp(
        "ScatterDiv", variable, indices: indices, updates: updates, useLocking: useLocking, name: name,
        location: SourceLocation(fileID: file, line: line))
}

/// A scatter op of `type` on `variable`'s rows.
private func scatterOp(
    _ type: String, _ variable: Variable, indices: any TensorConvertible, updates: any TensorConvertible,
    useLocking: Bool, name: String?, location: SourceLocation
) throws -> Tensor {
    let (ref, index, update) = (variable.ref, indices.tensor, updates.tensor)
    return try makeOp(
        type, name: name, defaultName: type, inputs: [ref, index, update],
        attrs: ["T": .type(ref.dtype), "Tindices": .type(index.dtype), "use_locking": .bool(useLocking)],
        location: location, shape: .scatterUpdate
    ).output(0)
}

extension ShapeFunction {
    /// `ScatterSub`, `ScatterUpdate`, `ScatterAdd`, `ScatterMul`, `ScatterDiv`: the variable's shape;
    /// the updates must have the shape
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
}
