/// The LSTM cell (TF's `tf.compat.v1.nn.rnn_cell.LSTMCell`, `state_is_tuple`): variables
/// `lstm_cell/kernel` (`[depth + units, 4·units]`) and `lstm_cell/bias` (zeros); gates
/// `i, j, f, o` split from one product along axis 1;
/// `c' = σ(f + forgetBias)·c + σ(i)·tanh(j)`, clipped to `±cellClip` when given, and
/// `h' = σ(o)·tanh(c')`, the output.
///
/// ```swift
/// let cell = LSTMCell(units: 16, forgetBias: 0)
/// let (outputs, state) = try dynamicRNN(cell, x, dtype: .float32)   // state.c, state.h
/// ```
///
/// TF's peepholes (`use_peepholes`) and projection (`num_proj`) are not built: asking for them
/// throws ``ScopeFlowError/Code/unimplemented`` on the first step.
public final class LSTMCell: RNNCell {
    /// The number of units (the width of `c`, `h` and the output).
    public let units: Int
    /// Added to the forget gate's input (1.0 by default), as TF does.
    public let forgetBias: Double
    /// The bound of the cell state `c` (TF's `cell_clip`), or nil for none.
    public let cellClip: Double?
    private let usePeepholes: Bool
    private let numProj: Int?
    private let activation: Activation
    private let build: LayerBuild<CellVariables>

    /// An LSTM cell; `reuse` (`.reuse` or `.auto`) shares the variables of an existing scope named
    /// `name` instead of making a new unique one. `usePeepholes` and `numProj` are TF's options
    /// this cell does not build yet (its first step throws).
    public init(
        units: Int, usePeepholes: Bool = false, cellClip: Double? = nil, numProj: Int? = nil,
        forgetBias: Double = 1.0, activation: Activation = .tanh, reuse: Reuse = .inherit, name: String = "lstm_cell"
    ) {
        self.units = units
        self.usePeepholes = usePeepholes
        self.cellClip = cellClip
        self.numProj = numProj
        self.forgetBias = forgetBias
        self.activation = activation
        self.build = LayerBuild(baseName: name, reuse: reuse)
    }

    public var outputSize: Int { units }

    public func zeroState(batchSize: Int, dtype: DType) throws -> LSTMStateTuple {
        try zeroState(batchSize: .count(batchSize), dtype: dtype)
    }

    public func zeroState(batchSize: Tensor, dtype: DType) throws -> LSTMStateTuple {
        try zeroState(batchSize: .tensor(batchSize), dtype: dtype)
    }

    private func zeroState(batchSize: RNNBatchSize, dtype: DType) throws -> LSTMStateTuple {
        let parts = try zeroStates(
            count: 2, batchSize: batchSize, units: units, dtype: dtype, scopeName: "LSTMCellZeroState")
        return LSTMStateTuple(c: parts[0], h: parts[1])
    }

    public func callAsFunction(
        _ inputs: Tensor, _ state: LSTMStateTuple
    ) throws -> (output: Tensor, state: LSTMStateTuple) {
        guard !usePeepholes, numProj == nil else {
            throw ScopeFlowError(
                .unimplemented,
                "LSTMCell does not build TF's \(usePeepholes ? "use_peepholes" : "num_proj") yet; create the cell "
                    + "without usePeepholes and numProj.",
                names: [inputs.name])
        }
        let next = try build.call(build: { try CellVariables.make(for: inputs, units: units, width: 4 * units) }) {
            variables in
            let gates = try split(variables.gates(inputs, state.h), numSplits: 4, axis: 1)
            let (i, j, f, o) = (gates[0], gates[1], gates[2], gates[3])
            var c = try sigmoid(f + forgetBias) * state.c + sigmoid(i) * activation(j)
            if let cellClip { c = try clipByValue(c, min: -cellClip, max: cellClip) }
            return LSTMStateTuple(c: c, h: try sigmoid(o) * activation(c))
        }
        return (next.h, next)
    }
}
