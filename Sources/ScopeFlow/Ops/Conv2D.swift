/// 2-D convolution of an NHWC `input` with an HWIO `filter` (TF's `tf.nn.conv2d`, op `Conv2D`).
///
/// - Parameters:
///   - strides: Four strides, `[1, sh, sw, 1]`.
///   - padding: `"SAME"` or `"VALID"`.
///   - dilations: Four dilation rates, `[1, dh, dw, 1]`.
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when ranks or depths do not fit.
public func conv2d(
    _ input: any TensorConvertible, filter: any TensorConvertible, strides: [Int], padding: String,
    dilations: [Int] = [1, 1, 1, 1], name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try conv2dOp(
        input.tensor, filter.tensor, strides: strides, padding: padding, explicitPaddings: [], dilations: dilations,
        name: name, location: SourceLocation(fileID: file, line: line))
}

/// 2-D convolution with explicit zero padding (TF's `tf.nn.conv2d` given a list as `padding`:
/// op `Conv2D` with `padding` `"EXPLICIT"` and the pairs flattened into `explicit_paddings`).
///
/// ```swift
/// // one row on top, two at the bottom, one column on the right
/// let y = try conv2d(x, filter: k, strides: [1, 1, 1, 1], padding: [[0, 0], [1, 2], [0, 1], [0, 0]])
/// ```
///
/// - Parameter padding: Four `[before, after]` pairs, one per NHWC dimension; the batch and
///   channel pairs must be `[0, 0]`.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for malformed padding, and what
///   ``conv2d(_:filter:strides:padding:dilations:name:file:line:)`` throws.
public func conv2d(
    _ input: any TensorConvertible, filter: any TensorConvertible, strides: [Int], padding: [[Int]],
    dilations: [Int] = [1, 1, 1, 1], name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let flat = padding.flatMap { $0 }
    guard padding.count == 4, padding.allSatisfy({ $0.count == 2 }), flat.allSatisfy({ $0 >= 0 }),
        padding[0] == [0, 0], padding[3] == [0, 0]
    else {
        throw ScopeFlowError(
            .invalidArgument,
            "conv2d explicit padding must be four non-negative [before, after] pairs with [0, 0] for the batch and "
                + "channel dimensions, got \(padding); pad only height and width, e.g. [[0, 0], [1, 1], [1, 1], [0, 0]]."
        )
    }
    return try conv2dOp(
        input.tensor, filter.tensor, strides: strides, padding: "EXPLICIT", explicitPaddings: flat,
        dilations: dilations, name: name, location: SourceLocation(fileID: file, line: line))
}

/// The `Conv2D` op with its shape function; `explicitPaddings` is TF's flat attr (empty unless `"EXPLICIT"`).
private func conv2dOp(
    _ input: Tensor, _ filter: Tensor, strides: [Int], padding: String, explicitPaddings: [Int], dilations: [Int],
    name: String?, location: SourceLocation
) throws -> Tensor {
    let inputs = [input, filter]
    let graph = try Graph.forInputs(inputs)
    let op = try graph.addOperation(
        type: "Conv2D", name: name, defaultName: "Conv2D", inputs: inputs,
        attrs: [
            "T": .type(inputs[0].dtype), "strides": .ints(strides), "padding": .string(padding),
            "dilations": .ints(dilations), "data_format": .string("NHWC"), "use_cudnn_on_gpu": .bool(true),
            "explicit_paddings": .ints(explicitPaddings),
        ],
        location: location, shape: .conv2D)
    return op.output(0)
}

extension ShapeFunction {
    /// 2-D convolution of an NHWC input with an HWIO filter by `strides`, `padding`
    /// (`explicit_paddings` when `"EXPLICIT"`) and `dilations` (`Conv2D`).
    static let conv2D = ShapeFunction { op in
        try op.requireInputs(2)
        try op.requireNHWC()
        let inputs = op.inputs
        let strides = op.attrs["strides"]?.intsValue ?? []
        let padding = op.attrs["padding"]?.stringValue ?? ""
        let explicitPaddings = op.attrs["explicit_paddings"]?.intsValue ?? []
        let dilations = op.attrs["dilations"]?.intsValue ?? []
        let dtype = try requireSameDType(inputs, argumentNames: ["input", "filter"], opType: op.opType)
        try requireRank(inputs[0], 4, opName: op.opName)
        try requireRank(inputs[1], 4, opName: op.opName)
        let explicit = padding == "EXPLICIT" && explicitPaddings.count == 8
        guard strides.count == 4, dilations.count == 4, padding == "SAME" || padding == "VALID" || explicit else {
            throw ScopeFlowError(
                .invalidArgument,
                "\(op.opType) '\(op.opName)' needs 4 strides, 4 dilations and padding \"SAME\", \"VALID\" or explicit "
                    + "pairs (got strides \(strides), dilations \(dilations), padding \"\(padding)\").",
                names: [op.opName])
        }
        let x = inputs[0].shape.dims ?? [nil, nil, nil, nil]
        let f = inputs[1].shape.dims ?? [nil, nil, nil, nil]
        if let depth = x[3], let filterDepth = f[2], filterDepth > 0, depth % filterDepth != 0 {
            throw ScopeFlowError(
                .shapeMismatch,
                "Depth of input (\(depth)) is not a multiple of input depth of filter (\(filterDepth)) for "
                    + "'\(op.opName)'; the filter's third dimension must divide the input's channels.",
                names: [op.opName])
        }
        func outputSize(_ size: Int?, _ kernel: Int?, _ dim: Int) -> Int? {
            guard let size, let kernel else { return nil }
            let effective = (kernel - 1) * dilations[dim] + 1
            let padded =
                explicitPaddings.isEmpty ? size : size + explicitPaddings[2 * dim] + explicitPaddings[2 * dim + 1]
            return padding == "SAME"
                ? (size + strides[dim] - 1) / strides[dim]
                : Swift.max(0, (padded - effective + strides[dim]) / strides[dim])
        }
        let shape = Shape([x[0], outputSize(x[1], f[0], 1), outputSize(x[2], f[1], 2), f[3]])
        return [OutputSpec(dtype: dtype, shape: shape)]
    }

    /// The gradient of a convolution by its input: the shape the 1-D `input_sizes` (input 0)
    /// holds, of the filter's dtype (`Conv2DBackpropInput`).
    static let conv2DBackpropInput = ShapeFunction(inputTypes: ["T": 1]) { op in
        try op.requireInputs(3)
        try op.requireNHWC()
        try requireTypeAttr(op, "T", is: op.inputs[1].dtype)
        return [OutputSpec(dtype: op.inputs[1].dtype, shape: try shapeHeld(by: op.inputs[0], for: op.opName))]
    }

    /// The gradient of a convolution by its filter: the shape the 1-D `filter_sizes` (input 1)
    /// holds, of the input's dtype (`Conv2DBackpropFilter`).
    static let conv2DBackpropFilter = ShapeFunction { op in
        try op.requireInputs(3)
        try op.requireNHWC()
        return [OutputSpec(dtype: op.inputs[0].dtype, shape: try shapeHeld(by: op.inputs[1], for: op.opName))]
    }
}
