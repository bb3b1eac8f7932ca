/// A transposed 2-D convolution layer over NHWC inputs, `activation(conv2d_transpose(inputs, kernel) + bias)`
/// (TF's `tf.compat.v1.layers.conv2d_transpose`), the "deconvolution" of DCGAN generators.
///
/// Variables `<scope>/kernel` (`[kh, kw, filters, in]`) and `<scope>/bias`. As TF's layer, it
/// computes the output shape `[batch, height', width', filters]` in the graph: the inputs'
/// `Shape` (a `Const` when static) sliced for the batch (`strided_slice`) and for each spatial
/// size not known statically, which is multiplied by the stride (`mul`) and, for `"valid"`,
/// grown by `max(kernel − stride, 0)` (`add`); the sizes are packed as `stack` (known ones as
/// `Const`s `stack/1` …), and its batch entry is sliced again (`strided_slice_1`, unused, as
/// TF's backend does). The op is `<scope>/conv2d_transpose` (`Conv2DBackpropInput`), then
/// `BiasAdd` and the activation's. The scope is `name`, or `conv2d_transpose` made unique.
///
/// ```swift
/// let up = try conv2dTranspose(h, filters: 8, kernelSize: [5, 5], strides: [2, 2], padding: "same")
/// // [8, 4, 4, 16] → [8, 8, 8, 8]
/// ```
///
/// - Parameters:
///   - kernelSize: `[height, width]` of the filter.
///   - strides: `[height, width]` strides.
///   - padding: `"valid"` or `"same"` (either case).
///   - kernelRegularizer: The penalty a new kernel adds to ``GraphKeys/regularizationLosses``
///     (`<scope>/kernel/Regularizer/…`); `biasRegularizer` likewise for the bias.
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when the inputs are not rank 4 with a known
///   channel count, ``ScopeFlowError/Code/invalidArgument`` for malformed sizes, strides or
///   padding, and what ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)`` throws.
public func conv2dTranspose(
    _ inputs: any TensorConvertible, filters: Int, kernelSize: [Int], strides: [Int] = [1, 1],
    padding: String = "valid", activation: Activation? = nil, useBias: Bool = true,
    kernelInitializer: Initializer? = nil, biasInitializer: Initializer = .zeros,
    kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil, trainable: Bool = true,
    name: String? = nil, reuse: Reuse = .inherit, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let x = inputs.tensor
    let location = SourceLocation(fileID: file, line: line)
    guard x.shape.rank == 4, let depth = x.shape.dims?[3] else {
        throw ScopeFlowError(
            .shapeMismatch,
            "conv2dTranspose needs NHWC inputs of rank 4 with a known channel count, not \(x.name) of shape "
                + "\(x.shape); reshape them to [batch, height, width, channels].", names: [x.name], location: location)
    }
    let paddingName = padding.lowercased()
    guard kernelSize.count == 2, strides.count == 2, (kernelSize + strides).allSatisfy({ $0 > 0 }),
        paddingName == "same" || paddingName == "valid"
    else {
        throw ScopeFlowError(
            .invalidArgument,
            "conv2dTranspose needs two positive kernel sizes and strides and padding \"valid\" or \"same\", got "
                + "kernelSize \(kernelSize), strides \(strides), padding \"\(padding)\".", location: location)
    }
    return try layerScope(name, defaultName: "conv2d_transpose", values: [x], reuse: reuse) {
        // TF's Conv2DTranspose builds both variables before its first op.
        let kernel = try layerWeight(
            "kernel", shape: [kernelSize[0], kernelSize[1], filters, depth], dtype: x.dtype,
            initializer: kernelInitializer, regularizer: kernelRegularizer, trainable: trainable, file: file,
            line: line)
        let bias =
            try useBias
            ? layerWeight(
                "bias", shape: [filters], dtype: x.dtype, initializer: biasInitializer, regularizer: biasRegularizer,
                trainable: trainable, file: file, line: line)
            : nil
        let sizes = try TransposedOutputSize(kernelSize: kernelSize, strides: strides, valid: paddingName == "valid")
        let outputShape = try sizes.outputShape(of: x, filters: filters)
        _ = try outputShape[0]
        let transposed = try conv2dTranspose(
            x, filter: kernel, outputShape: outputShape, strides: [1, strides[0], strides[1], 1],
            padding: paddingName.uppercased(), file: file, line: line)
        try transposed.op.refineShape(ofOutput: 0, to: sizes.staticShape(of: x, filters: filters))
        let outputs = try bias.map { try biasAdd(transposed, $0) } ?? transposed
        return try activation?(outputs) ?? outputs
    }
}

/// The output sizes of a transposed convolution layer (TF's `conv_utils.deconv_output_length`
/// without output padding): `size · stride`, plus `max(kernel − stride, 0)` for `"valid"`.
private struct TransposedOutputSize {
    let kernelSize: [Int]
    let strides: [Int]
    let valid: Bool

    /// The output size of a spatial dimension `axis` (0: height, 1: width) of static size `size`.
    func length(_ size: Int, axis: Int) -> Int {
        size * strides[axis] + (valid ? max(kernelSize[axis] - strides[axis], 0) : 0)
    }

    /// The output size of `axis` from its size computed in the graph: `mul`, and `add` for `"valid"`.
    func length(_ size: Tensor, axis: Int) throws -> Tensor {
        let scaled = try size * Double(strides[axis])
        return try valid ? scaled + Double(max(kernelSize[axis] - strides[axis], 0)) : scaled
    }

    /// `[batch, height', width', filters]` as TF's layer packs it: the batch from `x`'s shape,
    /// each spatial size statically when known, else from the shape too.
    func outputShape(of x: Tensor, filters: Int) throws -> Tensor {
        let dims = x.shape.dims ?? [nil, nil, nil, nil]
        let inputShape = try shape(x)
        let batch = try inputShape[0]
        // Every unknown size is sliced before any output size is computed, as in TF.
        let height: Tensor? = dims[1] == nil ? try inputShape[1] : nil
        let width: Tensor? = dims[2] == nil ? try inputShape[2] : nil
        let outHeight = try entry(height, dims[1], axis: 0)
        let outWidth = try entry(width, dims[2], axis: 1)
        return try packed([.tensor(batch), outHeight, outWidth, .int(filters)])
    }

    /// The output size of `axis` from the size sliced from the shape, or else from the static `size`.
    private func entry(_ sliced: Tensor?, _ size: Int?, axis: Int) throws -> PackEntry {
        if let sliced { return .tensor(try length(sliced, axis: axis)) }
        return .int(length(size ?? 0, axis: axis))
    }

    /// The static shape of the output (TF's `compute_output_shape`, set on the op's output).
    func staticShape(of x: Tensor, filters: Int) -> Shape {
        let dims = x.shape.dims ?? [nil, nil, nil, nil]
        return Shape([dims[0], dims[1].map { length($0, axis: 0) }, dims[2].map { length($0, axis: 1) }, filters])
    }

    /// An entry of a shape list TF packs: a tensor, or a Python int it converts.
    enum PackEntry {
        case tensor(Tensor)
        case int(Int)
    }

    /// TF's auto-packing of a list of int32 tensors and ints: a `Pack` named `stack`, each int a
    /// `Const` named by its position in the list (`stack/1`).
    func packed(_ entries: [PackEntry]) throws -> Tensor {
        try nameScope(nil, defaultName: "stack") { scope in
            let tensors = try entries.enumerated().map { index, entry in
                switch entry {
                case .tensor(let tensor): return tensor
                case .int(let value): return try constant(Int32(value), name: "\(index)")
                }
            }
            return try stack(tensors, name: scope)
        }
    }
}
