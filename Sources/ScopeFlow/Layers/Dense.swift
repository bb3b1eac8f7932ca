/// A fully connected layer, `activation(inputs · kernel + bias)` (TF's
/// `tf.compat.v1.layers.dense`), applied along the last axis of the inputs.
///
/// Variables `<scope>/kernel` (`[inputs, units]`, glorot uniform unless the
/// scope or `kernelInitializer` says otherwise) and `<scope>/bias` (zeros);
/// ops `<scope>/MatMul` (for inputs of rank above 2, TF's `<scope>/Tensordot` reshapes
/// around it), `<scope>/BiasAdd` and the activation's. The scope is
/// `name`, or `dense` made unique (`dense`, `dense_1` …) when `name` is nil.
/// As in TF, calling a layer again with the same name needs `reuse: .reuse`. A new kernel or bias
/// with a regularizer (`kernelRegularizer`, `biasRegularizer`) adds its penalty
/// (`<scope>/kernel/Regularizer/…`) to ``GraphKeys/regularizationLosses``.
///
/// ```swift
/// let hidden = try dense(x, units: 10, activation: .relu)   // dense/kernel, dense/bias
/// let logits = try dense(hidden, units: 2)                  // dense_1/kernel, dense_1/bias
/// ```
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when the inputs are not a
///   matrix with a known last dimension, or of rank above 2 without a fully known shape; errors of
///   ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)``.
public func dense(
    _ inputs: any TensorConvertible, units: Int, activation: Activation? = nil, useBias: Bool = true,
    kernelInitializer: Initializer? = nil, biasInitializer: Initializer = .zeros,
    kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil, trainable: Bool = true,
    name: String? = nil, reuse: Reuse = .inherit
) throws -> Tensor {
    let x = inputs.tensor
    guard let rank = x.shape.rank, rank >= 2, let depth = x.shape.dims?[rank - 1] else {
        throw ScopeFlowError(
            .shapeMismatch,
            "dense needs inputs of rank 2 or more with a known last dimension, not \(x.name) of shape \(x.shape); "
                + "reshape them to [batch, features] first.",
            names: [x.name])
    }
    return try layerScope(name, defaultName: "dense", values: [x], reuse: reuse) {
        // TF's Dense builds both variables before its first op.
        let kernel = try layerWeight(
            "kernel", shape: [depth, units], dtype: x.dtype, initializer: kernelInitializer,
            regularizer: kernelRegularizer, trainable: trainable)
        let bias =
            try useBias
            ? layerWeight(
                "bias", shape: [units], dtype: x.dtype, initializer: biasInitializer, regularizer: biasRegularizer,
                trainable: trainable)
            : nil
        let product = try rank == 2 ? matmul(x, kernel) : tensordotLastAxis(x, kernel.tensor)
        let outputs = try bias.map { try biasAdd(product, $0) } ?? product
        return try activation?(outputs) ?? outputs
    }
}

/// Runs `body` in a TF1 layer's variable scope: `name` as given, or
/// `defaultName` made unique when nil (TF's legacy `Layer._set_scope`).
func layerScope<R>(
    _ name: String?, defaultName: String, values: [any GraphElement], reuse: Reuse, _ body: () throws -> R
) throws -> R {
    try variableScope(name, defaultName: defaultName, values: values, reuse: name == nil ? .inherit : reuse) { _ in
        try body()
    }
}
