/// A depthwise separable 2-D convolution layer over NHWC inputs (TF's
/// `tf.compat.v1.layers.separable_conv2d`): each input channel convolved with `depthMultiplier`
/// filters of its own, then a 1×1 convolution mixing the channels into `filters` outputs, plus a
/// bias, then `activation`.
///
/// Variables `<scope>/depthwise_kernel` (`[kh, kw, in, depthMultiplier]`), `<scope>/pointwise_kernel`
/// (`[1, 1, in · depthMultiplier, filters]`) and `<scope>/bias`; ops
/// `<scope>/separable_conv2d/…` (as ``separableConv2d(_:depthwiseFilter:pointwiseFilter:strides:padding:rate:name:file:line:)``),
/// `<scope>/BiasAdd` and the activation's. The scope is `name`, or `separable_conv2d` made unique
/// when nil. A new weight with a regularizer adds its penalty to ``GraphKeys/regularizationLosses``.
///
/// ```swift
/// let y = try separableConv2dLayer(x, filters: 32, kernelSize: [3, 3], padding: "same", activation: .relu)
/// ```
///
/// - Parameters:
///   - kernelSize: `[height, width]` of the depthwise filters.
///   - strides: `[height, width]` strides of the depthwise step.
///   - padding: `"valid"` or `"same"` (either case).
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` for inputs that are not NHWC with a known channel
///   count or malformed sizes; ``ScopeFlowError/Code/invalidArgument`` for a `depthMultiplier` or
///   `filters` below 1.
public func separableConv2dLayer(
    _ inputs: any TensorConvertible, filters: Int, kernelSize: [Int], strides: [Int] = [1, 1],
    padding: String = "valid", depthMultiplier: Int = 1, activation: Activation? = nil, useBias: Bool = true,
    depthwiseInitializer: Initializer? = nil, pointwiseInitializer: Initializer? = nil,
    biasInitializer: Initializer = .zeros, depthwiseRegularizer: Regularizer? = nil,
    pointwiseRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil, trainable: Bool = true,
    name: String? = nil, reuse: Reuse = .inherit
) throws -> Tensor {
    let x = inputs.tensor
    guard x.shape.rank == 4, let depth = x.shape.dims?[3], kernelSize.count == 2, strides.count == 2 else {
        throw ScopeFlowError(
            .shapeMismatch,
            "separableConv2dLayer needs NHWC inputs with a known channel count and two kernel sizes and strides, "
                + "not \(x.name) of shape \(x.shape) with kernelSize \(kernelSize), strides \(strides).",
            names: [x.name])
    }
    guard depthMultiplier >= 1, filters >= 1 else {
        throw ScopeFlowError(
            .invalidArgument,
            "separableConv2dLayer needs filters and depthMultiplier of at least 1, got \(filters) and "
                + "\(depthMultiplier).")
    }
    return try layerScope(name, defaultName: "separable_conv2d", values: [x], reuse: reuse) {
        // TF's SeparableConv2D builds its three weights before its first op.
        let depthwise = try layerWeight(
            "depthwise_kernel", shape: [kernelSize[0], kernelSize[1], depth, depthMultiplier], dtype: x.dtype,
            initializer: depthwiseInitializer, regularizer: depthwiseRegularizer, trainable: trainable)
        let pointwise = try layerWeight(
            "pointwise_kernel", shape: [1, 1, depth * depthMultiplier, filters], dtype: x.dtype,
            initializer: pointwiseInitializer, regularizer: pointwiseRegularizer, trainable: trainable)
        let bias =
            try useBias
            ? layerWeight(
                "bias", shape: [filters], dtype: x.dtype, initializer: biasInitializer, regularizer: biasRegularizer,
                trainable: trainable)
            : nil
        let convolved = try separableConv2d(
            x, depthwiseFilter: depthwise, pointwiseFilter: pointwise, strides: [1, strides[0], strides[1], 1],
            padding: padding.uppercased())
        let outputs = try bias.map { try biasAdd(convolved, $0) } ?? convolved
        return try activation?(outputs) ?? outputs
    }
}

/// 2-D average pooling over NHWC inputs (TF's `tf.compat.v1.layers.average_pooling2d`):
/// op `<scope>/AvgPool`, the scope `name` or `average_pooling2d` made unique.
///
/// - Parameters:
///   - poolSize: `[height, width]` of the window.
///   - strides: `[height, width]` strides.
///   - padding: `"valid"` or `"same"` (either case); with `"same"` a window counts only the
///     input pixels it covers, as TF's.
public func averagePooling2d(
    _ inputs: any TensorConvertible, poolSize: [Int], strides: [Int], padding: String = "valid", name: String? = nil
) throws -> Tensor {
    let x = inputs.tensor
    guard poolSize.count == 2, strides.count == 2 else {
        throw ScopeFlowError(
            .invalidArgument,
            "averagePooling2d needs two pool sizes and two strides ([height, width]), got \(poolSize) and \(strides).")
    }
    return try layerScope(name, defaultName: "average_pooling2d", values: [x], reuse: .inherit) {
        try avgPool(x, ksize: [1] + poolSize + [1], strides: [1] + strides + [1], padding: padding.uppercased())
    }
}
