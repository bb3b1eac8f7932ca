/// `x` unchanged, checked when the graph runs: a NaN or infinity fails the run with `message`
/// followed by TF's ` : Tensor had NaN values` (TF's `tf.debugging.check_numerics`, op
/// `CheckNumerics`). Its gradient is checked the same way.
///
/// ```swift
/// let safe = try checkNumerics(logits, message: "logits")
/// ```
/// - Throws: ``ScopeFlowError/Code/dtypeMismatch`` when `x` is not float16, float32 or float64.
public func checkNumerics(
    _ x: any TensorConvertible, message: String, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    return try makeOp(
        "CheckNumerics", name: name, defaultName: "CheckNumerics", inputs: [input],
        attrs: ["T": .type(input.dtype), "message": .string(message)],
        location: SourceLocation(fileID: file, line: line),
        shape: .checkNumerics
    ).output(0)
}

extension ShapeFunction {
    /// `CheckNumerics`: the input's shape, for a float input.
    static let checkNumerics = ShapeFunction { op in
        let x = try op.input(0)
        try requireDType(x, in: [.float16, .float32, .float64], argument: "tensor", opType: op.opType)
        return [OutputSpec(dtype: x.dtype, shape: x.shape)]
    }
}
