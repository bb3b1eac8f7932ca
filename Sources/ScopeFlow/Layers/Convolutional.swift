/// A 2-D convolution layer over NHWC inputs, `activation(conv2d(inputs, kernel) + bias)`
/// (TF's `tf.compat.v1.layers.conv2d`).
///
/// Variables `<scope>/kernel` (`[kh, kw, in, filters]`) and `<scope>/bias`;
/// ops `<scope>/Conv2D`, `<scope>/BiasAdd` and the activation's. The scope is
/// `name`, or `conv2d` made unique when nil. A new kernel or bias with a regularizer adds its
/// penalty (`<scope>/kernel/Regularizer/…`) to ``GraphKeys/regularizationLosses``.
///
/// - Parameters:
///   - kernelSize: `[height, width]` of the filter.
///   - strides: `[height, width]` strides.
///   - padding: `"valid"` or `"same"` (either case).
public func conv2dLayer(
    _ inputs: any TensorConvertible, filters: Int, kernelSize: [Int], strides: [Int] = [1, 1],
    padding: String = "valid", activation: Activation? = nil, useBias: Bool = true,
    kernelInitializer: Initializer? = nil, biasInitializer: Initializer = .zeros,
    kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil, trainable: Bool = true,
    name: String? = nil, reuse: Reuse = .inherit
) throws -> Tensor {
    let x = inputs.tensor
    guard x.shape.rank == 4, let depth = x.shape.dims?[3], kernelSize.count == 2, strides.count == 2 else {
        throw ScopeFlowError(
            .shapeMismatch,
            "conv2dLayer needs NHWC inputs with a known channel count and two kernel sizes and strides, not "
                + "\(x.name) of shape \(x.shape) with kernelSize \(kernelSize), strides \(strides).",
            names: [x.name])
    }
    return try layerScope(name, defaultName: "conv2d", values: [x], reuse: reuse) {
        // TF's Conv2D layer builds both variables before its first op.
        let kernel = try layerWeight(
            "kernel", shape: [kernelSize[0], kernelSize[1], depth, filters], dtype: x.dtype,
            initializer: kernelInitializer, regularizer: kernelRegularizer, trainable: trainable)
        let bias =
            try useBias
            ? layerWeight(
                "bias", shape: [filters], dtype: x.dtype, initializer: biasInitializer, regularizer: biasRegularizer,
                trainable: trainable)
            : nil
        let convolved = try conv2d(
            x, filter: kernel, strides: [1, strides[0], strides[1], 1], padding: padding.uppercased())
        let outputs = try bias.map { try biasAdd(convolved, $0) } ?? convolved
        return try activation?(outputs) ?? outputs
    }
}

/// 2-D max pooling over NHWC inputs (TF's `tf.compat.v1.layers.max_pooling2d`):
/// op `<scope>/MaxPool`, the scope `name` or `max_pooling2d` made unique.
public func maxPooling2d(
    _ inputs: any TensorConvertible, poolSize: [Int], strides: [Int], padding: String = "valid", name: String? = nil
) throws -> Tensor {
    let x = inputs.tensor
    return try layerScope(name, defaultName: "max_pooling2d", values: [x], reuse: .inherit) {
        try maxPool(
            x, ksize: [1] + poolSize + [1], strides: [1] + strides + [1], padding: padding.uppercased())
    }
}
