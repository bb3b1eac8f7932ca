import Foundation

extension Kernels {
    /// `UniformCandidateSampler(true_classes)`: `num_sampled` classes drawn uniformly from
    /// `[0, range_max)`, bit-exact with TF's stream.
    static let uniformCandidateSampler: KernelFactory = { try candidateSampler($0, distribution: .uniform) }

    /// `LogUniformCandidateSampler(true_classes)`: `num_sampled` classes drawn with the
    /// log-uniform (Zipfian) distribution `P(k) = log((k + 2) / (k + 1)) / log(range_max + 1)`.
    static let logUniformCandidateSampler: KernelFactory = { try candidateSampler($0, distribution: .logUniform) }

    /// TF's `BaseCandidateSamplerOp`: each run reserves `2048·num_sampled` words of the op's
    /// Philox stream, draws the candidates one word at a time (redrawing repeats when `unique`),
    /// and gives every sampled and true class its expected count.
    private static func candidateSampler(_ context: KernelContext, distribution: CandidateDistribution) throws
        -> Kernel
    {
        let numTrue = context.int("num_true", default: 0)
        let numSampled = context.int("num_sampled", default: 0)
        let rangeMax = context.int("range_max", default: 0)
        let unique = context.bool("unique", default: false)
        guard numTrue >= 1, numSampled >= 1, rangeMax >= 1 else {
            throw ScopeFlowError(
                .invalidArgument,
                "\(context.opType) '\(context.opName)' needs num_true, num_sampled and range_max of at least 1, got "
                    + "\(numTrue), \(numSampled) and \(rangeMax).", names: [context.opName])
        }
        let sampler = RangeSampler(distribution: distribution, range: Int64(rangeMax))
        let stream = context.philox ?? PhiloxStream(context)
        return { inputs in
            try expectInputs(inputs, 1, context)
            guard inputs[0].shape.count == 2, case .int64(let trueClasses) = inputs[0].storage else {
                throw ScopeFlowError(
                    .invalidArgument, "true_classes must be a matrix of int64 class ids", names: [context.opName])
            }
            let batchSize = inputs[0].shape[0]
            guard inputs[0].shape[1] == numTrue else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "true_classes must have num_true columns, expected: \(inputs[0].shape[1]) was: \(numTrue)",
                    names: [context.opName])
            }
            guard !unique || numSampled <= rangeMax else {
                throw ScopeFlowError(.invalidArgument, "Sampler's range is too small.", names: [context.opName])
            }
            if let outOfRange = trueClasses.first(where: { $0 < 0 || $0 >= rangeMax }) {
                throw ScopeFlowError(
                    .invalidArgument, "`true_candidate` out of range [0, \(rangeMax)), received \(outOfRange)",
                    names: [context.opName])
            }
            // TF reserves 2048 words a sample: 512 blocks, which `reserve` counts as 2 outputs of 256.
            var words = PhiloxWordStream(stream.reserve(outputs: 2 * numSampled))
            var sampled: [Int64] = []
            sampled.reserveCapacity(numSampled)
            var tries = 0
            if unique {
                var seen: Set<Int64> = []
                while sampled.count < numSampled {
                    tries += 1
                    let value = sampler.sample(&words)
                    if seen.insert(value).inserted { sampled.append(value) }
                }
            } else {
                for _ in 0..<numSampled { sampled.append(sampler.sample(&words)) }
                tries = numSampled
            }
            func expectedCount(_ value: Int64) -> Float {
                let p = sampler.probability(value)
                if tries == numSampled { return p * Float(numSampled) }
                return -expm1(Float(tries) * log1p(-p))
            }
            return [
                HostTensor(uncheckedStorage: .int64(sampled), shape: [numSampled]),
                HostTensor(uncheckedStorage: .float32(trueClasses.map(expectedCount)), shape: [batchSize, numTrue]),
                HostTensor(uncheckedStorage: .float32(sampled.map(expectedCount)), shape: [numSampled]),
            ]
        }
    }
}

/// The distributions of the candidate samplers ScopeFlow runs.
enum CandidateDistribution: Sendable {
    case uniform, logUniform
}

/// TF's `UniformSampler` and `LogUniformSampler` over `[0, range)`, drawing from
/// `SimplePhilox` words.
struct RangeSampler: Sendable {
    let distribution: CandidateDistribution
    let range: Int64
    /// `log(range + 1)`, the log-uniform sampler's scale.
    private let logRange: Double

    init(distribution: CandidateDistribution, range: Int64) {
        self.distribution = distribution
        self.range = range
        logRange = log1p(Double(range))
    }

    /// One class: `Uniform64(range)`, or `⌊exp(u·log(range + 1))⌋ − 1` for a uniform double `u`.
    func sample(_ words: inout PhiloxWordStream) -> Int64 {
        switch distribution {
        case .uniform: return Int64(bitPattern: Self.exactUniform(UInt64(range), &words))
        case .logUniform:
            let high = words.next()
            let low = words.next()
            let value = Int64(exp(philoxUniformDouble(high, low) * logRange)) - 1
            return value % range
        }
    }

    /// The probability of `value` in one draw (TF computes it in double and returns a float).
    func probability(_ value: Int64) -> Float {
        switch distribution {
        case .uniform: return Float(1.0 / Double(range))
        case .logUniform: return Float(log((Double(value) + 2) / (Double(value) + 1)) / logRange)
        }
    }

    /// TF's `SimplePhilox::Uniform64`: a mask for powers of two, else 64-bit draws rejected below
    /// `(2⁶⁴ − 1) mod n + 1`, reduced mod `n`.
    private static func exactUniform(_ n: UInt64, _ words: inout PhiloxWordStream) -> UInt64 {
        func rand64() -> UInt64 {
            let low = UInt64(words.next())
            let high = UInt64(words.next())
            return low | high << 32
        }
        if n & (n - 1) == 0 { return rand64() & (n - 1) }
        let rejectBelow = UInt64.max % n + 1
        var draw = rand64()
        while draw < rejectBelow { draw = rand64() }
        return draw % n
    }
}
