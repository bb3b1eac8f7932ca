/// The attributes of `FusedBatchNormV3` and `FusedBatchNormGradV3` that the CPU kernels run:
/// float32 (`T` and `U`) over NHWC values.
struct BatchNormAttributes: Sendable {
    /// Added to the variance before its square root.
    let epsilon: Float
    /// Batch statistics (true) or the given population statistics (false).
    let isTraining: Bool
    /// The weight of the batch statistics in the running averages a training op outputs
    /// (`FusedBatchNormV3` only; 1 for the gradient).
    let exponentialAverageFactor: Float

    /// Reads and checks the attributes, with TF's defaults where one is absent.
    /// - Throws: ``ScopeFlowError/Code/unimplemented`` for a type other than float32 or a
    ///   channels-first layout, ``ScopeFlowError/Code/invalidArgument`` for an unknown layout.
    init(_ context: KernelContext) throws {
        for key in ["T", "U"] {
            if let dtype = context.attrs[key]?.typeValue, dtype != .float32 {
                throw ScopeFlowError(
                    .unimplemented,
                    "\(context.opType) '\(context.opName)' runs on float32 only, but its \(key) is \(dtype); "
                        + "cast x and the channel parameters to float32.", names: [context.opName])
            }
        }
        let format = context.string("data_format", default: "NHWC")
        guard format == "NHWC" else {
            let known = ["NCHW", "NDHWC", "NCDHW"].contains(format)
            throw ScopeFlowError(
                known ? .unimplemented : .invalidArgument,
                "\(context.opType) '\(context.opName)' "
                    + (known
                        ? "supports only data_format NHWC on CPU, not \(format)"
                        : "has unknown data_format '\(format)'")
                    + "; transpose x to NHWC (channels last) and use data_format NHWC.", names: [context.opName])
        }
        epsilon = Float(context.float("epsilon", default: 0.0001))
        isTraining = context.bool("is_training", default: true)
        exponentialAverageFactor = Float(context.float("exponential_avg_factor", default: 1))
    }

    /// Whether the op reads its `mean` and `variance` inputs (TF checks their length only then).
    var readsPopulationStatistics: Bool { !isTraining || exponentialAverageFactor != 1 }
}

/// One `FusedBatchNormV3` computation over buffers of at least one row and one channel: the
/// arithmetic of TF's CPU kernel (batch mean; biased batch variance for normalizing and the
/// reserve spaces; the Bessel-corrected one, or its running average, as `batch_variance`).
struct BatchNormForward {
    let rows: BatchNormRows
    let attributes: BatchNormAttributes

    /// The op's inputs and outputs (`channels` elements each but `x` and `y`), and scratch.
    struct Buffers {
        let x: UnsafePointer<Float>
        let scale: UnsafePointer<Float>
        let offset: UnsafePointer<Float>
        /// The given mean: needed (and read) only when ``BatchNormAttributes/readsPopulationStatistics``.
        let mean: UnsafePointer<Float>?
        /// The given variance: needed (and read) only when ``BatchNormAttributes/readsPopulationStatistics``.
        let variance: UnsafePointer<Float>?
        let y: UnsafeMutablePointer<Float>
        let batchMean: UnsafeMutablePointer<Float>
        let batchVariance: UnsafeMutablePointer<Float>
        /// `reserve_space_1`.
        let savedMean: UnsafeMutablePointer<Float>
        /// `reserve_space_2`.
        let savedVariance: UnsafeMutablePointer<Float>
        /// `channels` Floats of scratch.
        let factor: UnsafeMutablePointer<Float>
        /// `channels` Doubles of scratch.
        let sums: UnsafeMutablePointer<Double>
    }

    func run(_ b: Buffers) {
        let (n, channels) = (rows.rows, rows.channels)
        let epsilon = attributes.epsilon
        guard attributes.isTraining else {
            let (mean, variance) = (b.mean!, b.variance!)
            for c in 0..<channels { b.factor[c] = 1 / (variance[c] + epsilon).squareRoot() * b.scale[c] }
            rows.normalize(b.x, mean: mean, factor: b.factor, offset: b.offset, into: b.y)
            b.batchMean.update(from: mean, count: channels)
            b.batchVariance.update(from: variance, count: channels)
            b.savedMean.update(repeating: 0, count: channels)
            b.savedVariance.update(repeating: 0, count: channels)
            return
        }
        rows.sums(b.x, into: b.sums)
        for c in 0..<channels { b.savedMean[c] = Float(b.sums[c] / Double(n)) }
        rows.centeredSquareSums(b.x, mean: b.savedMean, into: b.sums)
        for c in 0..<channels {
            b.savedVariance[c] = Float(b.sums[c] / Double(n))
            b.factor[c] = 1 / (b.savedVariance[c] + epsilon).squareRoot() * b.scale[c]
        }
        rows.normalize(b.x, mean: b.savedMean, factor: b.factor, offset: b.offset, into: b.y)
        let bessel = Float(n) / Float(max(n - 1, 1))
        let weight = attributes.exponentialAverageFactor
        guard weight != 1 else {
            for c in 0..<channels {
                b.batchMean[c] = b.savedMean[c]
                b.batchVariance[c] = b.savedVariance[c] * bessel
            }
            return
        }
        let (mean, variance) = (b.mean!, b.variance!)
        for c in 0..<channels {
            b.batchMean[c] = (1 - weight) * mean[c] + weight * b.savedMean[c]
            b.batchVariance[c] = (1 - weight) * variance[c] + (weight * bessel) * b.savedVariance[c]
        }
    }
}

/// One `FusedBatchNormGradV3` computation over buffers of at least one row and one channel, as
/// TF's CPU kernel computes it: in training, through the batch statistics (`reserve_space_1/2`
/// hold the batch mean and biased variance); in inference, with the population statistics
/// fixed (`reserve_space_1/2` hold them).
struct BatchNormGradient {
    let rows: BatchNormRows
    let attributes: BatchNormAttributes

    /// The op's inputs and outputs (`channels` elements each but `dy`, `x` and `dx`), and scratch.
    struct Buffers {
        let dy: UnsafePointer<Float>
        let x: UnsafePointer<Float>
        let scale: UnsafePointer<Float>
        let mean: UnsafePointer<Float>
        let variance: UnsafePointer<Float>
        let dx: UnsafeMutablePointer<Float>
        let dScale: UnsafeMutablePointer<Float>
        let dOffset: UnsafeMutablePointer<Float>
        /// `3 · channels` Floats of scratch.
        let coefficients: UnsafeMutablePointer<Float>
        /// `2 · channels` Doubles of scratch.
        let sums: UnsafeMutablePointer<Double>
    }

    func run(_ b: Buffers) {
        let (n, channels) = (rows.rows, rows.channels)
        let (gradientSums, productSums) = (b.sums, b.sums + channels)
        let factor = b.coefficients
        rows.gradientSums(b.dy, b.x, mean: b.mean, into: gradientSums, productSums)
        for c in 0..<channels {
            let inverseDeviation = 1 / (b.variance[c] + attributes.epsilon).squareRoot()
            b.dOffset[c] = Float(gradientSums[c])
            b.dScale[c] = Float(productSums[c]) * inverseDeviation
            factor[c] = b.scale[c] * inverseDeviation
        }
        guard attributes.isTraining else {
            rows.scale(b.dy, by: factor, into: b.dx)
            return
        }
        let (gradientMean, correction) = (b.coefficients + channels, b.coefficients + 2 * channels)
        for c in 0..<channels {
            let inverseDeviation = 1 / (b.variance[c] + attributes.epsilon).squareRoot()
            gradientMean[c] = Float(gradientSums[c] / Double(n))
            correction[c] = inverseDeviation * inverseDeviation * Float(productSums[c] / Double(n))
        }
        rows.trainingInputGradient(
            b.dy, b.x, mean: b.mean, gradientMean: gradientMean, factor: factor, correction: correction, into: b.dx)
    }
}
