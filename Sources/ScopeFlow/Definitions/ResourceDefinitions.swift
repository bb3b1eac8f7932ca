extension OpDefinitions {
    /// The stack and `TensorArray` ops (V2 stacks, V3 arrays): their resources live for one run,
    /// and the plan's frame executor runs them itself (`RunResources`), so none has a kernel.
    static let resources: [OpDefinition] = [
        resourceOp("StackV2", outputs: .resourceHandle, shape: .stackHandle, attrDefaults: ["stack_name": .string("")]),
        resourceOp("StackPushV2", shape: .stackPush, attrDefaults: ["swap_memory": .bool(false)]),
        resourceOp(
            "StackPopV2", outputs: .typed(by: "elem_type", fallback: .float32), shape: .stackPop(shape: .unknown)),
        resourceOp("StackCloseV2", outputs: .none),
        resourceOp(
            "TensorArrayV3", outputs: .each([.fixed(.resource), .fixed(.float32)]),
            attrDefaults: [
                "dynamic_size": .bool(false), "clear_after_read": .bool(true),
                "identical_element_shapes": .bool(false), "tensor_array_name": .string(""),
            ]),
        resourceOp("TensorArrayWriteV3", outputs: .flow),
        resourceOp("TensorArrayScatterV3", outputs: .flow),
        resourceOp("TensorArraySplitV3", outputs: .flow),
        resourceOp("TensorArrayReadV3", outputs: .typed(by: "dtype", fallback: .float32)),
        resourceOp("TensorArrayGatherV3", outputs: .typed(by: "dtype", fallback: .float32)),
        resourceOp("TensorArrayConcatV3", outputs: .each([.attr("dtype", fallback: .float32), .fixed(.int64)])),
        resourceOp("TensorArraySizeV3", outputs: .typed(by: "out_type", fallback: .int32)),
        resourceOp("TensorArrayCloseV3", outputs: .none),
        resourceOp("TensorArrayGradV3", outputs: .each([.fixed(.resource), .fixed(.float32)])),
    ]

    private static func resourceOp(
        _ type: String, outputs: OutputSignature = .standard, shape: ShapeFunction? = nil, attrDefaults: AttrMap = [:],
        file: String = #fileID, line: Int = #line
    ) -> OpDefinition {
        OpDefinition(
            type, kernel: nil, execution: .resource, outputs: outputs, shape: shape, attrDefaults: attrDefaults,
            gradient: .undefined, file: file, line: line)
    }
}

extension OutputSignature {
    /// One resource handle (`StackV2`).
    static let resourceHandle = OutputSignature(count: .fixed(1), element: .fixed(.resource))
    /// One float scalar that only orders a `TensorArray`'s ops (its `flow`).
    static let flow = OutputSignature(count: .fixed(1), element: .fixed(.float32))
}
