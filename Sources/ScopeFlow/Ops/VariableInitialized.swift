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
    /// (`cond/read`, through a `RefSwitch`) or gives ``initialValue``, as TF's
    /// `ExponentialMovingAverage` initializes its averages.
    ///
    /// Before the variable holds a value it gives the initial value: the `RefSwitch` passes the
    /// variable's reference on without reading it, and only the taken branch reads it. It is
    /// built in the current control-flow context (TF lifts it out of any).
    public func initializedValue(file: String = #fileID, line: Int = #line) throws -> Tensor {
        try cond(
            isVariableInitialized(self, file: file, line: line),
            trueFn: { try identity(ref, name: "read") }, falseFn: { initialValue }, file: file, line: line)
    }
}

extension ShapeFunction {
    /// `IsVariableInitialized`: a bool scalar.
    static let isVariableInitialized = ShapeFunction(inputTypes: ["dtype": 0]) { op in
        try op.requireInputs(1)
        return [OutputSpec(dtype: .bool, shape: .scalar)]
    }
}
