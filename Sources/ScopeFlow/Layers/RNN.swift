/// Runs `cell` over the time steps `inputs` (each `[batch, depth]`) (TF's
/// `tf.compat.v1.nn.static_rnn`), inside the variable scope `scope`
/// (default `rnn`), so the cell's variables are `rnn/basic_lstm_cell/kernel` ….
///
/// - Parameters:
///   - initialState: The first state; when nil, the cell's zero state for the inputs' batch size.
///   - dtype: The zero state's dtype (default: the inputs').
/// - Returns: The output of every step and the last state.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` without inputs, or
///   without an initial state when the batch size is unknown.
public func staticRNN<Cell: RNNCell>(
    _ cell: Cell, _ inputs: [Tensor], initialState: Cell.State? = nil, dtype: DType? = nil, scope: String? = nil
) throws -> (outputs: [Tensor], state: Cell.State) {
    guard let first = inputs.first else { throw ScopeFlowError(.invalidArgument, "inputs must not be empty.") }
    return try variableScope(scope ?? "rnn") { varScope in
        var state = try initialState ?? startState(cell, batchOf: first, dtype: dtype ?? first.dtype)
        var outputs: [Tensor] = []
        for (time, input) in inputs.enumerated() {
            if time > 0 { varScope.reuseVariables() }
            let step = try cell(input, state)
            outputs.append(step.output)
            state = step.state
        }
        return (outputs, state)
    }
}

/// The zero state of `cell` for the batch size of `input` (`[batch, depth]`).
private func startState<Cell: RNNCell>(_ cell: Cell, batchOf input: Tensor, dtype: DType) throws -> Cell.State {
    guard let batch = input.shape.dims?.first ?? nil else {
        throw ScopeFlowError(
            .invalidArgument,
            "The batch size of \(input.name) (shape \(input.shape)) is unknown; pass an initialState.",
            names: [input.name])
    }
    return try cell.zeroState(batchSize: batch, dtype: dtype)
}
