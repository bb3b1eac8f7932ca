/// A cell whose inputs, state and output are dropped out (TF's
/// `tf.compat.v1.nn.rnn_cell.DropoutWrapper`): each step keeps every element of the cell's inputs
/// with probability `inputKeepProbability`, of its new state with `stateKeepProbability` and of
/// its output with `outputKeepProbability`, scaling the kept ones by `1 / keep` (TF's `nn.dropout`
/// in a name scope `dropout`, `dropout_1` … beside the cell's scope); a probability of 1 builds no
/// dropout. The `c` of an ``LSTMStateTuple`` is never dropped, as TF's default state filter says.
///
/// With `seed`, each dropout draws with TF's seed for it: the first 31 bits of the MD5 of
/// `"<seed><input|state|output>_<index>"`, the index counting the state's tensors.
///
/// Creating the wrapper builds TF's `DropoutWrapperInit/Const`, `Const_1`, `Const_2` (the input,
/// state and output probabilities); its zero state is the cell's, in `DropoutWrapperZeroState`.
///
/// ```swift
/// let cell = try DropoutWrapper(LSTMCell(units: 16, forgetBias: 0), outputKeepProbability: 0.9, seed: 17)
/// ```
public final class DropoutWrapper<Cell: RNNCell>: RNNCell {
    /// The wrapped cell.
    public let cell: Cell
    /// The probability of keeping each input element.
    public let inputKeepProbability: Double
    /// The probability of keeping each element of the new state.
    public let stateKeepProbability: Double
    /// The probability of keeping each output element.
    public let outputKeepProbability: Double
    /// The seed the dropouts' seeds are made from, or nil.
    public let seed: Int?

    /// Wraps `cell`, building TF's `DropoutWrapperInit` constants in the current name scope.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a probability outside `[0, 1]`;
    ///   ``ScopeFlowError/Code/unimplemented`` for `variationalRecurrent` (TF's same mask at every step).
    public init(
        _ cell: Cell, inputKeepProbability: Double = 1, outputKeepProbability: Double = 1,
        stateKeepProbability: Double = 1, variationalRecurrent: Bool = false, seed: Int? = nil
    ) throws {
        guard !variationalRecurrent else {
            throw ScopeFlowError(
                .unimplemented,
                "DropoutWrapper does not build TF's variational_recurrent dropout yet; pass variationalRecurrent: "
                    + "false.")
        }
        let probabilities = [
            ("input_keep_prob", inputKeepProbability), ("state_keep_prob", stateKeepProbability),
            ("output_keep_prob", outputKeepProbability),
        ]
        for (name, probability) in probabilities where !(0...1).contains(probability) {
            throw ScopeFlowError(
                .invalidArgument, "Parameter \(name) must be between 0 and 1: \(probability); pass a probability.")
        }
        try nameScope("DropoutWrapperInit") { _ in
            for (_, probability) in probabilities { _ = try constant(HostTensor(scalar: Float(probability))) }
        }
        self.cell = cell
        self.inputKeepProbability = inputKeepProbability
        self.stateKeepProbability = stateKeepProbability
        self.outputKeepProbability = outputKeepProbability
        self.seed = seed
    }

    /// The wrapped cell's output width.
    public var outputSize: Int { cell.outputSize }

    /// The wrapped cell's zero state, in the name scope `DropoutWrapperZeroState`.
    public func zeroState(batchSize: Int, dtype: DType) throws -> Cell.State {
        try nameScope("DropoutWrapperZeroState") { _ in try cell.zeroState(batchSize: batchSize, dtype: dtype) }
    }

    /// The wrapped cell's zero state for a batch size computed by the graph, in the name scope
    /// `DropoutWrapperZeroState`.
    public func zeroState(batchSize: Tensor, dtype: DType) throws -> Cell.State {
        try nameScope("DropoutWrapperZeroState") { _ in try cell.zeroState(batchSize: batchSize, dtype: dtype) }
    }

    /// Drops out the inputs, runs the cell, then drops out its new state and its output, in TF's order.
    public func callAsFunction(_ inputs: Tensor, _ state: Cell.State) throws -> (output: Tensor, state: Cell.State) {
        var input = inputs
        if inputKeepProbability < 1 {
            input = try dropped(inputs, keep: inputKeepProbability, salt: "input", index: 0)
        }
        var (output, next) = try cell(input, state)
        if stateKeepProbability < 1 {
            let mask = droppable(next)
            let parts = try next.flattened.enumerated().map { index, part in
                mask[index] ? try dropped(part, keep: stateKeepProbability, salt: "state", index: index) : part
            }
            next = try next.packing(parts)
        }
        if outputKeepProbability < 1 {
            output = try dropped(output, keep: outputKeepProbability, salt: "output", index: 0)
        }
        return (output, next)
    }

    /// TF's `nn.dropout(x, rate: 1 - keep, seed:)` with the wrapper's seed for `salt` and `index`. TF
    /// holds `keep` as a float32 tensor, so the rate is `1 - keep` in float32 (0.100000024 for 0.9).
    private func dropped(_ x: Tensor, keep: Double, salt: String, index: Int) throws -> Tensor {
        let rate = Double(1 - Float(keep))
        return try droppedOut(x, rate: rate, seed: seed.map { dropoutSeed($0, salt: "\(salt)_\(index)") })
    }
}

/// TF's `DropoutWrapper._gen_seed`: the first 8 hex digits of the MD5 of `"<seed><salt>"`, as a
/// number, its top bit cleared.
func dropoutSeed(_ seed: Int, salt: String) -> Int {
    let digest = md5(Array("\(seed)\(salt)".utf8))
    return Int(digest.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) } & 0x7FFF_FFFF)
}

/// Which of `state`'s flattened tensors TF's default state filter drops out: all but the `c` of
/// every ``LSTMStateTuple`` (nested in layers or not).
private func droppable(_ state: any RNNState) -> [Bool] {
    if state is LSTMStateTuple { return [false, true] }
    if let layers = state as? [any RNNState] { return layers.flatMap(droppable) }
    return state.flattened.map { _ in true }
}
