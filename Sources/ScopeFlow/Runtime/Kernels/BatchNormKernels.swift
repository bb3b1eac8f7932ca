/// `FusedBatchNormV3` and `FusedBatchNormGradV3` on the interpreter: TF's CPU kernels for
/// float32 NHWC values, their inputs checked as TF checks them.
enum BatchNormKernels {
    /// `FusedBatchNormV3(x, scale, offset, mean, variance)` → `y`, `batch_mean`,
    /// `batch_variance`, `reserve_space_1` (the batch mean in training, zeros in inference),
    /// `reserve_space_2` (the biased batch variance in training, zeros in inference) and
    /// `reserve_space_3` (a scalar 0, unused on CPU).
    static let fusedBatchNormV3: KernelFactory = { context in
        let attributes = try BatchNormAttributes(context)
        return { inputs in
            try Kernels.expectInputs(inputs, 5, context)
            let x = inputs[0]
            let channels = try channelCount(of: x, "x", context)
            let parameters = try ["scale", "offset", "mean", "variance"].enumerated().map { index, name in
                let checksLength = index < 2 || attributes.readsPopulationStatistics
                return try channelVector(
                    inputs[index + 1], name, channels: checksLength ? channels : nil, of: x, attributes, context)
            }
            let xValues = try typedValues(x, as: Float.self, input: "x", context: context)
            let reserveSpace3 = floats([0], shape: [])
            guard x.count > 0 else {
                // TF's answer for an empty batch: NaN statistics, zero reserve spaces.
                let nan = [Float](repeating: .nan, count: channels)
                let zero = [Float](repeating: 0, count: channels)
                return [x, floats(nan), floats(nan), floats(zero), floats(zero), reserveSpace3]
            }
            let reads = attributes.readsPopulationStatistics
            let table = (reads ? parameters : Array(parameters[..<2])).flatMap { $0 }
            var statistics = [Float](repeating: 0, count: 5 * channels)
            let forward = BatchNormForward(
                rows: BatchNormRows(rows: x.count / channels, channels: channels), attributes: attributes)
            let y = [Float](unsafeUninitializedCapacity: x.count) { yBuffer, initialized in
                xValues.withUnsafeBufferPointer { xBuffer in
                    table.withUnsafeBufferPointer { tableBuffer in
                        statistics.withUnsafeMutableBufferPointer { statisticsBuffer in
                            withUnsafeTemporaryAllocation(of: Double.self, capacity: channels) { sums in
                                let (p, s) = (tableBuffer.baseAddress!, statisticsBuffer.baseAddress!)
                                forward.run(
                                    BatchNormForward.Buffers(
                                        x: xBuffer.baseAddress!, scale: p, offset: p + channels,
                                        mean: reads ? p + 2 * channels : nil,
                                        variance: reads ? p + 3 * channels : nil, y: yBuffer.baseAddress!, batchMean: s,
                                        batchVariance: s + channels, savedMean: s + 2 * channels,
                                        savedVariance: s + 3 * channels, factor: s + 4 * channels,
                                        sums: sums.baseAddress!))
                            }
                        }
                    }
                }
                initialized = x.count
            }
            let vectors = (0..<4).map { floats(Array(statistics[($0 * channels)..<(($0 + 1) * channels)])) }
            return [floats(y, shape: x.shape)] + vectors + [reserveSpace3]
        }
    }

    /// `FusedBatchNormGradV3(y_backprop, x, scale, reserve_space_1, reserve_space_2,
    /// reserve_space_3)` → `x_backprop`, `scale_backprop`, `offset_backprop` and two empty
    /// vectors (`reserve_space_4/5`). In training `reserve_space_1/2` are the forward op's batch
    /// mean and biased variance; in inference, the population mean and variance.
    static let fusedBatchNormGradV3: KernelFactory = { context in
        let attributes = try BatchNormAttributes(context)
        return { inputs in
            try Kernels.expectInputs(inputs, 6, context)
            let (dy, x) = (inputs[0], inputs[1])
            _ = try channelCount(of: dy, "y_backprop", context)
            let channels = try channelCount(of: x, "x", context)
            guard dy.shape == x.shape else {
                throw ScopeFlowError(
                    .shapeMismatch,
                    "\(context.opType) '\(context.opName)': x and y_backprop must have the same shape, got "
                        + "\(x.shape) and \(dy.shape); pass the gradient of the forward op's y.",
                    names: [context.opName])
            }
            let parameters = try ["scale", "reserve_space_1", "reserve_space_2"].enumerated().map { index, name in
                try channelVector(inputs[index + 2], name, channels: channels, of: x, attributes, context)
            }
            let dyValues = try typedValues(dy, as: Float.self, input: "y_backprop", context: context)
            let xValues = try typedValues(x, as: Float.self, input: "x", context: context)
            let empty = floats([], shape: [0])
            guard x.count > 0 else {
                let zero = floats([Float](repeating: 0, count: channels))
                return [x, zero, zero, empty, empty]
            }
            let table = parameters.flatMap { $0 }
            var results = [Float](repeating: 0, count: 5 * channels)
            let gradient = BatchNormGradient(
                rows: BatchNormRows(rows: x.count / channels, channels: channels), attributes: attributes)
            let dx = [Float](unsafeUninitializedCapacity: x.count) { dxBuffer, initialized in
                dyValues.withUnsafeBufferPointer { dyBuffer in
                    xValues.withUnsafeBufferPointer { xBuffer in
                        table.withUnsafeBufferPointer { tableBuffer in
                            results.withUnsafeMutableBufferPointer { resultBuffer in
                                withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * channels) { sums in
                                    let (p, r) = (tableBuffer.baseAddress!, resultBuffer.baseAddress!)
                                    gradient.run(
                                        BatchNormGradient.Buffers(
                                            dy: dyBuffer.baseAddress!, x: xBuffer.baseAddress!, scale: p,
                                            mean: p + channels, variance: p + 2 * channels, dx: dxBuffer.baseAddress!,
                                            dScale: r, dOffset: r + channels, coefficients: r + 2 * channels,
                                            sums: sums.baseAddress!))
                                }
                            }
                        }
                    }
                }
                initialized = x.count
            }
            let dScale = floats(Array(results[0..<channels]))
            let dOffset = floats(Array(results[channels..<(2 * channels)]))
            return [floats(dx, shape: x.shape), dScale, dOffset, empty, empty]
        }
    }

    /// The channel count of a rank-4 NHWC input.
    private static func channelCount(of tensor: HostTensor, _ name: String, _ context: KernelContext) throws -> Int {
        guard tensor.shape.count == 4 else {
            throw ScopeFlowError(
                .shapeMismatch,
                "\(context.opType) '\(context.opName)' needs a rank-4 NHWC \(name), got shape \(tensor.shape); "
                    + "reshape it to [batch, height, width, channels].", names: [context.opName])
        }
        return tensor.shape[3]
    }

    /// The float32 values of a rank-1 channel parameter, checked to hold one value per channel
    /// of `x` when `channels` is given (TF reads `mean` and `variance` only when it needs them).
    private static func channelVector(
        _ tensor: HostTensor, _ name: String, channels: Int?, of x: HostTensor, _ attributes: BatchNormAttributes,
        _ context: KernelContext
    ) throws -> [Float] {
        let op = "\(context.opType) '\(context.opName)'"
        guard tensor.shape.count == 1 else {
            throw ScopeFlowError(
                .shapeMismatch, "\(op) needs \(name) as a vector (rank 1), got shape \(tensor.shape).",
                names: [context.opName])
        }
        if let channels, tensor.shape[0] != channels {
            let when =
                name == "mean" || name == "variance"
                ? (attributes.isTraining ? "When exponential_avg_factor != 1, " : "When is_training=false, ") : ""
            throw ScopeFlowError(
                .shapeMismatch,
                "\(op): \(when)\(name) must have the same number of elements as the channels of x, got "
                    + "\(tensor.shape[0]) and \(channels) (x has shape \(x.shape)); give one value per channel.",
                names: [context.opName])
        }
        return try typedValues(tensor, as: Float.self, input: name, context: context)
    }

    /// A float32 tensor of `values`, a vector unless `shape` says otherwise.
    private static func floats(_ values: [Float], shape: [Int]? = nil) -> HostTensor {
        HostTensor(uncheckedStorage: .float32(values), shape: shape ?? [values.count])
    }
}
