/// The primitive ops of TF1's control flow (`Switch`, `Merge`, `Enter`, `Exit`, `NextIteration`,
/// `LoopCond`, `ControlTrigger`), as `control_flow_ops.py` builds them. `cond` and `whileLoop` are
/// made of these; on a reference (a variable, or another ref op's output) each takes its `Ref`
/// form, as TF's `_SwitchRefOrTensor`, `_Enter` … do.

extension Tensor {
    /// Whether the tensor is a reference to a variable's buffer (TF's `dtype._is_ref_dtype`): the
    /// output of a `VariableV2`, of an `Assign`, `AssignAdd` or `AssignSub` (the updated variable),
    /// or of a `Ref…` control-flow op passing one on.
    var isReference: Bool { Tensor.referenceOpTypes.contains(op.type) }

    private static let referenceOpTypes: Set<String> = [
        "VariableV2", "RefSwitch", "RefMerge", "RefEnter", "RefExit", "RefNextIteration", "RefIdentity", "Assign",
        "AssignAdd", "AssignSub",
    ]
}

/// Forwards `data` to output 1 when `pred` is true, to output 0 when it is false; the other output
/// is dead (TF's `_SwitchRefOrTensor`, op `Switch`, `RefSwitch` on a reference; with
/// `forwardsReference` false, TF's `switch`, a `Switch` even on a reference).
/// - Returns: (`outputFalse`, `outputTrue`).
func switchOp(
    _ data: Tensor, _ pred: Tensor, forwardsReference: Bool = true, name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> (outputFalse: Tensor, outputTrue: Tensor) {
    let op = try makeOp(
        forwardsReference && data.isReference ? "RefSwitch" : "Switch", name: name, defaultName: "Switch",
        inputs: [data, pred],
        attrs: ["T": .type(data.dtype)], location: SourceLocation(fileID: file, line: line), shape: .switchOutputs)
    return (op.output(0), op.output(1))
}

/// Forwards the first of `inputs` that is alive, with its index (TF's `merge`, op `Merge`,
/// `RefMerge` when all inputs are references).
/// - Returns: (`output`, `valueIndex`, an int32 scalar).
func merge(
    _ inputs: [Tensor], name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> (output: Tensor, valueIndex: Tensor) {
    guard let first = inputs.first else {
        throw ScopeFlowError(.invalidArgument, "merge needs at least one input; pass the tensors to merge.")
    }
    let type = inputs.allSatisfy(\.isReference) ? "RefMerge" : "Merge"
    let op = try makeOp(
        type, name: name, defaultName: "Merge", inputs: inputs,
        attrs: ["T": .type(first.dtype), "N": .int(inputs.count)], location: SourceLocation(fileID: file, line: line),
        shape: .merged)
    return (op.output(0), op.output(1))
}

/// Makes `data` available in the child frame `frameName` (TF's `_Enter`, op `Enter`, `RefEnter`
/// on a reference). A constant enter gives every iteration the value; a non-constant one only the
/// first.
/// - Parameter shape: the output's static shape: nil for the input's (TF's `use_input_shape`),
///   otherwise this one (TF's `use_input_shape=False` followed by `set_shape`, as a loop gives a
///   loop variable its shape invariant).
func enter(
    _ data: Tensor, frameName: String, isConstant: Bool = false, parallelIterations: Int = 10,
    shape: Shape? = nil, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let attrs: AttrMap = [
        "T": .type(data.dtype), "frame_name": .string(frameName), "is_constant": .bool(isConstant),
        "parallel_iterations": .int(parallelIterations),
    ]
    return try makeOp(
        data.isReference ? "RefEnter" : "Enter", name: name, defaultName: "Enter", inputs: [data], attrs: attrs,
        location: SourceLocation(fileID: file, line: line), shape: shape.map(ShapeFunction.unchangedDType) ?? .unchanged
    ).output(0)
}

/// Makes `data` available to the parent frame when the loop ends (TF's `exit`, op `Exit`,
/// `RefExit` on a reference).
func loopExit(_ data: Tensor, name: String? = nil, file: String = #fileID, line: Int = #line) throws -> Tensor {
    try makeOp(
        data.isReference ? "RefExit" : "Exit", name: name, defaultName: "Exit", inputs: [data],
        attrs: ["T": .type(data.dtype)], location: SourceLocation(fileID: file, line: line), shape: .unchanged
    ).output(0)
}

/// Passes `data` to the next iteration of its loop (TF's `_NextIteration`, op `NextIteration`,
/// `RefNextIteration` on a reference).
func nextIteration(_ data: Tensor, name: String? = nil, file: String = #fileID, line: Int = #line) throws -> Tensor {
    try makeOp(
        data.isReference ? "RefNextIteration" : "NextIteration", name: name, defaultName: "NextIteration",
        inputs: [data], attrs: ["T": .type(data.dtype)], location: SourceLocation(fileID: file, line: line),
        shape: .unchanged
    ).output(0)
}

/// The loop's condition: forwards the bool scalar `pred`, which decides whether the loop's
/// `Switch`es go on to the body or leave through `Exit` (TF's `loop_cond`, op `LoopCond`).
func loopCond(_ pred: Tensor, name: String? = nil, file: String = #fileID, line: Int = #line) throws -> Tensor {
    try makeOp(
        "LoopCond", name: name, defaultName: "LoopCond", inputs: [pred], attrs: [:],
        location: SourceLocation(fileID: file, line: line), shape: .loopCondition
    ).output(0)
}

/// An op that runs once its control inputs have run, even when they are dead (TF's
/// `control_trigger`, op `ControlTrigger`).
func controlTrigger(
    controlInputs: [Operation] = [], name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Operation {
    let graph = try controlInputs.first?.graph ?? BuildContext.effective.graph
    return try graph.addOperation(
        type: "ControlTrigger", name: name, defaultName: "ControlTrigger", inputs: [],
        controlInputs: controlInputs, location: SourceLocation(fileID: file, line: line), shape: .noOutputs)
}

extension ShapeFunction {
    /// `Switch`: two outputs of the data's dtype and shape; the predicate is a bool scalar.
    static let switchOutputs = ShapeFunction { op in
        try op.requireInputs(2)
        let data = op.inputs[0]
        try requireDType(op.inputs[1], in: [.bool], argument: "pred", opType: op.opType)
        try requireRank(op.inputs[1], 0, opName: op.opName)
        return [OutputSpec(dtype: data.dtype, shape: data.shape), OutputSpec(dtype: data.dtype, shape: data.shape)]
    }

    /// `Merge`: the inputs' common dtype and the most specific shape they all fit (TF's merge shape
    /// function: dimensions that differ become unknown, ranks that differ an unknown shape), then
    /// the int32 scalar index.
    static let merged = ShapeFunction { op in
        let dtype = try requireSameDType(
            op.inputs, argumentNames: op.inputs.indices.map { "inputs[\($0)]" }, opType: op.opType)
        var shape = op.inputs[0].shape
        for input in op.inputs.dropFirst() { shape = shape.loosened(toFit: input.shape) }
        return [OutputSpec(dtype: dtype, shape: shape), OutputSpec(dtype: .int32, shape: Shape([]))]
    }

    /// `Enter` given its output's shape (a loop variable's shape invariant): the input's dtype, `shape`.
    static func unchangedDType(shape: Shape) -> ShapeFunction {
        ShapeFunction { op in [OutputSpec(dtype: try op.input(0).dtype, shape: shape)] }
    }

    /// `LoopCond`: a bool scalar in, the same out.
    static let loopCondition = ShapeFunction(inputTypes: [:]) { op in
        let pred = try op.input(0)
        try requireDType(pred, in: [.bool], argument: "input", opType: op.opType)
        try requireRank(pred, 0, opName: op.opName)
        return [OutputSpec(dtype: .bool, shape: Shape([]))]
    }
}

extension Shape {
    /// The most specific shape that both this shape and `other` have: equal dimensions stay,
    /// others become unknown; different ranks give an unknown shape.
    func loosened(toFit other: Shape) -> Shape {
        guard let a = dims, let b = other.dims, a.count == b.count else { return .unknown }
        return Shape(zip(a, b).map { x, y in x == y ? x : nil })
    }
}
