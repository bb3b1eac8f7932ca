/// A TF1 RNN cell (TF's `tf.compat.v1.nn.rnn_cell.RNNCell`): one time step
/// maps inputs and a state to an output and a new state. The first call
/// creates the cell's variables in a scope named after the cell
/// (`basic_lstm_cell`, made unique); later calls share them.
public protocol RNNCell: Sendable {
    /// The cell's state: a tensor, or a tuple of tensors, which ``RNNState`` flattens for loops.
    associatedtype State: RNNState

    /// The width of the cell's output.
    var outputSize: Int { get }
    /// A state of zeros for `batchSize` rows (TF's `zero_state`), built in the
    /// name scope `<CellType>ZeroState`.
    func zeroState(batchSize: Int, dtype: DType) throws -> State
    /// A state of zeros for as many rows as the int32 scalar `batchSize` says when the graph runs
    /// (TF's `zero_state` given a tensor), built in the name scope `<CellType>ZeroState`.
    func zeroState(batchSize: Tensor, dtype: DType) throws -> State
    /// Runs one step on `inputs` (`[batch, depth]`) from `state`.
    func callAsFunction(_ inputs: Tensor, _ state: State) throws -> (output: Tensor, state: State)
}

extension RNNCell {
    /// A cell without a zero state for a tensor batch size: ``dynamicRNN(_:_:sequenceLength:initialState:dtype:parallelIterations:swapMemory:timeMajor:scope:file:line:)-(_,_,_,_,_,_,_,_,String?,_,_)``
    /// over inputs of unknown batch size then needs an `initialState`.
    /// - Throws: ``ScopeFlowError/Code/unimplemented``.
    public func zeroState(batchSize: Tensor, dtype: DType) throws -> State {
        throw ScopeFlowError(
            .unimplemented,
            "\(type(of: self)) has no zero state for a batch size computed by the graph (\(batchSize.name)); pass "
                + "an initialState, or give the inputs a static batch size.",
            names: [batchSize.name])
    }
}

/// An LSTM state (TF's `LSTMStateTuple`): the cell state `c` and the output `h`.
public struct LSTMStateTuple: Sendable {
    /// The memory cell.
    public let c: Tensor
    /// The hidden state (the cell's last output).
    public let h: Tensor

    public init(c: Tensor, h: Tensor) {
        self.c = c
        self.h = h
    }
}

/// The `kernel` and `bias` of a basic cell.
struct CellVariables: Sendable {
    let kernel: Variable
    let bias: Variable

    /// Makes `<prefix>kernel` (`[depth + units, width]`) and `<prefix>bias` (`[width]`, zeros
    /// unless `biasInitializer` says otherwise) in the current variable scope, for inputs of known
    /// depth.
    static func make(
        for inputs: Tensor, units: Int, width: Int, prefix: String = "", biasInitializer: Initializer = .zeros
    ) throws -> CellVariables {
        guard inputs.shape.rank == 2, let depth = inputs.shape.dims?[1] else {
            throw ScopeFlowError(
                .shapeMismatch,
                "An RNN cell needs inputs of shape [batch, depth] with a known depth, not \(inputs.name) of shape "
                    + "\(inputs.shape).",
                names: [inputs.name])
        }
        return CellVariables(
            kernel: try getVariable(prefix + "kernel", shape: [depth + units, width], dtype: inputs.dtype),
            bias: try getVariable(prefix + "bias", shape: [width], dtype: inputs.dtype, initializer: biasInitializer))
    }

    /// `concat([inputs, state], 1) · kernel + bias`, TF's ops `concat`, `MatMul`, `BiasAdd`.
    func gates(_ inputs: Tensor, _ state: Tensor) throws -> Tensor {
        try biasAdd(matmul(concat([inputs, state], axis: 1), kernel), bias)
    }
}

/// Zeros of shape `[batchSize, units]` for each of `count` state parts, in the name scope
/// `scopeName`, as TF's `_zero_state_tensors` builds each (``RNNBatchSize/zeros(units:dtype:)``).
func zeroStates(count: Int, batchSize: RNNBatchSize, units: Int, dtype: DType, scopeName: String) throws -> [Tensor] {
    try nameScope(scopeName) { _ in try (0..<count).map { _ in try batchSize.zeros(units: units, dtype: dtype) } }
}
