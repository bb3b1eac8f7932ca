/// `value + bias` along the channel dimension (TF's `tf.nn.bias_add`, op `BiasAdd`).
/// - Parameter dataFormat: `"NHWC"` (channels last) or `"NCHW"` (channels second).
public func biasAdd(
    _ value: any TensorConvertible, _ bias: any TensorConvertible, dataFormat: String = "NHWC", name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let inputs = [value.tensor, bias.tensor]
    return try makeOp(
        "BiasAdd", name: name, defaultName: "BiasAdd", inputs: inputs,
        attrs: ["T": .type(inputs[0].dtype), "data_format": .string(dataFormat)], location: SourceLocation(fileID: file, line: line)
    ) { opName in
        let dtype = try requireSameDType(inputs, argumentNames: ["value", "bias"], opType: "BiasAdd")
        try requireRank(inputs[1], 1, opName: opName)
        guard let dims = inputs[0].shape.dims else { return [OutputSpec(dtype: dtype, shape: .unknown)] }
        guard dims.count >= 2 else {
            throw ScopeFlowError(.shapeMismatch, "Shape must be at least rank 2 but is rank \(dims.count) for '\(opName)' (BiasAdd).", names: [opName])
        }
        let channel = dataFormat == "NCHW" ? 1 : dims.count - 1
        if let c = dims[channel], let b = inputs[1].shape.dims?[0], c != b {
            throw ScopeFlowError(
                .shapeMismatch,
                "Dimensions must be equal, but are \(c) and \(b) for '{{node \(opName)}} = BiasAdd' with input shapes: "
                    + "\(inputs[0].shape.bracketed), \(inputs[1].shape.bracketed); the bias needs one value per channel.",
                names: [opName])
        }
        var out = dims
        out[channel] = dims[channel] ?? inputs[1].shape.dims?[0]
        return [OutputSpec(dtype: dtype, shape: Shape(out))]
    }.output(0)
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
            throw ScopeFlowError(.shapeMismatch, "\(type) needs logits of rank >= 1, got a scalar \(input.name).", names: [input.name])
        }
        return try unaryOp(type, input, name: name, location: location)
    }
    var perm = Array(0..<rank)
    perm.swapAt(a, rank - 1)
    return try input.graph.asDefault {
        let moved = try transpose(input, perm: perm, file: location.fileID, line: location.line)
        return try transpose(unaryOp(type, moved, name: name, location: location), perm: perm)
    }
}

/// `sum(x²) / 2` (TF's `tf.nn.l2_loss`, op `L2Loss`).
public func l2Loss(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    return try makeOp(
        "L2Loss", name: name, defaultName: "L2Loss", inputs: [input], attrs: ["T": .type(input.dtype)],
        location: SourceLocation(fileID: file, line: line)
    ) { _ in [OutputSpec(dtype: input.dtype, shape: .scalar)] }.output(0)
}

/// Max pooling of an NHWC `value` (TF's `tf.nn.max_pool`, op `MaxPool`).
public func maxPool(
    _ value: any TensorConvertible, ksize: [Int], strides: [Int], padding: String, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try pool("MaxPool", value, ksize: ksize, strides: strides, padding: padding, name: name, location: SourceLocation(fileID: file, line: line))
}

/// Average pooling of an NHWC `value`; SAME windows average real cells only (TF's `tf.nn.avg_pool`, op `AvgPool`).
public func avgPool(
    _ value: any TensorConvertible, ksize: [Int], strides: [Int], padding: String, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try pool("AvgPool", value, ksize: ksize, strides: strides, padding: padding, name: name, location: SourceLocation(fileID: file, line: line))
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
    return try makeOp(type, name: name, defaultName: type, inputs: [input], attrs: attrs, location: location) { opName in
        try requireRank(input, 4, opName: opName)
        guard ksize.count == 4, strides.count == 4, ksize.allSatisfy({ $0 > 0 }), strides.allSatisfy({ $0 > 0 }),
            padding == "SAME" || padding == "VALID"
        else {
            throw ScopeFlowError(
                .invalidArgument,
                "\(type) '\(opName)' needs 4 positive ksize and strides and padding \"SAME\" or \"VALID\" "
                    + "(got ksize \(ksize), strides \(strides), padding \"\(padding)\").",
                names: [opName])
        }
        let x = input.shape.dims ?? [nil, nil, nil, nil]
        func size(_ n: Int?, _ k: Int, _ s: Int) -> Int? {
            n.map { padding == "SAME" ? ($0 + s - 1) / s : Swift.max(0, ($0 - k + s) / s) }
        }
        return [OutputSpec(dtype: input.dtype, shape: Shape([x[0], size(x[1], ksize[1], strides[1]), size(x[2], ksize[2], strides[2]), x[3]]))]
    }.output(0)
}
