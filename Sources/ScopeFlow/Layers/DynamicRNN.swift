/// Runs `cell` over `inputs` of shape `[batch, time, depth]` (`[time, batch, depth]` when
/// `timeMajor`) in a ``whileLoop(cond:body:loopVars:shapeInvariants:parallelIterations:backProp:swapMemory:maximumIterations:name:file:line:)``,
/// as TF's `tf.compat.v1.nn.dynamic_rnn` builds it, inside the variable scope `scope` (default
/// `rnn`): batch-major inputs are transposed to time-major (`rnn/transpose`), unstacked into a
/// ``TensorArray`` (`rnn/TensorArrayUnstack/…`) and read one step per iteration of `rnn/while`,
/// whose body calls the cell (ops `rnn/while/<cell>/…`, its variables `rnn/<cell>/kernel` …); the
/// outputs are written to another array, stacked (`rnn/TensorArrayStack/TensorArrayGatherV3`) and
/// transposed back (`rnn/transpose_1`).
///
/// With `sequenceLength`, TF's checks are built (`rnn/Assert/Assert` on its shape,
/// `rnn/CheckSeqLen`), and each step past a row's length outputs zeros and keeps that row's state
/// (`Select`s on `rnn/while/GreaterEqual`); the loop stops after the longest sequence.
///
/// ```swift
/// let x = try placeholder(.float32, shape: [2, 4, 5], name: "x")
/// let (outputs, state) = try dynamicRNN(BasicLSTMCell(units: 3), x, dtype: .float32)
/// // outputs: rnn/transpose_1:0 (2, 4, 3); state.h: rnn/while/Exit_4:0 (2, 3)
/// ```
///
/// - Parameters:
///   - cell: The cell run at each time step; its variables are made on the first step.
///   - inputs: `[batch, time, depth]` (`[time, batch, depth]` when `timeMajor`), the depth known.
///   - sequenceLength: Each row's length, an integer vector of `batch` elements (cast to int32).
///   - initialState: The first state; when nil, the cell's zero state of dtype `dtype`.
///   - dtype: The outputs' and zero state's dtype; required without `initialState`.
///   - parallelIterations: How many iterations of the loop may run at once (TF's default 32).
///   - swapMemory: Whether the loop's gradient may keep its saved tensors in host memory.
///   - timeMajor: Whether `inputs` and the outputs are `[time, batch, depth]`.
///   - scope: The variable scope's name (`rnn` by default).
///   - file: The source file recorded with the ops (the caller's by default).
///   - line: The source line recorded with the ops (the caller's by default).
/// - Returns: The outputs, shaped as the inputs with `cell.outputSize` as depth, and the last
///   state (each row's state at its length with `sequenceLength`).
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` without `initialState` and `dtype`, or for a
///   `sequenceLength` that is not a vector; ``ScopeFlowError/Code/shapeMismatch`` for inputs not of
///   rank 3 with a known depth.
public func dynamicRNN<Cell: RNNCell>(
    _ cell: Cell, _ inputs: any TensorConvertible, sequenceLength: (any TensorConvertible)? = nil,
    initialState: Cell.State? = nil, dtype: DType? = nil, parallelIterations: Int? = nil, swapMemory: Bool = false,
    timeMajor: Bool = false, scope: String? = nil, file: String = #fileID, line: Int = #line
) throws -> (outputs: Tensor, state: Cell.State) {
    let run = DynamicRNNCall(
        cell: cell, inputs: inputs.tensor, sequenceLength: sequenceLength?.tensor, initialState: initialState,
        dtype: dtype, parallelIterations: parallelIterations ?? 32, swapMemory: swapMemory, timeMajor: timeMajor,
        location: SourceLocation(fileID: file, line: line))
    return try variableScope(scope ?? "rnn") { _ in try run() }
}

/// ``dynamicRNN(_:_:sequenceLength:initialState:dtype:parallelIterations:swapMemory:timeMajor:scope:file:line:)-(_,_,_,_,_,_,_,_,String?,_,_)``
/// inside the variable scope object `scope`, re-entered as TF's `dynamic_rnn(scope=scope)` does:
/// the variables are `<scope>/<cell>/…`, the ops in a new name scope of the scope's name.
///
/// ```swift
/// let encoder = try variableScope("encoder") { $0 }
/// let (outputs, _) = try dynamicRNN(BasicRNNCell(units: 3), x, dtype: .float32, scope: encoder)
/// // variables encoder/basic_rnn_cell/kernel …
/// ```
public func dynamicRNN<Cell: RNNCell>(
    _ cell: Cell, _ inputs: any TensorConvertible, sequenceLength: (any TensorConvertible)? = nil,
    initialState: Cell.State? = nil, dtype: DType? = nil, parallelIterations: Int? = nil, swapMemory: Bool = false,
    timeMajor: Bool = false, scope: VariableScope, file: String = #fileID, line: Int = #line
) throws -> (outputs: Tensor, state: Cell.State) {
    let run = DynamicRNNCall(
        cell: cell, inputs: inputs.tensor, sequenceLength: sequenceLength?.tensor, initialState: initialState,
        dtype: dtype, parallelIterations: parallelIterations ?? 32, swapMemory: swapMemory, timeMajor: timeMajor,
        location: SourceLocation(fileID: file, line: line))
    return try variableScope(scope) { _ in try run() }
}

/// TF's `dynamic_rnn` inside its variable scope: the arguments of one call.
private struct DynamicRNNCall<Cell: RNNCell> {
    let cell: Cell
    let inputs: Tensor
    let sequenceLength: Tensor?
    let initialState: Cell.State?
    let dtype: DType?
    let parallelIterations: Int
    let swapMemory: Bool
    let timeMajor: Bool
    let location: SourceLocation

    func callAsFunction() throws -> (outputs: Tensor, state: Cell.State) {
        let input = try timeMajor ? inputs : transposeBatchTime(inputs, location: location)
        let lengths = try sequenceLength.map { try sequenceLengthIdentity($0, location: location) }
        let batchSize = try bestEffortBatchSize(of: input)
        let state: Cell.State
        if let initialState {
            state = initialState
        } else {
            guard let dtype else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "If no initialState is provided, dtype must be specified; pass dtype: (e.g. .float32) or an "
                        + "initialState.")
            }
            switch batchSize {
            case .count(let count): state = try cell.zeroState(batchSize: count, dtype: dtype)
            case .tensor(let tensor): state = try cell.zeroState(batchSize: tensor, dtype: dtype)
            }
        }
        let checkedLengths = try lengths.map { try checkShape(of: $0, batchSize: batchSize, location: location) }
        let loop = DynamicRNNLoop(
            cell: cell, inputs: input, sequenceLength: checkedLengths, parallelIterations: parallelIterations,
            swapMemory: swapMemory, location: location)
        let (outputs, finalState) = try loop.run(from: state, dtype: dtype)
        return (try timeMajor ? outputs : transposeBatchTime(outputs, location: location), finalState)
    }
}

/// `x` with its first two dimensions swapped (TF's `_transpose_batch_time`): a `Transpose` by
/// `concat([1, 0], range(2, rank(x)))` (ops `Rank`, `range`, `concat`, `transpose`), its static
/// shape set to `x`'s with the two swapped; `x` itself below rank 2.
func transposeBatchTime(_ x: Tensor, location: SourceLocation) throws -> Tensor {
    guard let dims = x.shape.dims else {
        throw ScopeFlowError(
            .unimplemented, "dynamicRNN needs inputs of known rank, not \(x.name) of shape \(x.shape).",
            names: [x.name])
    }
    if dims.count < 2 { return x }
    let rest = try range(start: 2, limit: rankConstant(x), file: location.fileID, line: location.line)
    let perm = try nameScope(nil, defaultName: "concat") { scope in
        try concatOp(
            [indexVector([1, 0], name: "values_0"), rest], axis: indexScalar(0, name: "axis"), name: scope,
            location: location)
    }
    let transposed = try transpose(x, permTensor: perm, file: location.fileID, line: location.line)
    try transposed.op.refineShape(ofOutput: transposed.index, to: Shape([dims[1], dims[0]] + dims.dropFirst(2)))
    return transposed
}

/// `sequenceLength` as TF's `dynamic_rnn` takes it: cast to int32 (a `Cast` unless it is int32),
/// checked to be a vector, then an `Identity` named `sequence_length`.
private func sequenceLengthIdentity(_ sequenceLength: Tensor, location: SourceLocation) throws -> Tensor {
    let lengths = try cast(sequenceLength, to: .int32, file: location.fileID, line: location.line)
    if let rank = lengths.shape.rank, rank != 1 {
        throw ScopeFlowError(
            .invalidArgument,
            "Argument sequence_length must be a vector of length batch_size. Received sequence_length=\(lengths.name) "
                + "of shape: \(lengths.shape); pass one length per row.",
            names: [lengths.name])
    }
    return try identity(lengths, name: "sequence_length", file: location.fileID, line: location.line)
}

/// `lengths` after TF's check that its shape is `[batchSize]` (TF's `_assert_has_shape`: `Shape`,
/// `stack`, `Equal`, `All` and `Assert`), an `Identity` named `CheckSeqLen` that runs after it.
private func checkShape(of lengths: Tensor, batchSize: RNNBatchSize, location: SourceLocation) throws -> Tensor {
    let actual = try shape(lengths, file: location.fileID, line: location.line)
    let expected: Tensor
    switch batchSize {
    case .count(let count): expected = try indexVector([count], name: "stack")
    case .tensor(let tensor): expected = try stack([tensor])
    }
    let matches = try reduceAll(
        equal(actual, expected, file: location.fileID, line: location.line), file: location.fileID,
        line: location.line)
    let assertion = try assertThat(
        matches,
        [
            .text("Expected shape for Tensor \(lengths.name) is "), .tensor(expected), .text(" but saw shape: "),
            .tensor(actual),
        ], location: location)
    return try controlDependencies([assertion]) {
        try identity(lengths, name: "CheckSeqLen", file: location.fileID, line: location.line)
    }
}

/// The batch size of time-major `inputs` (TF's `_best_effort_input_batch_size`): their static
/// second dimension, else `shape(inputs)[1]` (a `Shape` and a `strided_slice`).
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` below rank 2.
func bestEffortBatchSize(of inputs: Tensor) throws -> RNNBatchSize {
    if let rank = inputs.shape.rank, rank < 2 {
        throw ScopeFlowError(
            .shapeMismatch, "Input tensor should have rank >= 2. Received input=\(inputs.name) of rank \(rank).",
            names: [inputs.name])
    }
    if let batch = inputs.shape.dims?[1] { return .count(batch) }
    return .tensor(try shape(inputs)[1])
}
