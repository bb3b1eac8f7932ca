/// The gradient arrays TF's `TensorArray` gradients (`tensor_array_grad.py`) write to and read
/// from: one per forward array and `gradients` call, found by the gradient's name.

/// Which `gradients` call made `tensor` (TF's `_GetGradSource`): its name up to the last part
/// that starts with `gradients` (`gradients`, `outer/gradients_1` …).
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when no part does.
func gradientSource(of tensor: Tensor) throws -> String {
    let parts = tensor.name.split(separator: "/", omittingEmptySubsequences: false)
    guard let last = parts.lastIndex(where: { $0.hasPrefix("gradients") }) else {
        throw ScopeFlowError(
            .invalidArgument,
            "Expected op/tensor name to start with gradients (excluding scope), got: \(tensor.name). This means "
                + "that a gradients call with this op in its dependency path has a custom name that does not start "
                + "with 'gradients'; give every gradients call a name starting with 'gradients'.",
            names: [tensor.name])
    }
    return parts[...last].joined(separator: "/")
}

/// For the gradient of a read, gather or concat `op`: the gradient array of its array, made after
/// the op's input flow (input `flowIndex`), for the `gradients` call that made `gradient`.
func tensorArrayGradientArray(of op: Operation, flowIndex: Int, gradient: Tensor) throws -> TensorArray {
    let source = try gradientSource(of: gradient)
    let flow = op.inputs[flowIndex]
    let forward = try TensorArray(dtype: try dtypeAttr("dtype", of: op), handle: op.inputs[0], flow: flow)
    return try forward.grad(source: source, flow: flow, file: op.location.fileID, line: op.location.line)
}

/// For the gradient of a write, scatter or split `op` reached by the flow gradient `flowGradient`:
/// the gradient array of its array, made after the op has run (an `Identity` `flow_out` of its
/// flow, then `write_barrier`, an `Identity` of the flow gradient that waits for it), and that
/// barrier, the gradient of the op's input flow.
func tensorArrayGradientArray(of op: Operation, flowGradient: Tensor) throws -> (TensorArray, Tensor) {
    let source = try gradientSource(of: flowGradient)
    let location = op.location
    let flowOut = try identity(op.output(0), name: "flow_out", file: location.fileID, line: location.line)
    let barrier = try controlDependencies([flowOut.op]) {
        try identity(flowGradient, name: "write_barrier", file: location.fileID, line: location.line)
    }
    let forward = try TensorArray(dtype: try dtypeAttr("T", of: op), handle: op.inputs[0], flow: barrier)
    return (try forward.grad(source: source, flow: barrier, file: location.fileID, line: location.line), barrier)
}

/// The type attribute `key` of `op`.
private func dtypeAttr(_ key: String, of op: Operation) throws -> DType {
    guard let dtype = op.attrs[key]?.typeValue else {
        throw ScopeFlowError(
            .invalidArgument, "\(op.type) op '\(op.name)' has no type attribute '\(key)'.", names: [op.name])
    }
    return dtype
}
