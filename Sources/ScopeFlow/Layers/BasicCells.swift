/// The basic RNN cell, `output = state' = activation([inputs, state] · kernel + bias)`
/// (TF's `BasicRNNCell`): variables `basic_rnn_cell/kernel` and `basic_rnn_cell/bias`.
public final class BasicRNNCell: RNNCell {
    /// The number of units (the state and output width).
    public let units: Int
    private let activation: Activation
    private let build: LayerBuild<CellVariables>

    /// A basic RNN cell; `reuse` (`.reuse` or `.auto`) shares the variables of
    /// an existing scope named `name` instead of making a new unique one.
    public init(units: Int, activation: Activation = .tanh, reuse: Reuse = .inherit, name: String = "basic_rnn_cell") {
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
        try zeroStates(count: 1, batchSize: batchSize, units: units, dtype: dtype, scopeName: "BasicRNNCellZeroState")[
            0]
    }

    public func callAsFunction(_ inputs: Tensor, _ state: Tensor) throws -> (output: Tensor, state: Tensor) {
        let output = try build.call(build: { try CellVariables.make(for: inputs, units: units, width: units) }) {
            try activation($0.gates(inputs, state))
        }
        return (output, output)
    }
}

/// The basic LSTM cell (TF's `BasicLSTMCell`, `state_is_tuple`): variables
/// `basic_lstm_cell/kernel` (`[depth + units, 4·units]`) and
/// `basic_lstm_cell/bias`; gates `i, j, f, o` split from one product along the
/// axis `Const` `one` that TF makes first;
/// `c' = c·σ(f + forgetBias) + σ(i)·tanh(j)`, `h' = tanh(c')·σ(o)`.
///
/// ```swift
/// let cell = BasicLSTMCell(units: 11)
/// let state = try cell.zeroState(batchSize: 20, dtype: .float32)
/// let (output, next) = try cell(inputs, state)   // …/basic_lstm_cell/kernel
/// ```
public final class BasicLSTMCell: RNNCell {
    /// The number of units (the width of `c`, `h` and the output).
    public let units: Int
    /// Added to the forget gate's input (1.0 by default), as TF does.
    public let forgetBias: Double
    private let activation: Activation
    private let build: LayerBuild<CellVariables>

    /// A basic LSTM cell; `reuse` (`.reuse` or `.auto`) shares the variables of
    /// an existing scope named `name` instead of making a new unique one.
    public init(
        units: Int, forgetBias: Double = 1.0, activation: Activation = .tanh, reuse: Reuse = .inherit,
        name: String = "basic_lstm_cell"
    ) {
        self.units = units
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
            count: 2, batchSize: batchSize, units: units, dtype: dtype, scopeName: "BasicLSTMCellZeroState")
        return LSTMStateTuple(c: parts[0], h: parts[1])
    }

    public func callAsFunction(
        _ inputs: Tensor, _ state: LSTMStateTuple
    ) throws -> (output: Tensor, state: LSTMStateTuple) {
        let next = try build.call(build: { try CellVariables.make(for: inputs, units: units, width: 4 * units) }) {
            variables in
            let one = try constant(HostTensor(scalar: Int32(1)))
            let gates = try split(variables.gates(inputs, state.h), numSplits: 4, axis: one)
            let (i, j, f, o) = (gates[0], gates[1], gates[2], gates[3])
            let bias = try constant(HostTensor(scalar: forgetBias), dtype: f.dtype)
            let c = try add(
                multiply(state.c, sigmoid(add(f, bias))), multiply(sigmoid(i), activation(j)))
            return LSTMStateTuple(c: c, h: try multiply(activation(c), sigmoid(o)))
        }
        return (next.h, next)
    }
}
