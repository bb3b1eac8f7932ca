/// The stack ops a while loop's gradient saves forward values in (TF's `gen_data_flow_ops`
/// `stack_v2`, `stack_push_v2`, `stack_pop_v2`): the forward loop pushes a value each iteration,
/// the gradient loop pops them in reverse order.

/// A new stack of `elemType` elements holding at most `maxSize` of them (-1: no limit), as a
/// resource handle (TF's `stack_v2`, op `StackV2`).
func stackV2(
    maxSize: Tensor, elemType: DType, stackName: String = "", name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> Tensor {
    try makeOp(
        "StackV2", name: name, defaultName: "StackV2", inputs: [maxSize],
        attrs: ["elem_type": .type(elemType), "stack_name": .string(stackName)],
        location: SourceLocation(fileID: file, line: line), shape: .stackHandle
    ).output(0)
}

/// Pushes `element` onto the stack `handle` and returns it (TF's `stack_push_v2`, op
/// `StackPushV2`).
/// - Parameter swapMemory: whether the stack may move the element to host memory.
func stackPushV2(
    _ handle: Tensor, _ element: Tensor, swapMemory: Bool = false, name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> Tensor {
    try makeOp(
        "StackPushV2", name: name, defaultName: "StackPushV2", inputs: [handle, element],
        attrs: ["T": .type(element.dtype), "swap_memory": .bool(swapMemory)],
        location: SourceLocation(fileID: file, line: line), shape: .stackPush
    ).output(0)
}

/// Pops the top element, of `elemType`, off the stack `handle` (TF's `stack_pop_v2`, op
/// `StackPopV2`).
/// - Parameter shape: the element's static shape, which TF's shape function leaves unknown and its
///   caller then sets (`set_shape`).
func stackPopV2(
    _ handle: Tensor, elemType: DType, shape: Shape = .unknown, name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> Tensor {
    try makeOp(
        "StackPopV2", name: name, defaultName: "StackPopV2", inputs: [handle], attrs: ["elem_type": .type(elemType)],
        location: SourceLocation(fileID: file, line: line), shape: .stackPop(shape: shape)
    ).output(0)
}

extension ShapeFunction {
    /// `StackV2`: an int32 scalar size in, a resource handle out (a vector of 2, as TF's shape
    /// function says).
    static let stackHandle = ShapeFunction(inputTypes: [:]) { op in
        let maxSize = try op.input(0)
        try requireDType(maxSize, in: [.int32], argument: "max_size", opType: op.opType)
        return [OutputSpec(dtype: .resource, shape: Shape([2]))]
    }

    /// `StackPushV2`: the element passes through, with its dtype and shape.
    static let stackPush = ShapeFunction(inputTypes: ["T": 1]) { op in
        try op.requireInputs(2)
        let element = op.inputs[1]
        return [OutputSpec(dtype: element.dtype, shape: element.shape)]
    }

    /// `StackPopV2` of elements of static shape `shape` (unknown by default): one element of the
    /// `elem_type` attribute's dtype.
    static func stackPop(shape: Shape) -> ShapeFunction {
        ShapeFunction(inputTypes: [:]) { op in [OutputSpec(dtype: try op.type("elem_type"), shape: shape)] }
    }
}
