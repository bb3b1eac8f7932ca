/// The zero gradient backpropagation gives output `index` of `op` when the op's other outputs got
/// gradients but this one got none (TF's `control_flow_state.ZerosLike`, outside while loops).
///
/// Usually a `ZerosLike` of the output named `zeros_like`. For a `Switch` of a cond branch, whose
/// other output is alive only when the other branch is taken, TF switches the `Switch`'s input
/// again on the cond's predicate and builds, from that new `Switch`'s output on the other
/// branch's side, an `Identity` (the zeros' pivot), its `Shape`, and `zeros` of that shape under
/// a control dependency on the pivot: the zeros exist exactly when the other branch is taken,
/// ready for the `Merge` of the `Switch`'s gradient.
func zerosForMissingGradient(of op: Operation, output index: Int, location: SourceLocation) throws -> Tensor {
    let output = op.output(index)
    guard op.type == "Switch" || op.type == "RefSwitch", let context = op.controlFlowContext as? CondContext else {
        return try unaryOp("ZerosLike", output, name: "zeros_like", location: location)
    }
    let switched = try switchOp(op.inputs[0], context.pred, forwardsReference: false)
    let otherSide = context.branch == 1 ? switched.outputFalse : switched.outputTrue
    let pivot = try unaryOp("Identity", otherSide, name: nil, location: location)
    let dims = try shapeOp(otherSide, location: location)
    return try controlDependencies([pivot]) { try zeros(dims: dims, dtype: output.dtype) }
}
