/// Creates or returns the local variable `name` in the current variable scope (TF's
/// `tf.compat.v1.get_local_variable`): ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)``
/// that is never trainable and goes into ``GraphKeys/localVariables`` (plus `collections`) instead
/// of the global variables.
///
/// ```swift
/// let count = try getLocalVariable("count", shape: [], dtype: .int32, initializer: .zeros)
/// // count is in collection("local_variables"), not in globalVariables()
/// ```
/// - Throws: what `getVariable` throws.
public func getLocalVariable(
    _ name: String, shape: Shape? = nil, dtype: DType? = nil, initializer: Initializer? = nil,
    collections: [String]? = nil, file: String = #fileID, line: Int = #line
) throws -> Variable {
    try getVariable(
        name, shape: shape, dtype: dtype, initializer: initializer, trainable: false,
        collections: (collections ?? []) + [GraphKeys.localVariables], file: file, line: line)
}
