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
            "TensorArrayV3", outputs: .each([.fixed(.resource), .fixed(.float32)]), shape: .tensorArray,
            attrDefaults: [
                "dynamic_size": .bool(false), "clear_after_read": .bool(true),
                "identical_element_shapes": .bool(false), "tensor_array_name": .string(""),
            ], gradient: .notDifferentiable),
        // TF's `_TensorArrayWriteGrad`: reads the element's gradient from the gradient array.
        resourceOp("TensorArrayWriteV3", outputs: .flow, shape: .tensorArrayWrite) { op, grads in
            guard let flow = grads[0] else { return [nil, nil, nil, nil] }
            let (array, barrier) = try tensorArrayGradientArray(of: op, flowGradient: flow)
            return [
                nil, nil,
                try array.read(.tensor(op.inputs[1]), refining: op.inputs[2].shape, name: nil, location: op.location),
                barrier,
            ]
        },
        // TF's `_TensorArrayScatterGrad`: gathers the rows' gradients from the gradient array.
        resourceOp("TensorArrayScatterV3", outputs: .flow, shape: .tensorArrayScatter) { op, grads in
            guard let flow = grads[0] else { return [nil, nil, nil, nil] }
            let (array, barrier) = try tensorArrayGradientArray(of: op, flowGradient: flow)
            return [
                nil, nil,
                try array.gather(.tensor(op.inputs[1]), refining: op.inputs[2].shape, name: nil, location: op.location),
                barrier,
            ]
        },
        // TF's `_TensorArraySplitGrad`: concatenates the pieces' gradients from the gradient array.
        resourceOp("TensorArraySplitV3", outputs: .flow, shape: .tensorArraySplit) { op, grads in
            guard let flow = grads[0] else { return [nil, nil, nil, nil] }
            let (array, barrier) = try tensorArrayGradientArray(of: op, flowGradient: flow)
            return [
                nil, try array.concat(refining: op.inputs[1].shape, name: nil, location: op.location), nil, barrier,
            ]
        },
        // TF's `_TensorArrayReadGrad`: writes the gradient to the gradient array.
        resourceOp(
            "TensorArrayReadV3", outputs: .typed(by: "dtype", fallback: .float32), shape: .tensorArrayRead
        ) { op, grads in
            guard let grad = grads[0] else { return [nil, nil, nil] }
            let array = try tensorArrayGradientArray(of: op, flowIndex: 2, gradient: grad)
            return [nil, nil, try array.write(.tensor(op.inputs[1]), grad, name: nil, location: op.location).flow]
        },
        // TF's `_TensorArrayGatherGrad`: scatters the gradient to the gradient array.
        resourceOp(
            "TensorArrayGatherV3", outputs: .typed(by: "dtype", fallback: .float32), shape: .tensorArrayGather,
            attrDefaults: ["element_shape": .shape(.unknown)]
        ) { op, grads in
            guard let grad = grads[0] else { return [nil, nil, nil] }
            let array = try tensorArrayGradientArray(of: op, flowIndex: 2, gradient: grad)
            return [nil, nil, try array.scatter(.tensor(op.inputs[1]), grad, name: nil, location: op.location).flow]
        },
        // TF's `_TensorArrayConcatGrad`: splits the gradient into the gradient array by the lengths.
        resourceOp(
            "TensorArrayConcatV3", outputs: .each([.attr("dtype", fallback: .float32), .fixed(.int64)]),
            shape: .tensorArrayConcat, attrDefaults: ["element_shape_except0": .shape(.unknown)]
        ) { op, grads in
            guard let grad = grads[0] else { return [nil, nil] }
            let array = try tensorArrayGradientArray(of: op, flowIndex: 1, gradient: grad)
            return [nil, try array.split(grad, .tensor(op.output(1)), name: nil, location: op.location).flow]
        },
        resourceOp(
            "TensorArraySizeV3", outputs: .typed(by: "out_type", fallback: .int32), shape: .tensorArraySize,
            gradient: .notDifferentiable),
        resourceOp("TensorArrayCloseV3", outputs: .none, shape: .tensorArrayClose, gradient: .notDifferentiable),
        resourceOp(
            "TensorArrayGradV3", outputs: .each([.fixed(.resource), .fixed(.float32)]), shape: .tensorArrayGrad,
            gradient: .notDifferentiable),
    ]

    private static func resourceOp(
        _ type: String, outputs: OutputSignature = .standard, shape: ShapeFunction? = nil, attrDefaults: AttrMap = [:],
        gradient: GradientRule = .undefined, file: String = #fileID, line: Int = #line
    ) -> OpDefinition {
        OpDefinition(
            type, kernel: nil, execution: .resource, outputs: outputs, shape: shape, attrDefaults: attrDefaults,
            gradient: gradient, file: file, line: line)
    }

    private static func resourceOp(
        _ type: String, outputs: OutputSignature = .standard, shape: ShapeFunction, attrDefaults: AttrMap = [:],
        file: String = #fileID, line: Int = #line, gradient: @escaping GradientFunction
    ) -> OpDefinition {
        resourceOp(
            type, outputs: outputs, shape: shape, attrDefaults: attrDefaults, gradient: .function(gradient), file: file,
            line: line)
    }
}

extension OutputSignature {
    /// One resource handle (`StackV2`).
    static let resourceHandle = OutputSignature(count: .fixed(1), element: .fixed(.resource))
    /// One float scalar that only orders a `TensorArray`'s ops (its `flow`).
    static let flow = OutputSignature(count: .fixed(1), element: .fixed(.float32))
}
