/// Sets `variable` to `value` (TF's `tf.assign`: an `Assign` op named `Assign`,
/// `validate_shape` and `use_locking` true). Its output is the new value.
///
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` or ``ScopeFlowError/Code/dtypeMismatch``
///   when the value does not fit the variable.
public func assign(
    _ variable: Variable, _ value: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try assignOp(variable.ref, value.tensor, name: name, location: SourceLocation(fileID: file, line: line))
}

/// Adds `value` to `variable` in place (TF's `tf.assign_add`: an `AssignAdd`
/// op named `AssignAdd`). Its output is the new value.
public func assignAdd(
    _ variable: Variable, _ value: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try updateOp("AssignAdd", variable, value.tensor, name: name, location: SourceLocation(fileID: file, line: line))
}

/// Subtracts `value` from `variable` in place (TF's `tf.assign_sub`: an
/// `AssignSub` op named `AssignSub`). Its output is the new value.
public func assignSub(
    _ variable: Variable, _ value: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try updateOp("AssignSub", variable, value.tensor, name: name, location: SourceLocation(fileID: file, line: line))
}

/// Builds an `AssignAdd`/`AssignSub` op: `use_locking` false, the value's
/// dtype and shape must be the variable's.
func updateOp(
    _ type: String, _ variable: Variable, _ value: Tensor, name: String?, location: SourceLocation
) throws -> Tensor {
    let ref = variable.ref
    let op = try ref.graph.addOperation(
        type: type, name: name, defaultName: type, inputs: [ref, value],
        attrs: ["T": .type(ref.dtype), "use_locking": .bool(false)], location: location
    ) { opName in
        _ = try requireSameDType([ref, value], argumentNames: ["ref", "value"], opType: type)
        guard ref.shape.isCompatible(with: value.shape) else {
            throw ScopeFlowError(
                .shapeMismatch,
                "Cannot update variable with shape \(ref.shape.bracketed) using a Tensor with shape "
                    + "\(value.shape.bracketed), shapes must be equal (op '\(opName)'); give the value the "
                    + "variable's shape.",
                names: [opName, variable.op.name])
        }
        return [OutputSpec(dtype: ref.dtype, shape: ref.shape)]
    }
    return op.output(0)
}

/// An op that initializes `variables` (TF's `tf.variables_initializer`): a
/// ``group(_:name:file:line:)`` named `init` (made unique) of each variable's initializer.
public func variablesInitializer(
    _ variables: [Variable], name: String = "init", file: String = #fileID, line: Int = #line
) throws -> Operation {
    try group(variables.map(\.initializer), name: name, file: file, line: line)
}

/// An op that initializes every global variable of the default graph (TF's
/// `tf.global_variables_initializer`): a `NoOp` named `init`.
///
/// ```swift
/// let v = try getVariable("v", shape: [1], initializer: .constant(3))
/// let session = Session()
/// try session.run(globalVariablesInitializer())
/// print(try session.run(v).floats!)   // [3.0]
/// ```
public func globalVariablesInitializer(file: String = #fileID, line: Int = #line) throws -> Operation {
    try variablesInitializer(globalVariables(), file: file, line: line)
}

/// The old name of ``globalVariablesInitializer(file:line:)`` (TF's `tf.initialize_all_variables`).
@available(*, deprecated, renamed: "globalVariablesInitializer()")
public func initializeAllVariables(file: String = #fileID, line: Int = #line) throws -> Operation {
    try globalVariablesInitializer(file: file, line: line)
}
