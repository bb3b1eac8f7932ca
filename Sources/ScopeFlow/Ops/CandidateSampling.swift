/// What a candidate sampler returns (TF's `(sampled_candidates, true_expected_count,
/// sampled_expected_count)`).
public struct SampledCandidates: Sendable {
    /// The sampled class ids, int64 `[numSampled]`.
    public let sampledCandidates: Tensor
    /// How many times each true class is expected among the samples, float32 `[batch, numTrue]`.
    public let trueExpectedCount: Tensor
    /// How many times each sampled class is expected among the samples, float32 `[numSampled]`.
    public let sampledExpectedCount: Tensor
}

/// Samples `numSampled` classes uniformly from `[0, rangeMax)` (TF's
/// `tf.nn.uniform_candidate_sampler`, op `UniformCandidateSampler`), seeded by the graph seed
/// and `seed` as TF's random ops are and drawing TF's Philox stream bit for bit.
///
/// ```swift
/// let sample = try uniformCandidateSampler(
///     trueClasses: labels, numTrue: 1, numSampled: 64, unique: true, rangeMax: vocabularySize)
/// ```
///
/// - Parameters:
///   - trueClasses: int64 `[batch, numTrue]`, the target classes.
///   - unique: Whether the samples are distinct (drawn with rejection).
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when a count is below 1, `unique` asks for
///   more classes than the range has, or `trueClasses` is not an int64 matrix of `numTrue` columns.
public func uniformCandidateSampler(
    trueClasses: any TensorConvertible, numTrue: Int, numSampled: Int, unique: Bool, rangeMax: Int,
    seed: Int? = nil, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> SampledCandidates {
    try candidateSampler(
        "UniformCandidateSampler", trueClasses, numTrue, numSampled, unique, rangeMax, seed, name,
        SourceLocation(fileID: file, line: line))
}

/// Samples `numSampled` classes from `[0, rangeMax)` with the log-uniform (Zipfian)
/// distribution `P(k) = log((k + 2) / (k + 1)) / log(rangeMax + 1)`, for classes sorted by
/// decreasing frequency (TF's `tf.nn.log_uniform_candidate_sampler`, op
/// `LogUniformCandidateSampler`), drawing TF's seeded Philox stream bit for bit.
/// - Throws: as ``uniformCandidateSampler(trueClasses:numTrue:numSampled:unique:rangeMax:seed:name:file:line:)``.
public func logUniformCandidateSampler(
    trueClasses: any TensorConvertible, numTrue: Int, numSampled: Int, unique: Bool, rangeMax: Int,
    seed: Int? = nil, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> SampledCandidates {
    try candidateSampler(
        "LogUniformCandidateSampler", trueClasses, numTrue, numSampled, unique, rangeMax, seed, name,
        SourceLocation(fileID: file, line: line))
}

/// Samples `numSampled` classes in proportion to `unigrams` (counts or probabilities of the
/// classes) raised to `distortion` (TF's `tf.nn.fixed_unigram_candidate_sampler` with
/// `unigrams`, op `FixedUnigramCandidateSampler`), drawing TF's seeded Philox stream bit for bit.
/// The first `numReservedIds` ids weigh 0 and come before the unigrams; with `numShards` > 1 only
/// the ids `i` with `i % numShards == shard` are kept (TF numbers the unigrams on from the count
/// of reserved ids kept), and `rangeMax` must equal their count.
/// TF's `vocab_file` form is not offered: read the counts and pass them as `unigrams`.
/// - Throws: as ``uniformCandidateSampler(trueClasses:numTrue:numSampled:unique:rangeMax:seed:name:file:line:)``,
///   and ``ScopeFlowError/Code/invalidArgument`` for empty `unigrams`, negative or non-finite
///   weights, a shard outside `0..<numShards`, or a `rangeMax` other than the kept ids' count.
public func fixedUnigramCandidateSampler(
    trueClasses: any TensorConvertible, numTrue: Int, numSampled: Int, unique: Bool, rangeMax: Int,
    distortion: Double = 1, numReservedIds: Int = 0, numShards: Int = 1, shard: Int = 0, unigrams: [Double],
    seed: Int? = nil, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> SampledCandidates {
    guard !unigrams.isEmpty, unigrams.allSatisfy({ $0.isFinite && $0 >= 0 }), distortion.isFinite else {
        throw ScopeFlowError(
            .invalidArgument,
            "fixedUnigramCandidateSampler needs non-empty, finite, non-negative unigrams and a finite distortion.")
    }
    guard numReservedIds >= 0, numShards >= 1, (0..<numShards).contains(shard) else {
        throw ScopeFlowError(
            .invalidArgument,
            "fixedUnigramCandidateSampler needs numReservedIds ≥ 0, numShards ≥ 1 and 0 ≤ shard < numShards, got "
                + "\(numReservedIds), \(numShards) and \(shard).")
    }
    // TF keeps the reserved ids of the shard, then numbers the unigrams on from their count.
    let reservedKept = (0..<numReservedIds).filter { $0 % numShards == shard }.count
    let kept = reservedKept + unigrams.indices.filter { (reservedKept + $0) % numShards == shard }.count
    guard kept == rangeMax else {
        throw ScopeFlowError(
            .invalidArgument,
            "fixedUnigramCandidateSampler's rangeMax \(rangeMax) must equal the number of ids of its shard, \(kept).")
    }
    let attrs: AttrMap = [
        "vocab_file": .string(""), "distortion": .float(distortion), "num_reserved_ids": .int(numReservedIds),
        "num_shards": .int(numShards), "shard": .int(shard), "unigrams": .floats(unigrams),
    ]
    return try candidateSampler(
        "FixedUnigramCandidateSampler", trueClasses, numTrue, numSampled, unique, rangeMax, seed, name,
        SourceLocation(fileID: file, line: line), extraAttrs: attrs)
}

/// Builds one candidate sampler op with TF's attrs (`num_true`, `num_sampled`, `unique`,
/// `range_max`, `seed`, `seed2`).
private func candidateSampler(
    _ type: String, _ trueClasses: any TensorConvertible, _ numTrue: Int, _ numSampled: Int, _ unique: Bool,
    _ rangeMax: Int, _ seed: Int?, _ name: String?, _ location: SourceLocation, extraAttrs: AttrMap = [:]
) throws -> SampledCandidates {
    let classes = trueClasses.tensor
    guard numTrue >= 1, numSampled >= 1, rangeMax >= 1 else {
        throw ScopeFlowError(
            .invalidArgument,
            "\(type) needs numTrue, numSampled and rangeMax of at least 1, got \(numTrue), \(numSampled) and "
                + "\(rangeMax).")
    }
    guard !unique || numSampled <= rangeMax else {
        throw ScopeFlowError(
            .invalidArgument,
            "\(type) cannot draw \(numSampled) distinct classes from a range of \(rangeMax); lower numSampled or "
                + "set unique to false.")
    }
    let graph = try classes.graph
    let (seed1, seed2) = graph.randomSeeds(opSeed: seed)
    var attrs: AttrMap = [
        "num_true": .int(numTrue), "num_sampled": .int(numSampled), "unique": .bool(unique),
        "range_max": .int(rangeMax), "seed": .int(seed1), "seed2": .int(seed2),
    ]
    for (key, value) in extraAttrs { attrs[key] = value }
    let op = try graph.addOperation(
        type: type, name: name, defaultName: type, inputs: [classes], attrs: attrs, location: location,
        shape: .candidateSampler)
    return SampledCandidates(
        sampledCandidates: op.output(0), trueExpectedCount: op.output(1), sampledExpectedCount: op.output(2))
}

extension ShapeFunction {
    /// A candidate sampler's outputs: int64 `[num_sampled]`, float32 `[batch, num_true]` and
    /// float32 `[num_sampled]`, its input an int64 matrix of `num_true` columns.
    static let candidateSampler = ShapeFunction(inputTypes: [:]) { op in
        let classes = try op.input(0)
        guard classes.dtype == .int64 else {
            throw ScopeFlowError(
                .dtypeMismatch,
                "\(op.opType) '\(op.opName)' needs int64 true classes, got \(classes.dtype); cast them.",
                names: [op.opName])
        }
        let numTrue = op.attrs["num_true"]?.intValue ?? 0
        let numSampled = op.attrs["num_sampled"]?.intValue ?? 0
        guard let merged = classes.shape.merged(with: Shape([nil, numTrue])) else {
            throw ScopeFlowError(
                .shapeMismatch,
                "\(op.opType) '\(op.opName)' needs true classes of shape [batch, \(numTrue)], got "
                    + "\(classes.shape.bracketed).", names: [op.opName])
        }
        return [
            OutputSpec(dtype: .int64, shape: Shape(known: [numSampled])),
            OutputSpec(dtype: .float32, shape: merged),
            OutputSpec(dtype: .float32, shape: Shape(known: [numSampled])),
        ]
    }
}
