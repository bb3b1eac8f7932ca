import Foundation

extension Kernels {
    /// `UniformCandidateSampler(true_classes)`: `num_sampled` classes drawn uniformly from
    /// `[0, range_max)`, bit-exact with TF's stream.
    static let uniformCandidateSampler: KernelFactory = { try makeCandidateSampler($0, distribution: .uniform) }

    /// `LogUniformCandidateSampler(true_classes)`: `num_sampled` classes drawn with the
    /// log-uniform (Zipfian) distribution `P(k) = log((k + 2) / (k + 1)) / log(range_max + 1)`.
    static let logUniformCandidateSampler: KernelFactory = { try makeCandidateSampler($0, distribution: .logUniform) }

    /// `FixedUnigramCandidateSampler(true_classes)`: `num_sampled` classes drawn in proportion to
    /// the `unigrams` attr raised to `distortion` (ids below `num_reserved_ids` weigh 0; only the
    /// ids of `shard` of `num_shards` count), through TF's alias table.
    /// - Throws: ``ScopeFlowError/Code/unimplemented`` for a `vocab_file` (give `unigrams`).
    static let fixedUnigramCandidateSampler: KernelFactory = { context in
        guard context.string("vocab_file", default: "").isEmpty else {
            throw ScopeFlowError(
                .unimplemented,
                "FixedUnigramCandidateSampler '\(context.opName)' reads its counts from vocab_file, which ScopeFlow "
                    + "does not load; pass the counts as unigrams instead.", names: [context.opName])
        }
        var unigrams: [Float] = []
        if case .floats(let values)? = context.attrs["unigrams"] { unigrams = values.map { Float($0) } }
        let numShards = context.int("num_shards", default: 1)
        let shard = context.int("shard", default: 0)
        guard !unigrams.isEmpty, numShards >= 1, (0..<numShards).contains(shard),
            context.int("num_reserved_ids", default: 0) >= 0
        else {
            throw ScopeFlowError(
                .invalidArgument,
                "FixedUnigramCandidateSampler '\(context.opName)' needs unigrams, num_shards ≥ 1, 0 ≤ shard < "
                    + "num_shards and num_reserved_ids ≥ 0.", names: [context.opName])
        }
        let table = FixedUnigramTable(
            unigrams: unigrams, distortion: Float(context.float("distortion", default: 1)),
            reservedIds: context.int("num_reserved_ids", default: 0), shards: numShards, shard: shard)
        let rangeMax = context.int("range_max", default: 0)
        guard table.weights.count == rangeMax else {
            throw ScopeFlowError(
                .invalidArgument, "range is \(rangeMax) must be equal to weights size  \(table.weights.count)",
                names: [context.opName])
        }
        return try makeCandidateSampler(context, distribution: .fixedUnigram(table))
    }

    /// TF's `BaseCandidateSamplerOp`: each run reserves `2048·num_sampled` words of the op's
    /// Philox stream, draws the candidates one word at a time (redrawing repeats when `unique`),
    /// and gives every sampled and true class its expected count.
    private static func makeCandidateSampler(_ context: KernelContext, distribution: CandidateDistribution) throws
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
    case fixedUnigram(FixedUnigramTable)
}

/// TF's `UniformSampler`, `LogUniformSampler` and `FixedUnigramSampler` over `[0, range)`,
/// drawing from `SimplePhilox` words.
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
        case .fixedUnigram(let table): return Int64(table.sample(&words))
        }
    }

    /// The probability of `value` in one draw (TF computes it in double and returns a float).
    func probability(_ value: Int64) -> Float {
        switch distribution {
        case .uniform: return Float(1.0 / Double(range))
        case .logUniform: return Float(log((Double(value) + 2) / (Double(value) + 1)) / logRange)
        case .fixedUnigram(let table): return table.weights[Int(value)] / table.totalWeight
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

/// TF's `FixedUnigramSampler` weights and its `DistributionSampler` (Walker's alias method) over
/// them: bucket `i` keeps itself with probability `keep[i]`, else gives `alias[i]`.
struct FixedUnigramTable: Sendable {
    /// The weight of each id (0 for reserved ids), and their float sum.
    let weights: [Float]
    let totalWeight: Float
    private let keep: [Float]
    private let alias: [Int]

    init(unigrams: [Float], distortion: Float, reservedIds: Int, shards: Int, shard: Int) {
        var weights = (0..<reservedIds).filter { $0 % shards == shard }.map { _ in Float(0) }
        var total: Float = 0
        let firstId = weights.count  // TF numbers the unigrams from the count of reserved weights kept
        for (offset, unigram) in unigrams.enumerated() where (firstId + offset) % shards == shard {
            let weight = pow(unigram, distortion)
            total += weight
            weights.append(weight)
        }
        self.weights = weights
        totalWeight = total
        (keep, alias) = Self.aliasTable(weights)
    }

    /// TF's pairing: scaled weights `w·n / Σw` below 1 are topped up from the last one above 1,
    /// both lists worked from their ends; what rounding leaves on either list keeps itself.
    private static func aliasTable(_ weights: [Float]) -> ([Float], [Int]) {
        let n = weights.count
        let sum = weights.reduce(0.0) { $0 + Double($1) }
        var scaled = weights.map { Double($0 * Float(n)) / sum }
        var alias = [Int](repeating: -1, count: n)
        var high = scaled.indices.filter { scaled[$0] >= 1 }
        var low = scaled.indices.filter { scaled[$0] < 1 }
        while let l = low.last, let h = high.last {
            low.removeLast()
            high.removeLast()
            alias[l] = h
            scaled[h] -= 1 - scaled[l]
            if scaled[h] < 1 { low.append(h) } else { high.append(h) }
        }
        var keep = scaled.map { Float($0) }
        for index in high + low {
            keep[index] = 1
            alias[index] = index
        }
        return (keep, alias)
    }

    /// One id: a float `r`, a bucket `Uniform(n)`, the bucket itself when `r` is below its keep
    /// probability, else its alias.
    func sample(_ words: inout PhiloxWordStream) -> Int {
        let r = philoxUniformFloat(words.next())
        let n = UInt32(weights.count)
        let bucket: Int
        if n & (n - 1) == 0 {
            bucket = Int(words.next() & (n - 1))
        } else {
            let rejectBelow = UInt32.max % n + 1
            var draw = words.next()
            while draw < rejectBelow { draw = words.next() }
            bucket = Int(draw % n)
        }
        return r < keep[bucket] ? bucket : alias[bucket]
    }
}
