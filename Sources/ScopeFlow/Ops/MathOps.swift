/// `-x`, elementwise (TF's `tf.negative`, op `Neg`).
public func negative(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Neg", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `x²`, elementwise (TF's `tf.square`, op `Square`).
public func square(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Square", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `√x`, elementwise (TF's `tf.sqrt`, op `Sqrt`).
public func sqrt(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Sqrt", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `1/√x`, elementwise (TF's `tf.math.rsqrt`, op `Rsqrt`).
public func rsqrt(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Rsqrt", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `eˣ`, elementwise (TF's `tf.exp`, op `Exp`).
public func exp(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Exp", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// The natural logarithm, elementwise (TF's `tf.math.log`, op `Log`).
public func log(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Log", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `log(1 + x)`, elementwise and accurate near 0 (TF's `tf.math.log1p`, op `Log1p`).
public func log1p(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Log1p", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `|x|`, elementwise (TF's `tf.abs`, op `Abs`).
public func abs(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Abs", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// The sign (-1, 0 or 1), elementwise (TF's `tf.sign`, op `Sign`).
public func sign(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("Sign", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `x == y`, elementwise with broadcasting, as bool (TF's `tf.equal`, op `Equal`).
public func equal(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try comparison("Equal", x, y, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `x != y`, elementwise with broadcasting, as bool (TF's `tf.not_equal`, op `NotEqual`).
public func notEqual(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try comparison("NotEqual", x, y, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `x <= y`, elementwise with broadcasting, as bool (TF's `tf.less_equal`, op `LessEqual`).
public func lessEqual(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try comparison("LessEqual", x, y, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `x < y`, elementwise with broadcasting, as bool (TF's `tf.less`, op `Less`).
public func less(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try comparison("Less", x, y, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `x > y`, elementwise with broadcasting, as bool (TF's `tf.greater`, op `Greater`).
public func greater(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try comparison("Greater", x, y, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `x >= y`, elementwise with broadcasting, as bool (TF's `tf.greater_equal` and Python's `>=`, op `GreaterEqual`).
public func greaterEqual(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try comparison("GreaterEqual", x, y, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `x && y`, elementwise with broadcasting (TF's `tf.logical_and`, op `LogicalAnd`).
public func logicalAnd(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try logicalOp("LogicalAnd", x, y, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `x || y`, elementwise with broadcasting (TF's `tf.logical_or`, op `LogicalOr`).
public func logicalOr(
    _ x: any TensorConvertible, _ y: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try logicalOp("LogicalOr", x, y, name: name, location: SourceLocation(fileID: file, line: line))
}

/// A broadcasting logical op of `type` on two bool tensors.
private func logicalOp(
    _ type: String, _ x: any TensorConvertible, _ y: any TensorConvertible, name: String?, location: SourceLocation
) throws -> Tensor {
    try makeOp(
        type, name: name, defaultName: type, inputs: [x.tensor, y.tensor], attrs: [:], location: location,
        shape: .logical
    ).output(0)
}

/// A broadcasting comparison of `type` with a bool result (`Equal` also carries `incompatible_shape_error`).
/// `x <type> c` for a scalar `c` converted inside the comparison's name scope, as TF's
/// Python operators and gradients build it (`Greater/y`, `Equal/y`).
func scalarComparison(
    _ type: String, _ x: Tensor, _ scalar: Double, location: SourceLocation = gradientLocation
) throws -> Tensor {
    try nameScope(nil, defaultName: type) { scope in
        try comparison(
            type, x, constant(HostTensor(scalar: scalar), dtype: x.dtype, name: "y"), name: scope, location: location)
    }
}

private func comparison(
    _ type: String, _ x: any TensorConvertible, _ y: any TensorConvertible, name: String?, location: SourceLocation
) throws -> Tensor {
    let inputs = [x.tensor, y.tensor]
    var attrs: AttrMap = ["T": .type(inputs[0].dtype)]
    if type == "Equal" || type == "NotEqual" { attrs["incompatible_shape_error"] = .bool(true) }
    return try makeOp(
        type, name: name, defaultName: type, inputs: inputs, attrs: attrs, location: location,
        shape: .comparison
    ).output(0)
}

/// `x` converted to `dtype` (TF's `tf.cast`, op `Cast`); floats truncate toward zero when cast to integers.
/// Casting to the tensor's own dtype returns it unchanged, as TF does.
public func cast(
    _ x: any TensorConvertible, to dtype: DType, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    if input.dtype == dtype { return input }
    return try makeOp(
        "Cast", name: name, defaultName: "Cast", inputs: [input],
        attrs: ["SrcT": .type(input.dtype), "DstT": .type(dtype), "Truncate": .bool(false)],
        location: SourceLocation(fileID: file, line: line), shape: .cast
    ).output(0)
}

/// Picks from `x` where `condition` is true, else from `y` (TF1's `tf.where(cond, x, y)`, op `Select`).
/// `condition` has the shape of `x`, or is a vector choosing whole rows.
public func `where`(
    _ condition: any TensorConvertible, _ x: any TensorConvertible, _ y: any TensorConvertible,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try select(condition, x, y, name: name, file: file, line: line)
}

/// Picks from `x` where `condition` is true, else from `y` (TF's `tf.raw_ops.Select`, op `Select`).
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when `x` and `y` differ in shape, or `condition`
///   is neither their shape nor a vector of their first dimension.
public func select(
    _ condition: any TensorConvertible, _ x: any TensorConvertible, _ y: any TensorConvertible,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let inputs = [condition.tensor, x.tensor, y.tensor]
    return try makeOp(
        "Select", name: name, defaultName: "Select", inputs: inputs, attrs: ["T": .type(inputs[1].dtype)],
        location: SourceLocation(fileID: file, line: line), shape: .select
    ).output(0)
}

/// Picks from `x` where `condition` is true, else from `y`, broadcasting all three
/// (TF's `tf.where_v2` / TF2 `tf.where`, op `SelectV2`).
public func whereV2(
    _ condition: any TensorConvertible, _ x: any TensorConvertible, _ y: any TensorConvertible,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let inputs = [condition.tensor, x.tensor, y.tensor]
    return try makeOp(
        "SelectV2", name: name, defaultName: "SelectV2", inputs: inputs, attrs: ["T": .type(inputs[1].dtype)],
        location: SourceLocation(fileID: file, line: line), shape: .selectV2
    ).output(0)
}

/// `x` limited to `[min, max]` (TF's `tf.clip_by_value`: a `Minimum` then a `Maximum`
/// named `clip_by_value`, so the gradient passes at the bounds).
public func clipByValue(
    _ x: any TensorConvertible, min: any TensorConvertible, max: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (t, lo, hi) = (x.tensor, min.tensor, max.tensor)
    return try nameScope(name, defaultName: "clip_by_value", values: [t, lo, hi]) { scope in
        let upper = try minimum(t, hi, file: file, line: line)
        return try maximum(upper, lo, name: scope, file: file, line: line)
    }
}

/// `x` limited to the constant bounds `[min, max]` (TF's `tf.clip_by_value(x, -1.0, 1.0)`:
/// the bounds are `Const`s `clip_by_value/Minimum/y` and `clip_by_value/y`).
public func clipByValue(
    _ x: any TensorConvertible, min: Double, max: Double, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let t = x.tensor
    return try nameScope(name, defaultName: "clip_by_value", values: [t]) { scope in
        let upper = try minimum(t, max, file: file, line: line)
        return try maximum(upper, min, name: scope, file: file, line: line)
    }
}

extension ShapeFunction {
    /// Input 0 converted to `DstT`, its shape unchanged (`Cast`).
    static let cast = ShapeFunction(inputTypes: ["SrcT": 0]) { op in
        let x = try op.input(0)
        return [OutputSpec(dtype: try op.type("DstT"), shape: x.shape)]
    }

    /// `Select(condition, t, e)`: `t` and `e` of one shape, `condition` of their shape or a
    /// vector of their first dimension.
    static let select = ShapeFunction(inputTypes: ["T": 1]) { op in
        try op.requireInputs(3)
        let inputs = op.inputs
        try requireDType(inputs[0], in: [.bool], argument: "condition", opType: op.opType)
        let dtype = try requireSameDType(Array(inputs[1...]), argumentNames: ["t", "e"], opType: op.opType)
        try requireTypeAttr(op, "T", is: dtype)
        guard let shape = inputs[1].shape.merged(with: inputs[2].shape) else {
            throw ScopeFlowError(
                .shapeMismatch,
                "Shapes must be equal rank, but are \(inputs[1].shape.bracketed) and \(inputs[2].shape.bracketed) for "
                    + "'\(op.opName)' (\(op.opType)); give x and y the same shape, or use whereV2 to broadcast.",
                names: [op.opName])
        }
        let cond = inputs[0].shape
        let rowMask = cond.rank == 1 && shape.rank.map { $0 > 1 } == true
        let fits =
            rowMask
            ? Shape([cond.dims![0]]).isCompatible(with: Shape([shape.dims![0]])) : cond.isCompatible(with: shape)
        guard fits else {
            throw ScopeFlowError(
                .shapeMismatch,
                "The condition of '\(op.opName)' (\(op.opType)) has shape \(cond.bracketed) but must have the shape of x "
                    + "and y \(shape.bracketed) or be a vector of their first dimension.",
                names: [op.opName])
        }
        return [OutputSpec(dtype: dtype, shape: shape)]
    }

    /// `SelectV2(condition, t, e)`: all three broadcast against each other.
    static let selectV2 = ShapeFunction(inputTypes: ["T": 1]) { op in
        try op.requireInputs(3)
        let inputs = op.inputs
        try requireDType(inputs[0], in: [.bool], argument: "condition", opType: op.opType)
        let dtype = try requireSameDType(Array(inputs[1...]), argumentNames: ["t", "e"], opType: op.opType)
        try requireTypeAttr(op, "T", is: dtype)
        let values = try inputs[1].shape.broadcast(with: inputs[2].shape, opName: op.opName, opType: op.opType)
        return [
            OutputSpec(
                dtype: dtype, shape: try inputs[0].shape.broadcast(with: values, opName: op.opName, opType: op.opType))
        ]
    }

    /// The raw `ClipByValue(t, clip_value_min, clip_value_max)` (TF's `tf.raw_ops.ClipByValue`):
    /// `t`'s shape, each bound a scalar or of `t`'s shape, or a
    /// ``ScopeFlowError/Code/shapeMismatch``.
    static let clipByValue = ShapeFunction { op in
        try op.requireInputs(3)
        let (x, lo, hi) = (op.inputs[0], op.inputs[1], op.inputs[2])
        let dtype = try requireSameDType(
            [x, lo, hi], argumentNames: ["t", "clip_value_min", "clip_value_max"], opType: op.opType)
        for (bound, argument) in [(lo, "clip_value_min"), (hi, "clip_value_max")]
        where bound.shape.rank != 0 && bound.shape.merged(with: x.shape) == nil {
            throw ScopeFlowError(
                .shapeMismatch,
                "\(argument) must be a scalar or have the shape of t, got \(bound.shape.bracketed) and t "
                    + "\(x.shape.bracketed) for '\(op.opName)' (\(op.opType)); pass a scalar bound or one of t's shape.",
                names: [op.opName])
        }
        return [OutputSpec(dtype: dtype, shape: x.shape)]
    }
}

/// Checks that the type attribute `key`, when set, is `dtype`: for ops whose `T` is not their
/// first input's dtype, which `rawOp` cannot infer (`Select`, `Conv2DBackpropInput` …).
func requireTypeAttr(_ op: ShapeInference, _ key: String, is dtype: DType) throws {
    if let given = op.attrs[key]?.typeValue, given != dtype {
        throw ScopeFlowError(
            .dtypeMismatch,
            "\(op.opType) op '\(op.opName)' has \(key)=\(given) but its data is \(dtype); set \(key) to \(dtype).",
            names: [op.opName])
    }
}
