/// The time loop of ``dynamicRNN(_:_:sequenceLength:initialState:dtype:parallelIterations:swapMemory:timeMajor:scope:file:line:)-(_,_,_,_,_,_,_,_,String?,_,_)``
/// (TF's `_dynamic_rnn_loop` and `_rnn_step` in graph mode), over time-major inputs.
struct DynamicRNNLoop<Cell: RNNCell> {
    let cell: Cell
    /// `[time, batch, depth]`.
    let inputs: Tensor
    /// The checked int32 lengths, or nil.
    let sequenceLength: Tensor?
    let parallelIterations: Int
    let swapMemory: Bool
    let location: SourceLocation

    /// Runs the cell from `state` over every time step: the outputs stacked `[time, batch, units]`
    /// and the last state. `dtype` is the outputs' (default: the state's).
    func run(from state: Cell.State, dtype: DType?) throws -> (outputs: Tensor, state: Cell.State) {
        let timeSteps = try shape(inputs, file: location.fileID, line: location.line)[0]
        let dims = try requireKnownDepth()
        let batchSize = try bestEffortBatchSize(of: inputs)
        let outputDType = try dtype ?? stateDType(state)
        let zeroOutput = try zeros(
            dims: concat([batchSize.prefixVector(), indexVector([cell.outputSize], name: "Const")], axis: 0),
            dtype: outputDType, file: location.fileID, line: location.line)
        try zeroOutput.op.refineShape(ofOutput: zeroOutput.index, to: Shape([dims[1], cell.outputSize]))
        // TF computes the shortest length too, which only its step with conditionals reads.
        let longest = try sequenceLength.map { lengths in
            _ = try reduceMin(lengths, file: location.fileID, line: location.line)
            return try reduceMax(lengths, file: location.fileID, line: location.line)
        }
        let time = try constant(Int32(0), name: "time", file: location.fileID, line: location.line)
        let baseName = try nameScope("dynamic_rnn") { $0 }
        let outputArray = try TensorArray(
            dtype: outputDType, size: .tensor(timeSteps), tensorArrayName: baseName + "output_0",
            elementShape: Shape([dims[1], cell.outputSize]), file: location.fileID, line: location.line)
        let inputArray = try TensorArray(
            dtype: inputs.dtype, size: .tensor(timeSteps), tensorArrayName: baseName + "input_0",
            elementShape: Shape(Array(dims.dropFirst())), file: location.fileID, line: location.line
        ).unstack(inputs, file: location.fileID, line: location.line)
        // Run at least one step, so that the arrays learn their element shapes.
        let atLeastOne = try scalarBinary(
            "Maximum", longest ?? timeSteps, 1, defaultName: "Maximum", scalarFirst: true, location: location)
        let loopBound = try minimum(timeSteps, atLeastOne, file: location.fileID, line: location.line)
        let step = Step(
            loop: self, initialState: state, inputArray: inputArray, inputShape: Shape(Array(dims.dropFirst())),
            zeroOutput: zeroOutput)
        // The output array travels through the loop as its flow; as TF's while_loop, cond and body
        // first make it an array again (each taking a name scope `TensorArray…`, no op).
        let exits = try whileLoop(
            cond: { vars in
                _ = try outputArray.withFlow(vars[1])
                return try less(vars[0], loopBound, file: location.fileID, line: location.line)
            },
            body: { vars in
                let written = try step(
                    time: vars[0], outputs: outputArray.withFlow(vars[1]), state: Array(vars.dropFirst(2)))
                return [try vars[0] + 1, written.outputs.flow] + written.state
            },
            loopVars: [time, outputArray.flow] + state.flattened, parallelIterations: parallelIterations,
            swapMemory: swapMemory, maximumIterations: .tensor(timeSteps), file: location.fileID, line: location.line)
        // TF takes this array's name scope inside `while/`; no op is named after it.
        let outputs = try outputArray.withFlow(exits[1]).stack(file: location.fileID, line: location.line)
        try restoreShape(of: outputs, timeSteps: dims[0], batchSize: dims[1])
        return (outputs, try state.packing(Array(exits.dropFirst(2))))
    }

    /// The inputs' dimensions, checked as TF checks them: rank 3 at least, the depth known.
    private func requireKnownDepth() throws -> [Int?] {
        guard let dims = inputs.shape.dims, dims.count >= 3 else {
            throw ScopeFlowError(
                .shapeMismatch,
                "Shape \(inputs.shape) must have rank at least 3: dynamicRNN needs inputs [batch, time, depth] "
                    + "([time, batch, depth] when timeMajor), not \(inputs.name).",
                names: [inputs.name])
        }
        guard dims.dropFirst(2).allSatisfy({ $0 != nil }) else {
            throw ScopeFlowError(
                .shapeMismatch,
                "Input size (depth of inputs) must be accessible via shape inference, but saw value None for "
                    + "input=\(inputs.name) of shape \(inputs.shape); give the inputs a static depth.",
                names: [inputs.name])
        }
        return dims
    }

    /// The one dtype of the state's tensors (TF's `_infer_state_dtype`).
    private func stateDType(_ state: Cell.State) throws -> DType {
        let tensors = state.flattened
        guard let first = tensors.first else {
            throw ScopeFlowError(.invalidArgument, "Unable to infer dtype from an empty state; pass dtype:.")
        }
        if let other = tensors.first(where: { $0.dtype != first.dtype }) {
            throw ScopeFlowError(
                .dtypeMismatch,
                "The state has tensors of different dtypes (\(first.name): \(first.dtype), \(other.name): "
                    + "\(other.dtype)); pass dtype: to choose the outputs' dtype.",
                names: [first.name, other.name])
        }
        return first.dtype
    }

    /// Sets the stacked outputs' static shape to `[timeSteps, batch, units]`, building the `Const`s
    /// of TF's static `_concat` (the prefix one only when both its dimensions are known).
    private func restoreShape(of outputs: Tensor, timeSteps: Int?, batchSize: Int?) throws {
        if let timeSteps, let batchSize { _ = try indexVector([timeSteps, batchSize], name: "Const") }
        _ = try indexVector([cell.outputSize], name: "Const")
        try outputs.op.refineShape(ofOutput: outputs.index, to: Shape([timeSteps, batchSize, cell.outputSize]))
    }

    /// One iteration's work: read the step's input, call the cell, write its output.
    struct Step {
        let loop: DynamicRNNLoop
        /// The state before the loop, whose structure each step's flat state is packed into.
        let initialState: Cell.State
        let inputArray: TensorArray
        let inputShape: Shape
        let zeroOutput: Tensor

        /// The output array after this step's write and the next state, flattened.
        func callAsFunction(
            time: Tensor, outputs: TensorArray, state flatState: [Tensor]
        ) throws -> (outputs: TensorArray, state: [Tensor]) {
            let location = loop.location
            let input = try inputArray.read(time, file: location.fileID, line: location.line)
            try input.op.refineShape(ofOutput: input.index, to: inputShape)
            let state = try initialState.packing(flatState)
            var output: Tensor
            var next: [Tensor]
            if let lengths = loop.sequenceLength {
                // TF's `_rnn_step` with `skip_conditionals`: rows past their length output zeros and
                // keep their state.
                let finished = try greaterEqual(time, lengths, file: location.fileID, line: location.line)
                let step = try loop.cell(input, state)
                output = try select(finished, zeroOutput, step.output, file: location.fileID, line: location.line)
                next = try zip(flatState, step.state.flattened).map { old, new in
                    old.shape.rank == 0
                        ? new : try select(finished, old, new, file: location.fileID, line: location.line)
                }
                try output.op.refineShape(ofOutput: output.index, to: zeroOutput.shape)
                for (tensor, old) in zip(next, flatState) {
                    try tensor.op.refineShape(ofOutput: tensor.index, to: old.shape)
                }
            } else {
                let step = try loop.cell(input, state)
                (output, next) = (step.output, step.state.flattened)
            }
            let written = try outputs.write(time, output, file: location.fileID, line: location.line)
            return (written, next)
        }
    }
}
