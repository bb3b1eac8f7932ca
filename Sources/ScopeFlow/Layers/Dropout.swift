/// Dropout (TF's `tf.compat.v1.layers.dropout`): while `training`, each
/// element of `inputs` is zeroed with probability `rate` and the others are
/// scaled by `1 / (1 − rate)`; otherwise `inputs` pass through an `Identity`.
///
/// The layer's scope is `name`, or `dropout` made unique; inside it, TF's
/// `nn.dropout` builds in its own `dropout` scope the scaled inputs (`Mul`),
/// their `Shape`, a `random_uniform` drawn with `seed`, a `GreaterEqual`
/// against the rate and a `SelectV2` of the scaled inputs or zero.
///
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `rate` is not in `[0, 1)`.
public func dropout(
    _ inputs: any TensorConvertible, rate: Double = 0.5, seed: Int? = nil, training: Bool = false,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let x = inputs.tensor
    let location = SourceLocation(fileID: file, line: line)
    guard (0..<1).contains(rate) else {
        throw ScopeFlowError(
            .invalidArgument, "rate must be a scalar tensor or a float in the range [0, 1), got \(rate).")
    }
    return try layerScope(name, defaultName: "dropout", values: [x], reuse: .inherit) {
        guard training else { return try unaryOp("Identity", x, name: nil, location: location) }
        return try droppedOut(x, rate: rate, seed: seed, file: file, line: line)
    }
}

/// Dropout decided when the graph runs (TF's `tf.compat.v1.layers.dropout` with a bool tensor
/// `training`): TF's `smart_cond` of the dropped-out inputs and an `Identity` of them.
///
/// A constant `training` builds only its branch, as the `Bool` form does; otherwise a
/// ``cond(_:trueFn:falseFn:name:file:line:)`` named `cond` in the layer's scope holds the dropout
/// ops in its true branch (`dropout/cond/dropout/Mul` …) and the `Identity` in its false one
/// (`dropout/cond/Identity`).
///
/// ```swift
/// let isTraining = try placeholder(.bool, shape: [], name: "is_training")
/// let h = try dropout(x, rate: 0.5, training: isTraining)   // dropout/cond/Merge:0
/// ```
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `rate` is not in `[0, 1)` or
///   `training` is not a bool scalar.
public func dropout(
    _ inputs: any TensorConvertible, rate: Double = 0.5, seed: Int? = nil, training: Tensor,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let x = inputs.tensor
    let location = SourceLocation(fileID: file, line: line)
    guard (0..<1).contains(rate) else {
        throw ScopeFlowError(
            .invalidArgument, "rate must be a scalar tensor or a float in the range [0, 1), got \(rate).")
    }
    return try layerScope(name, defaultName: "dropout", values: [x], reuse: .inherit) {
        try smartCond(
            training, trueFn: { try droppedOut(x, rate: rate, seed: seed, file: file, line: line) },
            falseFn: { try unaryOp("Identity", x, name: nil, location: location) }, file: file, line: line)
    }
}

/// Dropout as TF's `tf.nn.dropout(x, rate:, seed:)` builds it, always on: each element of `x` is
/// zeroed with probability `rate` and the others are scaled by `1 / (1 − rate)`. In the name
/// scope `dropout` (made unique): the scale `Const`, the scaled inputs (`Mul`), their `Shape`, a
/// `random_uniform` drawn with `seed`, a `GreaterEqual` against the rate and a `SelectV2` of the
/// scaled inputs or zero. A rate of 0 returns `x` itself.
///
/// ```swift
/// let dropped = try nnDropout(embedded, rate: 0.1, seed: 5)   // dropout/SelectV2:0
/// ```
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `rate` is not in `[0, 1)`.
public func nnDropout(
    _ x: any TensorConvertible, rate: Double, seed: Int? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    guard (0..<1).contains(rate) else {
        throw ScopeFlowError(.invalidArgument, "rate must be a float in the range [0, 1), got \(rate).")
    }
    return try droppedOut(x.tensor, rate: rate, seed: seed, file: file, line: line)
}

/// TF's `nn.dropout` in its own `dropout` scope: the scaled inputs (`Mul`), their `Shape`, a
/// `random_uniform` drawn with `seed`, a `GreaterEqual` against the rate and a `SelectV2` of the
/// scaled inputs or zero.
func droppedOut(_ x: Tensor, rate: Double, seed: Int?, file: String = #fileID, line: Int = #line) throws -> Tensor {
    let location = SourceLocation(fileID: file, line: line)
    return try nameScope(nil, defaultName: "dropout", values: [x]) { _ in
        guard rate > 0 else { return x }
        let scale = try constant(HostTensor(scalar: 1 / (1 - rate)), dtype: x.dtype, location: location)
        let scaled = try multiply(x, scale, file: file, line: line)
        let noise = try unitUniform(shape: shape(x), dtype: x.dtype, seed: seed, location: location)
        let keep = try scalarComparison("GreaterEqual", noise, rate, location: location)
        let zero = try constant(HostTensor(scalar: 0.0), dtype: x.dtype, location: location)
        return try whereV2(keep, scaled, zero, file: file, line: line)
    }
}
