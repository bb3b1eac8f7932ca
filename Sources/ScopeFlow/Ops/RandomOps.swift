/// TF's default op seed when only an op seed is given.
private let defaultGraphSeed = 87_654_321
private let maxInt32 = 2_147_483_647

extension Graph {
    /// The `(seed, seed2)` attrs of a new random op, by TF's `get_seed` rules:
    /// graph seed and op seed; a graph seed alone numbers seedless ops 0, 1, …;
    /// an op seed alone pairs with 87654321; neither is nondeterministic `(0, 0)`.
    func randomSeeds(opSeed: Int?) -> (Int, Int) {
        let seeds: (Int, Int) = state.withLock { state in
            if let graphSeed = state.seed {
                let op: Int
                if let opSeed {
                    op = opSeed
                } else {
                    op = state.seedlessRandomOps
                    state.seedlessRandomOps += 1
                }
                return (graphSeed % maxInt32, op % maxInt32)
            }
            if let opSeed { return (defaultGraphSeed, opSeed % maxInt32) }
            return (0, 0)
        }
        if seeds == (0, 0), opSeed != nil || seed != nil { return (0, maxInt32) }
        return seeds
    }
}

/// Builds one raw random op (`RandomStandardNormal`, `TruncatedNormal`, `RandomUniform`) of `shape`.
private func rawRandom(
    _ type: String, shape: Tensor, dtype: DType, seed: Int?, name: String?, location: SourceLocation
) throws -> Tensor {
    let graph = try shape.graph
    let (seed1, seed2) = graph.randomSeeds(opSeed: seed)
    let op = try graph.addOperation(
        type: type, name: name, defaultName: type, inputs: [shape],
        attrs: ["T": .type(shape.dtype), "dtype": .type(dtype), "seed": .int(seed1), "seed2": .int(seed2)],
        location: location, shape: .random)
    return op.output(0)
}

extension ShapeFunction {
    /// Samples of `dtype` in the shape the 1-D input 0 holds (`RandomUniform`,
    /// `RandomStandardNormal`, `TruncatedNormal`).
    static let random = ShapeFunction { op in
        let shape = try op.input(0)
        return [OutputSpec(dtype: try op.type("dtype"), shape: try shape.constantShape(for: op.opName))]
    }

    /// Integers of `Tout` in the shape the 1-D input 0 holds, between the scalar bounds
    /// inputs 1 and 2 (`RandomUniformInt`).
    static let randomUniformInt = ShapeFunction(inputTypes: ["T": 0, "Tout": 1]) { op in
        try op.requireInputs(3)
        try requireRank(op.inputs[1], 0, opName: op.opName)
        try requireRank(op.inputs[2], 0, opName: op.opName)
        return [OutputSpec(dtype: try op.type("Tout"), shape: try op.inputs[0].constantShape(for: op.opName))]
    }
}

/// Samples from `[0, 1)` in the shape the int32 vector `shape` holds (TF's
/// `tf.random_uniform` given a shape tensor): one `random_uniform/RandomUniform`.
func unitUniform(shape: Tensor, dtype: DType, seed: Int?, location: SourceLocation) throws -> Tensor {
    try nameScope("random_uniform") { _ in
        try rawRandom("RandomUniform", shape: shape, dtype: dtype, seed: seed, name: nil, location: location)
    }
}

/// Samples from a normal distribution (TF's `tf.random_normal`): ops
/// `random_normal/{shape,mean,stddev,RandomStandardNormal,mul}` and an `AddV2` named `random_normal`.
public func randomNormal(
    shape: [Int], mean: Double = 0, stddev: Double = 1, dtype: DType = .float32, seed: Int? = nil,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try affineRandom(
        "RandomStandardNormal", scope: name ?? "random_normal", shape: shape, mean: mean, stddev: stddev,
        dtype: dtype, seed: seed, location: SourceLocation(fileID: file, line: line))
}

/// Samples from a normal distribution truncated at two standard deviations
/// (TF's `tf.truncated_normal`), named like ``randomNormal(shape:mean:stddev:dtype:seed:name:file:line:)``
/// under `truncated_normal/`.
public func truncatedNormal(
    shape: [Int], mean: Double = 0, stddev: Double = 1, dtype: DType = .float32, seed: Int? = nil,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try affineRandom(
        "TruncatedNormal", scope: name ?? "truncated_normal", shape: shape, mean: mean, stddev: stddev,
        dtype: dtype, seed: seed, location: SourceLocation(fileID: file, line: line))
}

private func affineRandom(
    _ type: String, scope: String, shape: [Int], mean: Double, stddev: Double, dtype: DType, seed: Int?,
    location: SourceLocation
) throws -> Tensor {
    try nameScope(scope) { scopeName in
        let shapeTensor = try constant(indexTensor(shape), name: "shape", location: location)
        let meanTensor = try constant(HostTensor(scalar: mean), dtype: dtype, name: "mean", location: location)
        let stddevTensor = try constant(HostTensor(scalar: stddev), dtype: dtype, name: "stddev", location: location)
        let sample = try rawRandom(type, shape: shapeTensor, dtype: dtype, seed: seed, name: nil, location: location)
        let scaled = try binaryOp("Mul", sample, stddevTensor, name: nil, defaultName: "mul", location: location)
        return try binaryOp("AddV2", scaled, meanTensor, name: scopeName, defaultName: "add", location: location)
    }
}

/// Samples uniformly from `[minval, maxval)` (TF's `tf.random_uniform`): for
/// the default range only `random_uniform/shape` and `random_uniform/RandomUniform`;
/// otherwise also `min`, `max`, `sub`, `mul` and an `AddV2` named `random_uniform`.
public func randomUniform(
    shape: [Int], minval: Double = 0, maxval: Double = 1, dtype: DType = .float32, seed: Int? = nil,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let location = SourceLocation(fileID: file, line: line)
    return try nameScope(name ?? "random_uniform") { scopeName in
        let shapeTensor = try constant(indexTensor(shape), name: "shape", location: location)
        let isUnitRange = minval == 0 && maxval == 1
        if isUnitRange {
            return try rawRandom(
                "RandomUniform", shape: shapeTensor, dtype: dtype, seed: seed, name: nil, location: location)
        }
        let minTensor = try constant(HostTensor(scalar: minval), dtype: dtype, name: "min", location: location)
        let maxTensor = try constant(HostTensor(scalar: maxval), dtype: dtype, name: "max", location: location)
        let sample = try rawRandom(
            "RandomUniform", shape: shapeTensor, dtype: dtype, seed: seed, name: nil, location: location)
        if minval == 0 {
            return try binaryOp("Mul", sample, maxTensor, name: nil, defaultName: "Mul", location: location)
        }
        let range = try binaryOp("Sub", maxTensor, minTensor, name: nil, defaultName: "sub", location: location)
        let scaled = try binaryOp("Mul", sample, range, name: nil, defaultName: "mul", location: location)
        return try binaryOp("AddV2", scaled, minTensor, name: scopeName, defaultName: "add", location: location)
    }
}
