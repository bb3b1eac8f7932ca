/// An op that does nothing, useful as a target grouping control inputs
/// (TF's `tf.no_op`, op `NoOp`).
public func noOp(
    controlInputs: [Operation] = [], name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Operation {
    let graph = try controlInputs.first?.graph ?? BuildContext.effective.graph
    return try graph.addOperation(
        type: "NoOp", name: name, defaultName: "NoOp", inputs: [], controlInputs: controlInputs,
        location: SourceLocation(fileID: file, line: line), shape: .noOutputs)
}
