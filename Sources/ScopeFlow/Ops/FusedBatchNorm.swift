/// Batch normalization of an NHWC `x` in one op (TF's `tf.compat.v1.nn.fused_batch_norm`, op
/// `FusedBatchNormV3`): `y = (x − μ) / √(σ² + epsilon) · scale + offset` per channel.
///
/// In training (`isTraining`), μ and σ² are the batch's mean and biased variance over every
/// axis but the channels, and the returned `mean`/`variance` are the batch mean and the
/// Bessel-corrected (`n / (n − 1)`) batch variance, or, when `exponentialAvgFactor` is not 1,
/// their running averages `(1 − factor) · old + factor · batch` with the given `mean` and
/// `variance` as the old values. In inference, μ and σ² are the given `mean` and `variance`,
/// returned unchanged.
///
/// ```swift
/// let (y, batchMean, batchVariance) = try fusedBatchNorm(x, scale: gamma, offset: beta)
/// let inference = try fusedBatchNorm(
///     x, scale: gamma, offset: beta, mean: movingMean, variance: movingVariance, isTraining: false)
/// ```
///
/// As in TF, a missing `mean` or `variance` becomes an empty float32 `Const` (named `Const`,
/// `Const_1`) that the op does not read.
///
/// - Parameters:
///   - x: A rank-4 float32 tensor, channels last.
///   - scale: One factor per channel (γ).
///   - offset: One offset per channel (β).
///   - mean: The population mean: required in inference and when `exponentialAvgFactor` ≠ 1.
///   - variance: The population variance, required when `mean` is.
///   - dataFormat: `"NHWC"`; the CPU kernels run no other layout.
/// - Returns: `y`, and the batch mean and variance (training) or the given ones (inference).
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `mean` or `variance` is missing but
///   needed, ``ScopeFlowError/Code/unimplemented`` for a layout other than NHWC,
///   ``ScopeFlowError/Code/shapeMismatch`` when ranks or channel counts disagree.
public func fusedBatchNorm(
    _ x: any TensorConvertible, scale: any TensorConvertible, offset: any TensorConvertible,
    mean: (any TensorConvertible)? = nil, variance: (any TensorConvertible)? = nil, epsilon: Double = 0.001,
    dataFormat: String = "NHWC", isTraining: Bool = true, name: String? = nil, exponentialAvgFactor: Double = 1,
    file: String = #fileID, line: Int = #line
) throws -> (y: Tensor, mean: Tensor, variance: Tensor) {
    let location = SourceLocation(fileID: file, line: line)
    if !isTraining || exponentialAvgFactor != 1, mean == nil || variance == nil {
        throw ScopeFlowError(
            .invalidArgument,
            "fusedBatchNorm needs both mean and variance (1-D tensors, one value per channel) when isTraining is "
                + "false or exponentialAvgFactor is not 1; pass the population (moving) mean and variance.",
            location: location)
    }
    let input = x.tensor
    let graph = try Graph.forInputs([input, scale.tensor, offset.tensor])
    return try graph.asDefault {
        let empty = HostTensor([Float]())
        let populationMean = try mean?.tensor ?? constant(empty, location: location)
        let populationVariance = try variance?.tensor ?? constant(empty, location: location)
        let inputs = [input, scale.tensor, offset.tensor, populationMean, populationVariance]
        let op = try makeOp(
            "FusedBatchNormV3", name: name, defaultName: "FusedBatchNormV3", inputs: inputs,
            attrs: [
                "T": .type(input.dtype), "U": .type(inputs[1].dtype), "epsilon": .float(epsilon),
                "exponential_avg_factor": .float(exponentialAvgFactor), "data_format": .string(dataFormat),
                "is_training": .bool(isTraining),
            ],
            location: location, shape: .fusedBatchNormV3)
        return (op.output(0), op.output(1), op.output(2))
    }
}

extension ShapeFunction {
    /// `FusedBatchNormV3`: `y` of `x`'s shape, four vectors of its channel count (the batch or
    /// given statistics, then the reserve spaces) and a `reserve_space_3` of unknown shape, as TF
    /// infers them; the channel parameters TF reads must be vectors of that count.
    static let fusedBatchNormV3 = ShapeFunction(inputTypes: ["T": 0, "U": 1]) { op in
        try op.requireInputs(5)
        try op.requireNHWC()
        let x = op.inputs[0]
        let isTraining = op.attrs["is_training"]?.boolValue ?? true
        let factor = op.attrs["exponential_avg_factor"]?.floatValue ?? 1
        let read = isTraining && factor == 1 ? 2 : 4
        let names = ["scale", "offset", "mean", "variance"]
        let (shape, channels) = try batchNormChannels(
            op, x.shape, Array(op.inputs[1...read]), Array(names[..<read]))
        let (y, statistic) = try batchNormTypes(op, x, Array(op.inputs[1...4]), names)
        let vector = OutputSpec(dtype: statistic, shape: Shape([channels]))
        return [OutputSpec(dtype: y, shape: shape)] + Array(repeating: vector, count: 4)
            + [OutputSpec(dtype: statistic, shape: .unknown)]
    }

    /// `FusedBatchNormGradV3`: `x_backprop` of `x`'s shape, the scale and offset gradients of its
    /// channel count, and two empty vectors (`reserve_space_4/5`).
    static let fusedBatchNormGradV3 = ShapeFunction(inputTypes: ["T": 0, "U": 3]) { op in
        try op.requireInputs(6)
        try op.requireNHWC()
        let (dy, x) = (op.inputs[0], op.inputs[1])
        guard let merged = dy.shape.merged(with: x.shape) else {
            throw ScopeFlowError(
                .shapeMismatch,
                "\(op.opType) '\(op.opName)': y_backprop \(dy.shape) and x \(x.shape) must have the same shape; pass "
                    + "the gradient of the forward op's y.", names: [op.opName])
        }
        let names = ["scale", "reserve_space_1", "reserve_space_2"]
        let (shape, channels) = try batchNormChannels(op, merged, Array(op.inputs[2...4]), names)
        _ = try requireSameDType([x, dy], argumentNames: ["x", "y_backprop"], opType: op.opType)
        let (dx, statistic) = try batchNormTypes(op, x, Array(op.inputs[2...5]), names + ["reserve_space_3"])
        let vector = OutputSpec(dtype: statistic, shape: Shape([channels]))
        let empty = OutputSpec(dtype: statistic, shape: Shape(known: [0]))
        return [OutputSpec(dtype: dx, shape: shape), vector, vector, empty, empty]
    }
}

/// Checks that a batch norm op's NHWC operand of static shape `shape` has rank 4 and that each
/// channel parameter is a vector whose length agrees with its channels; returns the operand's
/// shape with every length learned merged into its channel dimension, and that dimension.
private func batchNormChannels(
    _ op: ShapeInference, _ shape: Shape, _ parameters: [Tensor], _ names: [String]
) throws -> (Shape, Int?) {
    if let rank = shape.rank, rank != 4 {
        throw ScopeFlowError(
            .shapeMismatch,
            "\(op.opType) '\(op.opName)' needs a rank-4 NHWC input, got shape \(shape); reshape it to "
                + "[batch, height, width, channels].", names: [op.opName])
    }
    var channels = shape.dims?[3]
    for (parameter, name) in zip(parameters, names) {
        try requireRank(parameter, 1, opName: op.opName)
        guard let length = parameter.shape.dims?[0] else { continue }
        if let known = channels, known != length {
            throw ScopeFlowError(
                .shapeMismatch,
                "\(op.opType) '\(op.opName)': \(name) has \(length) values but the input has \(known) channels "
                    + "(shape \(shape)); give one value per channel.", names: [op.opName, parameter.name])
        }
        channels = length
    }
    let dims = shape.dims.map { Array($0[..<3]) + [channels] } ?? [nil, nil, nil, channels]
    return (Shape(dims), channels)
}

/// Checks a batch norm op's dtypes as TF's op definitions do: the operand is float16 or
/// float32 (`T`), the channel parameters float32 (`U`); returns both.
private func batchNormTypes(
    _ op: ShapeInference, _ operand: Tensor, _ parameters: [Tensor], _ names: [String]
) throws -> (DType, DType) {
    guard operand.dtype == .float32 || operand.dtype == .float16 else {
        throw ScopeFlowError(
            .dtypeMismatch,
            "\(op.opType) '\(op.opName)' normalizes float16 or float32 values, not \(operand.dtype) (\(operand.name)); "
                + "cast it to float32.", names: [op.opName, operand.name])
    }
    for (parameter, name) in zip(parameters, names) where parameter.dtype != .float32 {
        throw ScopeFlowError(
            .dtypeMismatch,
            "\(op.opType) '\(op.opName)' needs \(name) of type float32, got \(parameter.dtype) (\(parameter.name)); "
                + "cast it to float32.", names: [op.opName, parameter.name])
    }
    return (operand.dtype, .float32)
}
