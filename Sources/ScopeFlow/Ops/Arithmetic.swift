/// Builds a broadcasting binary op of `type` (inputs `x`, `y`, attr `T`).
func binaryOp(
    _ type: String, _ x: any TensorConvertible, _ y: any TensorConvertible, name: String?, defaultName: String,
    controlInputs: [Operation] = [], location: SourceLocation
) throws -> Tensor {
    let inputs = [x.tensor, y.tensor]
    let graph = try Graph.forInputs(inputs)
    let op = try graph.addOperation(
        type: type, name: name, defaultName: defaultName, inputs: inputs, controlInputs: controlInputs,
        attrs: ["T": .type(inputs[0].dtype)], location: location, shape: .broadcasting)
    return op.output(0)
}

/// Builds a shape-preserving unary op of `type` (input `x`, attr `T`).
func unaryOp(
    _ type: String, _ x: any TensorConvertible, name: String?, attrs: AttrMap = [:],
    location: SourceLocation
) throws -> Tensor {
    let input = x.tensor
    let op = try input.graph.addOperation(
        type: type, name: name, defaultName: type, inputs: [input],
        attrs: attrs.setting("T", ifAbsent: .type(input.dtype)), location: location, shape: .unchanged)
    return op.output(0)
}

/// `x + y` with broadcasting (TF's `tf.add`: an `AddV2` op named `Add`).
public func add(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try binaryOp("AddV2", x, y, name: name, defaultName: "Add", location: SourceLocation(fileID: file, line: line))
}

/// `x - y` with broadcasting (TF's `tf.subtract`: a `Sub` op named `Sub`).
public func subtract(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try binaryOp("Sub", x, y, name: name, defaultName: "Sub", location: SourceLocation(fileID: file, line: line))
}

/// `x * y` with broadcasting (TF's `tf.multiply`: a `Mul` op named `Mul`).
public func multiply(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try binaryOp("Mul", x, y, name: name, defaultName: "Mul", location: SourceLocation(fileID: file, line: line))
}

/// `x / y` with broadcasting (TF's `tf.divide` for floats: a `RealDiv` op named `truediv`).
public func divide(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try binaryOp(
        "RealDiv", x, y, name: name, defaultName: "truediv", location: SourceLocation(fileID: file, line: line))
}

/// `x / y` with broadcasting as TF1's `tf.div` computes it: a `RealDiv` for floats, a `FloorDiv`
/// (rounding toward −∞) for integers, in the name scope `div` (the op takes the scope's name).
/// - Throws: ``ScopeFlowError/Code/dtypeMismatch`` when the dtypes differ.
public func div(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> Tensor {
    let (a, b) = (x.tensor, y.tensor)
    return try nameScope(name, defaultName: "div", values: [a, b]) { scope in
        try binaryOp(
            a.dtype.isFloatingPoint ? "RealDiv" : "FloorDiv", a, b, name: scope, defaultName: "div",
            location: SourceLocation(fileID: file, line: line))
    }
}

/// `x / c` for a float tensor and a constant `c`, as TF1's `tf.div(x, 4, name: "cost")` builds
/// it: the constant `cost/y` (`div/y` by default), of `x`'s dtype, and the `RealDiv` `cost`.
/// - Throws: ``ScopeFlowError/Code/dtypeMismatch`` for a non-float `x` (cast it first).
public func div(
    _ x: any TensorConvertible, _ y: Double, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let t = x.tensor
    guard t.dtype.isFloatingPoint else {
        throw ScopeFlowError(
            .dtypeMismatch, "div(x, \(y)) needs a float tensor, not \(t.name) of dtype \(t.dtype); cast it first.",
            names: [t.name])
    }
    return try scalarBinary(
        "RealDiv", t, y, name: name, defaultName: "div", scalarFirst: false,
        location: SourceLocation(fileID: file, line: line))
}

/// `x / y` for floats (TF's `tf.realdiv`: a `RealDiv` op named `RealDiv`).
public func realDiv(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try binaryOp(
        "RealDiv", x, y, name: name, defaultName: "RealDiv", location: SourceLocation(fileID: file, line: line))
}

/// `x / y` with broadcasting, and 0 wherever `y` is 0 (TF's `tf.math.div_no_nan`, op `DivNoNan`
/// named `div_no_nan`).
public func divNoNan(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try binaryOp(
        "DivNoNan", x, y, name: name, defaultName: "div_no_nan", location: SourceLocation(fileID: file, line: line))
}

/// `x` to the power `y`, elementwise with broadcasting (TF's `tf.pow`, op `Pow`).
public func pow(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try binaryOp("Pow", x, y, name: name, defaultName: "Pow", location: SourceLocation(fileID: file, line: line))
}

/// The elementwise maximum with broadcasting (TF's `tf.maximum`, op `Maximum`).
public func maximum(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try binaryOp(
        "Maximum", x, y, name: name, defaultName: "Maximum", location: SourceLocation(fileID: file, line: line))
}

/// `max(x, c)` for a float constant `c` (TF's `tf.maximum(x, 0.0)`: the constant is named `Maximum/y`).
public func maximum(
    _ x: any TensorConvertible, _ y: Double, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try scalarBinary(
        "Maximum", x.tensor, y, name: name, defaultName: "Maximum", scalarFirst: false,
        location: SourceLocation(fileID: file, line: line))
}

/// The elementwise minimum with broadcasting (TF's `tf.minimum`, op `Minimum`).
public func minimum(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try binaryOp(
        "Minimum", x, y, name: name, defaultName: "Minimum", location: SourceLocation(fileID: file, line: line))
}

/// `min(x, c)` for a float constant `c` (TF's `tf.minimum(x, 1.0)`: the constant is named `Minimum/y`).
public func minimum(
    _ x: any TensorConvertible, _ y: Double, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try scalarBinary(
        "Minimum", x.tensor, y, name: name, defaultName: "Minimum", scalarFirst: false,
        location: SourceLocation(fileID: file, line: line))
}

/// `(x - y)²` with broadcasting (TF's `tf.math.squared_difference`, op `SquaredDifference`).
public func squaredDifference(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try binaryOp(
        "SquaredDifference", x, y, name: name, defaultName: "SquaredDifference",
        location: SourceLocation(fileID: file, line: line))
}

/// The elementwise sum of tensors of one shape and dtype (TF's `tf.add_n`, op `AddN`). Of one
/// tensor, as TF: the tensor itself, or an `Identity` of it when `name` is given.
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when the shapes differ (AddN does not broadcast).
public func addN(
    _ inputs: [any TensorConvertible], name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let tensors = inputs.map(\.tensor)
    guard !tensors.isEmpty else {
        throw ScopeFlowError(.invalidArgument, "addN needs at least one input tensor.")
    }
    if tensors.count == 1 {
        guard let name else { return tensors[0] }
        return try identity(tensors[0], name: name, file: file, line: line)
    }
    return try makeOp(
        "AddN", name: name, defaultName: "AddN", inputs: tensors,
        attrs: ["N": .int(tensors.count), "T": .type(tensors[0].dtype)],
        location: SourceLocation(fileID: file, line: line),
        shape: .addN
    ).output(0)
}

extension ShapeFunction {
    /// The elementwise sum of one or more inputs of one dtype and one (merged) shape (`AddN`).
    static let addN = ShapeFunction { op in
        let tensors = op.inputs
        _ = try op.input(0)
        let dtype = try requireSameDType(
            tensors, argumentNames: tensors.indices.map { "inputs[\($0)]" }, opType: op.opType)
        var shape = Shape.unknown
        for t in tensors {
            guard let merged = shape.merged(with: t.shape) else {
                throw ScopeFlowError(
                    .shapeMismatch,
                    "Shapes must be equal rank and compatible, but are \(shape.bracketed) and \(t.shape.bracketed) "
                        + "for '\(op.opName)' (\(op.opType)); give every input the same shape.",
                    names: [op.opName])
            }
            shape = merged
        }
        return [OutputSpec(dtype: dtype, shape: shape)]
    }
}

extension TensorConvertible {
    /// `x + y` (Python's `+`: an `AddV2` op named `add`).
    public static func + (x: Self, y: some TensorConvertible) throws -> Tensor {
        try binaryOp("AddV2", x, y, name: nil, defaultName: "add", location: SourceLocation(fileID: "", line: 0))
    }

    /// `x - y` (Python's `-`: a `Sub` op named `sub`).
    public static func - (x: Self, y: some TensorConvertible) throws -> Tensor {
        try binaryOp("Sub", x, y, name: nil, defaultName: "sub", location: SourceLocation(fileID: "", line: 0))
    }

    /// `x * y` (Python's `*`: a `Mul` op named `mul`).
    public static func * (x: Self, y: some TensorConvertible) throws -> Tensor {
        try binaryOp("Mul", x, y, name: nil, defaultName: "mul", location: SourceLocation(fileID: "", line: 0))
    }
}

/// `x + c` for a float constant `c` (Python's `x + 1.0`): the constant is
/// named `add/y`, the op `add`.
public func + (x: some TensorConvertible, y: Double) throws -> Tensor {
    try scalarBinary("AddV2", x, y, defaultName: "add", scalarFirst: false)
}

/// `c + x` for a float constant `c` (Python's `1.0 + x`): the constant is
/// named `add/x`, the op `add`.
public func + (x: Double, y: some TensorConvertible) throws -> Tensor {
    try scalarBinary("AddV2", y, x, defaultName: "add", scalarFirst: true)
}

/// `x - c` for a float constant `c` (Python's `x - 1`): the constant is
/// named `sub/y`, the op `sub`.
public func - (x: some TensorConvertible, y: Double) throws -> Tensor {
    try scalarBinary("Sub", x, y, defaultName: "sub", scalarFirst: false)
}

/// `c - x` for a float constant `c` (Python's `1.0 - x`): the constant is
/// named `sub/x`, the op `sub`.
public func - (x: Double, y: some TensorConvertible) throws -> Tensor {
    try scalarBinary("Sub", y, x, defaultName: "sub", scalarFirst: true)
}

/// `x * c` for a float constant `c` (Python's `x * 2.0`).
public func * (x: some TensorConvertible, y: Double) throws -> Tensor {
    try scalarBinary("Mul", x, y, defaultName: "mul", scalarFirst: false)
}

/// `x / c` for a float tensor and a constant `c` (Python's `x / 20`, TF's `truediv`): the
/// constant is named `truediv/y`, the op a `RealDiv` named `truediv`.
/// - Throws: ``ScopeFlowError/Code/dtypeMismatch`` for a non-float `x` (TF would cast it to a
///   float first; cast it with `cast(_:to:)`).
public func / (x: some TensorConvertible, y: Double) throws -> Tensor {
    let t = x.tensor
    guard t.dtype.isFloatingPoint else {
        throw ScopeFlowError(
            .dtypeMismatch, "x / \(y) needs a float tensor, not \(t.name) of dtype \(t.dtype); cast it first.",
            names: [t.name])
    }
    return try scalarBinary("RealDiv", t, y, defaultName: "truediv", scalarFirst: false)
}

/// `c * x` for a float constant `c` (Python's `0.01 * x`): the constant is
/// named `mul/x`, the op `mul`.
public func * (x: Double, y: some TensorConvertible) throws -> Tensor {
    try scalarBinary("Mul", y, x, defaultName: "mul", scalarFirst: true)
}

/// A binary op with one scalar operand converted inside the op's name
/// scope, as TF does (`add/y`, `Maximum/y`).
func scalarBinary(
    _ type: String, _ tensor: some TensorConvertible, _ scalar: Double, name: String? = nil, defaultName: String,
    scalarFirst: Bool, location: SourceLocation = SourceLocation(fileID: "", line: 0)
) throws -> Tensor {
    let t = tensor.tensor
    return try nameScope(name, defaultName: defaultName, values: [t]) { scope in
        let c = try constant(HostTensor(scalar: scalar), dtype: t.dtype, name: scalarFirst ? "x" : "y")
        return try binaryOp(
            type, scalarFirst ? c : t, scalarFirst ? t : c, name: scope, defaultName: defaultName,
            location: location)
    }
}
