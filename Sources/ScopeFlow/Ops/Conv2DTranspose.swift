/// The transpose of a 2-D convolution, NHWC (TF's `tf.compat.v1.nn.conv2d_transpose`): the
/// gradient of `conv2d(y, filter)` by its input `y` of shape `outputShape`, evaluated at
/// `input`, as a `Conv2DBackpropInput` op named `conv2d_transpose` whose sizes are the `Const`
/// `conv2d_transpose/input_sizes`.
///
/// ```swift
/// // [2, 3, 3, 2] → [2, 6, 6, 3] with a [3, 3, 3, 2] filter
/// let y = try conv2dTranspose(x, filter: k, outputShape: [2, 6, 6, 3], strides: [1, 2, 2, 1])
/// ```
///
/// - Parameters:
///   - filter: `[height, width, output channels, input channels]`.
///   - outputShape: The NHWC shape of the result.
///   - strides: Four strides, `[1, sh, sw, 1]`.
///   - padding: `"SAME"` or `"VALID"`.
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when ranks or channel counts do not fit.
public func conv2dTranspose(
    _ input: any TensorConvertible, filter: any TensorConvertible, outputShape: [Int], strides: [Int],
    padding: String = "SAME", name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (x, kernel) = (input.tensor, filter.tensor)
    return try nameScope(name, defaultName: "conv2d_transpose", values: [x, kernel]) { scope in
        try conv2DBackpropInputOp(
            indexVector(outputShape, name: "input_sizes"), kernel, x, strides: strides, padding: padding,
            name: scope, location: SourceLocation(fileID: file, line: line))
    }
}

/// The transpose of a 2-D convolution as the form above, with the output shape computed when the
/// graph runs: a 1-D int32 tensor of four sizes (TF's layer packs it as `stack`).
public func conv2dTranspose(
    _ input: any TensorConvertible, filter: any TensorConvertible, outputShape: Tensor, strides: [Int],
    padding: String = "SAME", name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (x, kernel) = (input.tensor, filter.tensor)
    return try nameScope(name, defaultName: "conv2d_transpose", values: [x, kernel, outputShape]) { scope in
        try conv2DBackpropInputOp(
            outputShape, kernel, x, strides: strides, padding: padding, name: scope,
            location: SourceLocation(fileID: file, line: line))
    }
}

/// A `Conv2DBackpropInput` op (dilations 1, NHWC) after checking what TF's shape function checks:
/// rank-4 operands, four strides, the padding, and the input's channels against the filter's.
private func conv2DBackpropInputOp(
    _ sizes: Tensor, _ filter: Tensor, _ input: Tensor, strides: [Int], padding: String, name: String,
    location: SourceLocation
) throws -> Tensor {
    let padding = padding.uppercased()
    guard strides.count == 4, padding == "SAME" || padding == "VALID" else {
        throw ScopeFlowError(
            .invalidArgument,
            "conv2dTranspose needs four strides [1, sh, sw, 1] and padding \"SAME\" or \"VALID\", got strides "
                + "\(strides) and padding \"\(padding)\".", location: location)
    }
    let depth = input.shape.rank == 4 ? input.shape.dims?[3] : nil
    let filterDepth = filter.shape.rank == 4 ? filter.shape.dims?[3] : nil
    guard input.shape.rank ?? 4 == 4, filter.shape.rank ?? 4 == 4,
        depth == nil || filterDepth == nil || depth == filterDepth
    else {
        throw ScopeFlowError(
            .shapeMismatch,
            "conv2dTranspose needs an NHWC input and a [height, width, out, in] filter whose last dimension is the "
                + "input's channel count, got \(input.name) of shape \(input.shape) and \(filter.name) of shape "
                + "\(filter.shape).", names: [input.name, filter.name], location: location)
    }
    return try makeOp(
        "Conv2DBackpropInput", name: name, defaultName: "Conv2DBackpropInput", inputs: [sizes, filter, input],
        attrs: [
            "T": .type(filter.dtype), "strides": .ints(strides), "padding": .string(padding),
            "dilations": .ints([1, 1, 1, 1]), "data_format": .string("NHWC"), "use_cudnn_on_gpu": .bool(true),
            "explicit_paddings": .ints([]),
        ],
        location: location, shape: .conv2DBackpropInput
    ).output(0)
}
