/// `sin(x)`, elementwise (TF's `tf.sin`, op `Sin`).
public func sin(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Sin", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `cos(x)`, elementwise (TF's `tf.cos`, op `Cos`).
public func cos(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Cos", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `x` rounded to the nearest integer, halves to the even one (TF's `tf.round`, op `Round`).
public func round(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Round", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// The largest integer not above `x`, elementwise (TF's `tf.floor`, op `Floor`).
public func floor(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Floor", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// The smallest integer not below `x`, elementwise (TF's `tf.math.ceil`, op `Ceil`).
public func ceil(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Ceil", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `1 / x`, elementwise (TF's `tf.math.reciprocal`, op `Reciprocal`).
public func reciprocal(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Reciprocal", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `exp(x) - 1`, elementwise and accurate near 0 (TF's `tf.math.expm1`, op `Expm1`).
public func expm1(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Expm1", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `x / y` rounded toward negative infinity, with broadcasting (TF's `tf.math.floordiv`: a
/// `FloorDiv` op named `floordiv`); an integer division by zero is an error when run.
public func floorDiv(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try binaryOp(
        "FloorDiv", x, y, name: name, defaultName: "floordiv", location: SourceLocation(fileID: file, line: line))
}

/// The remainder of `floorDiv(x, y)`, with the sign of `y` (TF's `tf.math.floormod`, op `FloorMod`).
public func floorMod(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try binaryOp(
        "FloorMod", x, y, name: name, defaultName: "FloorMod", location: SourceLocation(fileID: file, line: line))
}

/// `!x` of a bool tensor, elementwise (TF's `tf.logical_not`, op `LogicalNot`).
public func logicalNot(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    return try makeOp(
        "LogicalNot", name: name, defaultName: "LogicalNot", inputs: [input], attrs: [:],
        location: SourceLocation(fileID: file, line: line), shape: .logicalNot
    ).output(0)
}

extension ShapeFunction {
    /// One bool input, one bool output of its shape (`LogicalNot`).
    static let logicalNot = ShapeFunction(inputTypes: [:]) { op in
        try op.requireInputs(1)
        try requireDType(op.inputs[0], in: [.bool], argument: "x", opType: op.opType)
        return [OutputSpec(dtype: .bool, shape: op.inputs[0].shape)]
    }
}
