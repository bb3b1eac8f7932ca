/// Runs `forwardCell` over `inputs` and `backwardCell` over them reversed in time (TF's
/// `tf.compat.v1.nn.bidirectional_dynamic_rnn`), each with
/// ``dynamicRNN(_:_:sequenceLength:initialState:dtype:parallelIterations:swapMemory:timeMajor:scope:file:line:)-(_,_,_,_,_,_,_,_,String?,_,_)``
/// inside the variable scope `scope` (default `bidirectional_rnn`): the forward one in its scope
/// `fw` (ops `bidirectional_rnn/fw/fw/while/…`, variables `bidirectional_rnn/fw/gru_cell/…`), the
/// backward one in `bw` over the inputs each row reversed within its length
/// (`bidirectional_rnn/bw/ReverseSequence`; without `sequenceLength`, the whole time axis,
/// `bidirectional_rnn/bw/ReverseV2`); the backward outputs are reversed back in the caller's name
/// scope (`ReverseSequence` or `ReverseV2`), so both outputs line up in time.
///
/// ```swift
/// let ((forward, backward), (stateForward, stateBackward)) = try bidirectionalDynamicRNN(
///     GRUCell(units: 8), GRUCell(units: 8), x, sequenceLength: lengths, dtype: .float32)
/// let outputs = try concat([forward, backward], axis: -1)
/// ```
///
/// - Parameters:
///   - forwardCell: The cell run forward in time.
///   - backwardCell: The cell run backward in time.
///   - inputs: `[batch, time, depth]` (`[time, batch, depth]` when `timeMajor`), the depth known.
///   - sequenceLength: Each row's length, an int32 or int64 vector of `batch` elements.
///   - initialStateForward: The forward cell's first state; when nil, its zero state of `dtype`.
///   - initialStateBackward: The backward cell's first state; when nil, its zero state of `dtype`.
///   - dtype: The zero states' and outputs' dtype; required without both initial states.
///   - parallelIterations: How many iterations of each loop may run at once (TF's default 32).
///   - swapMemory: Whether the loops' gradients may keep their saved tensors in host memory.
///   - timeMajor: Whether `inputs` and the outputs are `[time, batch, depth]`.
///   - scope: The variable scope's name (`bidirectional_rnn` by default).
///   - file: The source file recorded with the ops (the caller's by default).
///   - line: The source line recorded with the ops (the caller's by default).
/// - Returns: The forward and backward outputs, both in the inputs' time order, and each
///   direction's last state.
/// - Throws: What `dynamicRNN` throws.
public func bidirectionalDynamicRNN<Forward: RNNCell, Backward: RNNCell>(
    _ forwardCell: Forward, _ backwardCell: Backward, _ inputs: any TensorConvertible,
    sequenceLength: (any TensorConvertible)? = nil, initialStateForward: Forward.State? = nil,
    initialStateBackward: Backward.State? = nil, dtype: DType? = nil, parallelIterations: Int? = nil,
    swapMemory: Bool = false, timeMajor: Bool = false, scope: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> (outputs: (forward: Tensor, backward: Tensor), states: (forward: Forward.State, backward: Backward.State)) {
    let x = inputs.tensor
    let lengths = sequenceLength?.tensor
    let (timeAxis, batchAxis) = timeMajor ? (0, 1) : (1, 0)
    let reversed = { (tensor: Tensor) in
        guard let lengths else { return try reverse(tensor, axis: [timeAxis], file: file, line: line) }
        return try reverseSequence(
            tensor, seqLengths: lengths, seqAxis: timeAxis, batchAxis: batchAxis, file: file, line: line)
    }
    let (forward, backward) = try variableScope(scope ?? "bidirectional_rnn") { _ in
        let forward = try variableScope("fw") { fw in
            try dynamicRNN(
                forwardCell, x, sequenceLength: lengths, initialState: initialStateForward, dtype: dtype,
                parallelIterations: parallelIterations, swapMemory: swapMemory, timeMajor: timeMajor, scope: fw,
                file: file, line: line)
        }
        let backward = try variableScope("bw") { bw in
            try dynamicRNN(
                backwardCell, reversed(x), sequenceLength: lengths, initialState: initialStateBackward, dtype: dtype,
                parallelIterations: parallelIterations, swapMemory: swapMemory, timeMajor: timeMajor, scope: bw,
                file: file, line: line)
        }
        return (forward, backward)
    }
    return ((forward.outputs, try reversed(backward.outputs)), (forward.state, backward.state))
}
