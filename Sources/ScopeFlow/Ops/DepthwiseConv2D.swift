/// Depthwise 2-D convolution as the op `DepthwiseConv2dNative` (TF's `tf.nn.depthwise_conv2d_native`):
/// channel `c` of the NHWC `input` is convolved with its own filters `filter[:, :, c, m]`, giving
/// output channel `c · multiplier + m` of `in · multiplier` channels.
///
/// - Parameters:
///   - filter: `[height, width, in, multiplier]`, `in` the input's channel count.
///   - strides: Four strides, `[1, sh, sw, 1]`.
///   - padding: `"SAME"` or `"VALID"`.
///   - dilations: Four dilation rates, `[1, dh, dw, 1]`.
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when a rank is not 4 or the filter's third
///   dimension is not the input's channel count; ``ScopeFlowError/Code/invalidArgument`` for
///   malformed strides, dilations or padding.
public func depthwiseConv2dNative(
    _ input: any TensorConvertible, filter: any TensorConvertible, strides: [Int], padding: String,
    dilations: [Int] = [1, 1, 1, 1], name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try depthwiseOp(
        input.tensor, filter.tensor, strides: strides, padding: padding, dilations: dilations, name: name,
        defaultName: "DepthwiseConv2dNative", location: SourceLocation(fileID: file, line: line))
}

/// Depthwise 2-D convolution as TF's `tf.nn.depthwise_conv2d` builds it: in the name scope
/// `depthwise`, the filter's shape (`Shape`) and the rate (`dilation_rate`) as constants, then the
/// `DepthwiseConv2dNative` op named after the scope.
///
/// ```swift
/// // 3 input channels, 2 filters each: 6 output channels
/// let y = try depthwiseConv2d(x, filter: k, strides: [1, 1, 1, 1], padding: "SAME")  // k: [3, 3, 3, 2]
/// ```
///
/// - Parameter rate: The dilation rate along height and width. TF builds a rate above 1 from
///   `SpaceToBatchND` and `BatchToSpaceND`, which ScopeFlow does not have yet: such a rate is an
///   ``ScopeFlowError/Code/unimplemented`` error (``depthwiseConv2dNative(_:filter:strides:padding:dilations:name:file:line:)``
///   takes `dilations` on the op itself).
/// - Throws: what ``depthwiseConv2dNative(_:filter:strides:padding:dilations:name:file:line:)`` throws.
public func depthwiseConv2d(
    _ input: any TensorConvertible, filter: any TensorConvertible, strides: [Int], padding: String,
    rate: [Int] = [1, 1], name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (x, k) = (input.tensor, filter.tensor)
    let location = SourceLocation(fileID: file, line: line)
    try requireUnitRate(rate, "depthwise_conv2d")
    return try nameScope(name, defaultName: "depthwise", values: [x, k]) { scope in
        try rateConstants(filter: k, rate: rate, location: location)
        return try depthwiseOp(
            x, k, strides: strides, padding: padding, dilations: [1, 1, 1, 1], name: scope,
            defaultName: "depthwise", location: location)
    }
}

/// Depthwise then pointwise convolution as TF's `tf.nn.separable_conv2d` builds it: in the name
/// scope `separable_conv2d`, the depthwise filter's shape (`Shape`) and the rate (`dilation_rate`)
/// as constants, a `DepthwiseConv2dNative` named `depthwise`, then a 1×1 `Conv2D` by
/// `pointwiseFilter` (VALID, stride 1) named after the scope.
///
/// - Parameters:
///   - depthwiseFilter: `[height, width, in, multiplier]`.
///   - pointwiseFilter: `[1, 1, in · multiplier, out]`.
///   - rate: The dilation rate; above 1 it is an ``ScopeFlowError/Code/unimplemented`` error, as
///     for ``depthwiseConv2d(_:filter:strides:padding:rate:name:file:line:)``.
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when the pointwise filter is not `1×1` of rank
///   4, and what the two convolutions throw.
public func separableConv2d(
    _ input: any TensorConvertible, depthwiseFilter: any TensorConvertible, pointwiseFilter: any TensorConvertible,
    strides: [Int], padding: String, rate: [Int] = [1, 1], name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> Tensor {
    let (x, depthwise, pointwise) = (input.tensor, depthwiseFilter.tensor, pointwiseFilter.tensor)
    let location = SourceLocation(fileID: file, line: line)
    if let dims = pointwise.shape.dims,
        dims.count != 4 || dims[0].map({ $0 != 1 }) == true
            || dims[1].map({ $0 != 1 }) == true
    {
        throw ScopeFlowError(
            .shapeMismatch,
            "separable_conv2d needs a [1, 1, in, out] pointwise filter, got \(pointwise.shape.bracketed) "
                + "(\(pointwise.name)).", names: [pointwise.name])
    }
    try requireUnitRate(rate, "separable_conv2d")
    return try nameScope(name, defaultName: "separable_conv2d", values: [x, depthwise, pointwise]) { scope in
        try rateConstants(filter: depthwise, rate: rate, location: location)
        let spread = try depthwiseOp(
            x, depthwise, strides: strides, padding: padding, dilations: [1, 1, 1, 1], name: "depthwise",
            defaultName: "depthwise", location: location)
        return try conv2d(spread, filter: pointwise, strides: [1, 1, 1, 1], padding: "VALID", name: scope)
    }
}

/// Throws unless `rate` is two positive rates; above 1 they need ops ScopeFlow lacks.
private func requireUnitRate(_ rate: [Int], _ function: String) throws {
    guard rate.count == 2, rate.allSatisfy({ $0 >= 1 }) else {
        throw ScopeFlowError(.invalidArgument, "\(function) needs two positive rates (height, width), got \(rate).")
    }
    guard rate == [1, 1] else {
        throw ScopeFlowError(
            .unimplemented,
            "\(function) with rate \(rate): TF builds dilation from SpaceToBatchND and BatchToSpaceND, which "
                + "ScopeFlow does not have yet; use depthwiseConv2dNative with dilations [1, \(rate[0]), \(rate[1]), 1]."
        )
    }
}

/// TF's `with_space_to_batch` prologue: the filter's shape and the rate as int32 constants.
private func rateConstants(filter: Tensor, rate: [Int], location: SourceLocation) throws {
    _ = try shape(filter, file: location.fileID, line: location.line)
    _ = try constant(HostTensor(rate.map { Int32($0) }), name: "dilation_rate", location: location)
}

/// The `DepthwiseConv2dNative` op with its shape function.
private func depthwiseOp(
    _ input: Tensor, _ filter: Tensor, strides: [Int], padding: String, dilations: [Int], name: String?,
    defaultName: String, location: SourceLocation
) throws -> Tensor {
    try makeOp(
        "DepthwiseConv2dNative", name: name, defaultName: defaultName, inputs: [input, filter],
        attrs: [
            "T": .type(input.dtype), "strides": .ints(strides), "padding": .string(padding),
            "dilations": .ints(dilations), "data_format": .string("NHWC"), "explicit_paddings": .ints([]),
        ], location: location, shape: .depthwiseConv2D
    ).output(0)
}

extension ShapeFunction {
    /// Depthwise convolution of an NHWC input with a `[height, width, in, multiplier]` filter by
    /// `strides`, `padding` and `dilations` (`DepthwiseConv2dNative`): `in · multiplier` channels.
    static let depthwiseConv2D = ShapeFunction { op in
        try op.requireInputs(2)
        try op.requireNHWC()
        let dtype = try requireSameDType(op.inputs, argumentNames: ["input", "filter"], opType: op.opType)
        try requireRank(op.inputs[0], 4, opName: op.opName)
        try requireRank(op.inputs[1], 4, opName: op.opName)
        let strides = op.attrs["strides"]?.intsValue ?? []
        let dilations = op.attrs["dilations"]?.intsValue ?? [1, 1, 1, 1]
        let padding = op.attrs["padding"]?.stringValue ?? ""
        guard strides.count == 4, dilations.count == 4, strides.allSatisfy({ $0 >= 1 }),
            dilations.allSatisfy({ $0 >= 1 }), padding == "SAME" || padding == "VALID"
        else {
            throw ScopeFlowError(
                .invalidArgument,
                "\(op.opType) '\(op.opName)' needs 4 positive strides, 4 positive dilations and padding \"SAME\" "
                    + "or \"VALID\" (got strides \(strides), dilations \(dilations), padding \"\(padding)\").",
                names: [op.opName])
        }
        let x = op.inputs[0].shape.dims ?? [nil, nil, nil, nil]
        let f = op.inputs[1].shape.dims ?? [nil, nil, nil, nil]
        if let depth = x[3], let filterDepth = f[2], depth != filterDepth {
            throw ScopeFlowError(
                .shapeMismatch,
                "Dimensions must be equal, but are \(depth) and \(filterDepth) for '\(op.opName)' (input depth and "
                    + "the filter's third dimension); give the filter one slice per input channel.",
                names: [op.opName])
        }
        func outputSize(_ size: Int?, _ kernel: Int?, _ dim: Int) throws -> Int? {
            guard let size, let kernel else { return nil }
            if padding == "SAME" { return (size + strides[dim] - 1) / strides[dim] }
            let effective = (kernel - 1) * dilations[dim] + 1
            guard size >= effective else {
                throw ScopeFlowError(
                    .shapeMismatch,
                    "\(op.opType) '\(op.opName)': the window (\(kernel), dilated to \(effective)) is larger than the "
                        + "input (\(size)) with VALID padding; use a smaller filter or SAME padding.",
                    names: [op.opName])
            }
            return (size - effective) / strides[dim] + 1
        }
        let channels = x[3].flatMap { c in f[3].map { c * $0 } }
        let shape = Shape([x[0], try outputSize(x[1], f[0], 1), try outputSize(x[2], f[1], 2), channels])
        return [OutputSpec(dtype: dtype, shape: shape)]
    }
}
