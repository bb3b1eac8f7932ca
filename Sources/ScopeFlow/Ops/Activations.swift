/// Rectified linear unit, `max(x, 0)` (TF's `tf.nn.relu`, op `Relu`).
public func relu(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Relu", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// Returns a tensor with the same value (TF's `tf.identity`, op `Identity`).
public func identity(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Identity", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// Hyperbolic tangent, elementwise (TF's `tf.tanh`, op `Tanh`).
public func tanh(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Tanh", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// The logistic function `1 / (1 + e⁻ˣ)`, elementwise (TF's `tf.sigmoid`, op `Sigmoid`).
public func sigmoid(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Sigmoid", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `min(max(x, 0), 6)`, elementwise (TF's `tf.nn.relu6`, op `Relu6`).
public func relu6(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Relu6", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// Exponential linear unit, elementwise (TF's `tf.nn.elu`, op `Elu`).
public func elu(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Elu", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// Scaled exponential linear unit, elementwise (TF's `tf.nn.selu`, op `Selu`).
public func selu(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Selu", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `log(1 + eˣ)`, elementwise (TF's `tf.nn.softplus`, op `Softplus`).
public func softplus(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Softplus", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `x / (1 + |x|)`, elementwise (TF's `tf.nn.softsign`, op `Softsign`).
public func softsign(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Softsign", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `x` where positive, else `alpha·x` (TF's `tf.nn.leaky_relu`, op `LeakyRelu`; default alpha 0.2).
public func leakyRelu(
    _ x: any TensorConvertible, alpha: Double = 0.2, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp(
        "LeakyRelu", x, name: name, attrs: ["alpha": .float(alpha)], location: SourceLocation(fileID: file, line: line))
}
