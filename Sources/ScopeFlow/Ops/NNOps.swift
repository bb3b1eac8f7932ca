/// `value + bias` along the channel dimension (TF's `tf.nn.bias_add`, op `BiasAdd`).
/// - Parameter dataFormat: `"NHWC"` (channels last) or `"NCHW"` (channels second).
public func biasAdd(
    _ value: any TensorConvertible, _ bias: any TensorConvertible, dataFormat: String = "NHWC", name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let inputs = [value.tensor, bias.tensor]
    return try makeOp(
        "BiasAdd", name: name, defaultName: "BiasAdd", inputs: inputs,
        attrs: ["T": .type(inputs[0].dtype), "data_format": .string(dataFormat)],
        location: SourceLocation(fileID: file, line: line),
        shape: .biasAdd
    ).output(0)
}

/// `matmul(x, weights) + biases` (TF's `tf.nn.xw_plus_b`): in the name scope `xw_plus_b`, a
/// `MatMul` (`xw_plus_b/MatMul`) and the `BiasAdd` named after the scope.
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when the shapes do not line up.
public func xwPlusB(
    _ x: any TensorConvertible, weights: any TensorConvertible, biases: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (input, w, b) = (x.tensor, weights.tensor, biases.tensor)
    return try nameScope(name, defaultName: "xw_plus_b", values: [input, w, b]) { scope in
        try biasAdd(matmul(input, w, file: file, line: line), b, name: scope, file: file, line: line)
    }
}

/// The softmax along `axis` (TF's `tf.nn.softmax`, op `Softmax` over the last axis; another
/// axis is moved last and back with `Transpose`s, which TF builds with more shape ops).
public func softmax(
    _ logits: any TensorConvertible, axis: Int = -1, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try lastAxisOp("Softmax", logits, axis: axis, name: name, location: SourceLocation(fileID: file, line: line))
}

/// The log of the softmax along `axis` (TF's `tf.nn.log_softmax`, op `LogSoftmax`).
public func logSoftmax(
    _ logits: any TensorConvertible, axis: Int = -1, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try lastAxisOp("LogSoftmax", logits, axis: axis, name: name, location: SourceLocation(fileID: file, line: line))
}

/// A shape-preserving op over the last axis, applied to `axis` by swapping it last.
private func lastAxisOp(
    _ type: String, _ x: any TensorConvertible, axis: Int, name: String?, location: SourceLocation
) throws -> Tensor {
    let input = x.tensor
    guard let rank = input.shape.rank, let a = try normalizedAxis(axis, rank: rank, opName: type), a != rank - 1 else {
        if input.shape.rank == 0 {
            throw ScopeFlowError(
                .shapeMismatch, "\(type) needs logits of rank >= 1, got a scalar \(input.name).", names: [input.name])
        }
        return try lastAxisOp(type, input, name: name, location: location)
    }
    var perm = Array(0..<rank)
    perm.swapAt(a, rank - 1)
    return try input.graph.asDefault {
        let moved = try transpose(input, perm: perm, file: location.fileID, line: location.line)
        return try transpose(lastAxisOp(type, moved, name: name, location: location), perm: perm)
    }
}

/// The `Softmax` or `LogSoftmax` op itself, over `x`'s last axis.
private func lastAxisOp(_ type: String, _ x: Tensor, name: String?, location: SourceLocation) throws -> Tensor {
    try x.graph.addOperation(
        type: type, name: name, defaultName: type, inputs: [x], attrs: ["T": .type(x.dtype)], location: location,
        shape: .softmax
    ).output(0)
}

/// `sum(x²) / 2` (TF's `tf.nn.l2_loss`, op `L2Loss`).
public func l2Loss(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    return try makeOp(
        "L2Loss", name: name, defaultName: "L2Loss", inputs: [input], attrs: ["T": .type(input.dtype)],
        location: SourceLocation(fileID: file, line: line), shape: .l2Loss
    ).output(0)
}

/// Max pooling of an NHWC `value` (TF's `tf.nn.max_pool`, op `MaxPool`).
public func maxPool(
    _ value: any TensorConvertible, ksize: [Int], strides: [Int], padding: String, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try pool(
        "MaxPool", value, ksize: ksize, strides: strides, padding: padding, name: name,
        location: SourceLocation(fileID: file, line: line))
}

/// Average pooling of an NHWC `value`; SAME windows average real cells only (TF's `tf.nn.avg_pool`, op `AvgPool`).
public func avgPool(
    _ value: any TensorConvertible, ksize: [Int], strides: [Int], padding: String, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try pool(
        "AvgPool", value, ksize: ksize, strides: strides, padding: padding, name: name,
        location: SourceLocation(fileID: file, line: line))
}

/// A 2-D pooling op with TF's output-size rule.
private func pool(
    _ type: String, _ value: any TensorConvertible, ksize: [Int], strides: [Int], padding: String, name: String?,
    location: SourceLocation
) throws -> Tensor {
    let input = value.tensor
    var attrs: AttrMap = [
        "T": .type(input.dtype), "ksize": .ints(ksize), "strides": .ints(strides), "padding": .string(padding),
        "data_format": .string("NHWC"),
    ]
    if type == "MaxPool" { attrs["explicit_paddings"] = .ints([]) }
    return try makeOp(
        type, name: name, defaultName: type, inputs: [input], attrs: attrs, location: location, shape: .pool
    )
    .output(0)
}

extension ShapeFunction {
    /// `value + bias` along the channel dimension `data_format` names (`BiasAdd`).
    static let biasAdd = ShapeFunction { op in
        try op.requireInputs(2)
        let inputs = op.inputs
        let dataFormat = op.attrs["data_format"]?.stringValue ?? "NHWC"
        let dtype = try requireSameDType(inputs, argumentNames: ["value", "bias"], opType: op.opType)
        try requireRank(inputs[1], 1, opName: op.opName)
        guard let dims = inputs[0].shape.dims else { return [OutputSpec(dtype: dtype, shape: .unknown)] }
        guard dims.count >= 2 else {
            throw ScopeFlowError(
                .shapeMismatch,
                "Shape must be at least rank 2 but is rank \(dims.count) for '\(op.opName)' (\(op.opType)).",
                names: [op.opName])
        }
        let channel = dataFormat == "NCHW" ? 1 : dims.count - 1
        if let c = dims[channel], let b = inputs[1].shape.dims?[0], c != b {
            throw ScopeFlowError(
                .shapeMismatch,
                "Dimensions must be equal, but are \(c) and \(b) for '{{node \(op.opName)}} = \(op.opType)' with input "
                    + "shapes: \(inputs[0].shape.bracketed), \(inputs[1].shape.bracketed); the bias needs one value per channel.",
                names: [op.opName])
        }
        var out = dims
        out[channel] = dims[channel] ?? inputs[1].shape.dims?[0]
        return [OutputSpec(dtype: dtype, shape: Shape(out))]
    }

    /// The bias gradient: one value per channel of the incoming gradient (`BiasAddGrad`).
    static let biasAddGrad = ShapeFunction { op in
        let g = try op.input(0)
        let channelsFirst = op.attrs["data_format"]?.stringValue == "NCHW"
        let channels = g.shape.dims.flatMap { dims in dims.count >= 2 ? dims[channelsFirst ? 1 : dims.count - 1] : nil }
        return [OutputSpec(dtype: g.dtype, shape: Shape([channels]))]
    }

    /// The input's shape, for logits of rank 1 or more (`Softmax`, `LogSoftmax`).
    static let softmax = ShapeFunction { op in
        let x = try op.input(0)
        if x.shape.rank == 0 {
            throw ScopeFlowError(
                .shapeMismatch, "\(op.opType) needs logits of rank >= 1, got a scalar \(x.name).", names: [x.name])
        }
        return [OutputSpec(dtype: x.dtype, shape: x.shape)]
    }

    /// A scalar of the input's dtype (`L2Loss`).
    static let l2Loss = ShapeFunction { op in
        let x = try op.input(0)
        return [OutputSpec(dtype: x.dtype, shape: .scalar)]
    }

    /// 2-D pooling of an NHWC input by `ksize`, `strides` and `padding`, with TF's output-size
    /// rule (`MaxPool`, `AvgPool`).
    static let pool = ShapeFunction { op in
        let input = try op.input(0)
        try op.requireNHWC()
        let ksize = op.attrs["ksize"]?.intsValue ?? []
        let strides = op.attrs["strides"]?.intsValue ?? []
        let padding = op.attrs["padding"]?.stringValue ?? ""
        try requireRank(input, 4, opName: op.opName)
        guard ksize.count == 4, strides.count == 4, ksize.allSatisfy({ $0 > 0 }), strides.allSatisfy({ $0 > 0 }),
            padding == "SAME" || padding == "VALID"
        else {
            throw ScopeFlowError(
                .invalidArgument,
                "\(op.opType) '\(op.opName)' needs 4 positive ksize and strides and padding \"SAME\" or \"VALID\" "
                    + "(got ksize \(ksize), strides \(strides), padding \"\(padding)\").",
                names: [op.opName])
        }
        let x = input.shape.dims ?? [nil, nil, nil, nil]
        func size(_ n: Int?, _ k: Int, _ s: Int) -> Int? {
            n.map { padding == "SAME" ? ($0 + s - 1) / s : Swift.max(0, ($0 - k + s) / s) }
        }
        return [
            OutputSpec(
                dtype: input.dtype,
                shape: Shape([x[0], size(x[1], ksize[1], strides[1]), size(x[2], ksize[2], strides[2]), x[3]]))
        ]
    }

    /// The gradient of a max pooling: the original input's shape (`MaxPoolGrad`).
    static let maxPoolGrad = ShapeFunction { op in
        try op.requireInputs(3)
        try op.requireNHWC()
        return [OutputSpec(dtype: op.inputs[0].dtype, shape: op.inputs[0].shape)]
    }

    /// The gradient of an average pooling: the shape the 1-D input 0 holds (`AvgPoolGrad`).
    static let avgPoolGrad = ShapeFunction(inputTypes: ["T": 1]) { op in
        try op.requireInputs(2)
        try op.requireNHWC()
        try requireTypeAttr(op, "T", is: op.inputs[1].dtype)
        return [OutputSpec(dtype: op.inputs[1].dtype, shape: try shapeHeld(by: op.inputs[0], for: op.opName))]
    }
}

/// The static shape that the 1-D shape tensor `tensor` describes, as far as it is known at
/// build time: its constant value, or the shape of the tensor a `Shape` / `ShapeN` op
/// measured (TF's `ConstantPartialShape`).
func shapeHeld(by tensor: Tensor, for opName: String) throws -> Shape {
    if tensor.constantValue != nil { return try tensor.constantShape(for: opName) }
    let source = tensor.op
    switch source.type {
    case "Shape": return source.inputs[0].shape
    case "ShapeN": return source.inputs[tensor.index].shape
    default:
        guard let length = tensor.shape.dims?.first ?? nil else { return .unknown }
        return Shape([Int?](repeating: nil, count: length))
    }
}
