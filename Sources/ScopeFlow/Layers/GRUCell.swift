/// The gated recurrent unit cell (TF's `tf.compat.v1.nn.rnn_cell.GRUCell`): variables
/// `gru_cell/gates/kernel` (`[depth + units, 2·units]`), `gru_cell/gates/bias` (ones),
/// `gru_cell/candidate/kernel` (`[depth + units, units]`) and `gru_cell/candidate/bias` (zeros).
///
/// One step computes `r, u = split(σ([x, h] · gates/kernel + gates/bias))`,
/// `c = activation([x, r·h] · candidate/kernel + candidate/bias)` and
/// `h' = u·h + (1 − u)·c`, the output and the new state.
///
/// ```swift
/// let (outputs, state) = try dynamicRNN(GRUCell(units: 8), x, sequenceLength: lengths, dtype: .float32)
/// // variables rnn/gru_cell/gates/kernel …; ops rnn/while/gru_cell/MatMul …
/// ```
public final class GRUCell: RNNCell {
    /// The number of units (the state and output width).
    public let units: Int
    private let activation: Activation
    private let build: LayerBuild<Variables>

    /// A GRU cell; `reuse` (`.reuse` or `.auto`) shares the variables of an existing scope named
    /// `name` instead of making a new unique one.
    public init(units: Int, activation: Activation = .tanh, reuse: Reuse = .inherit, name: String = "gru_cell") {
        self.units = units
        self.activation = activation
        self.build = LayerBuild(baseName: name, reuse: reuse)
    }

    public var outputSize: Int { units }

    public func zeroState(batchSize: Int, dtype: DType) throws -> Tensor {
        try zeroState(batchSize: .count(batchSize), dtype: dtype)
    }

    public func zeroState(batchSize: Tensor, dtype: DType) throws -> Tensor {
        try zeroState(batchSize: .tensor(batchSize), dtype: dtype)
    }

    private func zeroState(batchSize: RNNBatchSize, dtype: DType) throws -> Tensor {
        try zeroStates(count: 1, batchSize: batchSize, units: units, dtype: dtype, scopeName: "GRUCellZeroState")[0]
    }

    public func callAsFunction(_ inputs: Tensor, _ state: Tensor) throws -> (output: Tensor, state: Tensor) {
        let next = try build.call(build: { try Variables.make(for: inputs, units: units) }) { variables in
            let gates = try split(sigmoid(variables.gates.gates(inputs, state)), numSplits: 2, axis: 1)
            let (r, u) = (gates[0], gates[1])
            let candidate = try activation(variables.candidate.gates(inputs, r * state))
            return try u * state + (1.0 - u) * candidate
        }
        return (next, next)
    }

    /// The kernels and biases of the gates and of the candidate.
    struct Variables: Sendable {
        let gates: CellVariables
        let candidate: CellVariables

        /// Makes the four variables in TF's order, for inputs of known depth.
        static func make(for inputs: Tensor, units: Int) throws -> Variables {
            Variables(
                gates: try CellVariables.make(
                    for: inputs, units: units, width: 2 * units, prefix: "gates/", biasInitializer: .constant(1)),
                candidate: try CellVariables.make(for: inputs, units: units, width: units, prefix: "candidate/"))
        }
    }
}
