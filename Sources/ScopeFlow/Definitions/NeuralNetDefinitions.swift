extension OpDefinitions {
    /// The definitions of the neural-network ops: bias, softmax family, losses, pooling, convolution and `InTopKV2`.
    static let neuralNet: [OpDefinition] = [
        OpDefinition(
            "BiasAdd", kernel: .singleOutput(NeuralNetOps.biasAdd), compiled: .step(CompiledElementwise.biasAdd),
            shape: .biasAdd, attrDefaults: ["data_format": .string("NHWC")]
        ) { op, grads in
            let g = grads[0]!
            let format = op.attrs["data_format"] ?? .string("NHWC")
            let bias = try makeOp(
                "BiasAddGrad", name: nil, defaultName: "BiasAddGrad", inputs: [g],
                attrs: ["T": .type(g.dtype), "data_format": format], location: gradientLocation, shape: .biasAddGrad
            ).output(0)
            return [g, bias]
        },
        OpDefinition("Softmax", kernel: .general(SoftmaxOps.normalize(log: false)), shape: .softmax) { op, grads in
            let (g, y) = (grads[0]!, op.output(0))
            let channels = try reduceSum(multiply(g, y), axis: [-1], keepDims: true)
            return [try multiply(subtract(g, channels), y)]
        },
        OpDefinition("LogSoftmax", kernel: .general(SoftmaxOps.normalize(log: true)), shape: .softmax) { op, grads in
            let g = grads[0]!
            let probabilities = try exp(op.output(0))
            return [try subtract(g, multiply(reduceSum(g, axis: [-1], keepDims: true), probabilities))]
        },
        OpDefinition("L2Loss", kernel: .general(NeuralNetOps.l2Loss), shape: .l2Loss) { op, grads in
            [try op.inputs[0] * grads[0]!]
        },
        OpDefinition(
            "SoftmaxCrossEntropyWithLogits", kernel: .general(SoftmaxOps.softmaxCrossEntropy), outputs: .two,
            shape: .softmaxCrossEntropy
        ) { op, grads in
            // Labels get −log_softmax times the loss gradient (TF's _SoftmaxCrossEntropyWithLogitsGrad).
            [try logitsGradient(op, grads), try broadcastMultiply(grads[0]!, negative(logSoftmax(op.inputs[0])))]
        },
        OpDefinition(
            "SparseSoftmaxCrossEntropyWithLogits", kernel: .general(SoftmaxOps.sparseSoftmaxCrossEntropy),
            outputs: .two,
            shape: .sparseSoftmaxCrossEntropy, attrDefaults: ["Tlabels": .type(.int64)]
        ) { op, grads in [try logitsGradient(op, grads), nil] },
        OpDefinition(
            "MaxPool", kernel: .general(PoolingKernels.maxPool), compiled: .step(CompiledPooling.maxPool),
            shape: .pool,
            attrDefaults: ["explicit_paddings": .ints([]), "data_format": .string("NHWC")]
        ) { op, grads in
            [try windowGradOp("MaxPoolGrad", op, [op.inputs[0], op.output(0), grads[0]!], shape: .maxPoolGrad)]
        },
        OpDefinition(
            "AvgPool", kernel: .general(PoolingKernels.avgPool), compiled: .step(CompiledPooling.avgPool),
            shape: .pool,
            attrDefaults: ["data_format": .string("NHWC")]
        ) { op, grads in
            [try windowGradOp("AvgPoolGrad", op, [shape(op.inputs[0]), grads[0]!], shape: .avgPoolGrad)]
        },
        OpDefinition(
            "Conv2D", kernel: .general(Kernels.makeConv2D), compiled: .step(CompiledConvolution.conv2D),
            shape: .conv2D, attrDefaults: convolutionDefaults
        ) { op, grads in
            let (input, filter, g) = (op.inputs[0], op.inputs[1], grads[0]!)
            let shapes = try shapeN([input, filter])
            return [
                try windowGradOp("Conv2DBackpropInput", op, [shapes[0], filter, g], shape: .conv2DBackpropInput),
                try windowGradOp("Conv2DBackpropFilter", op, [input, shapes[1], g], shape: .conv2DBackpropFilter),
            ]
        },
        OpDefinition(
            "FusedBatchNormV3", kernel: .general(BatchNormKernels.fusedBatchNormV3),
            compiled: .step(CompiledBatchNorm.fusedBatchNormV3),
            outputs: .each([.typeAttr] + Array(repeating: .attr("U", fallback: .float32), count: 5)),
            shape: .fusedBatchNormV3,
            attrDefaults: [
                "epsilon": .float(0.0001), "exponential_avg_factor": .float(1), "data_format": .string("NHWC"),
                "is_training": .bool(true),
            ]
        ) { op, grads in
            guard let g = grads[0] else { return [nil, nil, nil, nil, nil] }
            return try fusedBatchNormGradient(op, g)
        },
        OpDefinition("BiasAddV1", kernel: .singleOutput(NeuralNetOps.biasAdd), gradient: .undefined),
        OpDefinition(
            "BiasAddGrad", kernel: .singleOutput(GradientReductions.biasAddGrad),
            compiled: .step(CompiledReductions.biasAddGrad), shape: .biasAddGrad,
            attrDefaults: ["data_format": .string("NHWC")], gradient: .undefined
        ),
        OpDefinition(
            "FusedBatchNormGradV3", kernel: .general(BatchNormKernels.fusedBatchNormGradV3),
            compiled: .step(CompiledBatchNorm.fusedBatchNormGradV3),
            outputs: .each([.typeAttr] + Array(repeating: .attr("U", fallback: .float32), count: 4)),
            shape: .fusedBatchNormGradV3,
            attrDefaults: ["epsilon": .float(0.0001), "data_format": .string("NHWC"), "is_training": .bool(true)],
            gradient: .undefined
        ),
        OpDefinition(
            "MaxPoolGrad", kernel: .general(PoolingKernels.maxPoolGrad), compiled: .step(CompiledPooling.maxPoolGrad),
            shape: .maxPoolGrad,
            attrDefaults: ["explicit_paddings": .ints([]), "data_format": .string("NHWC")], gradient: .undefined
        ),
        OpDefinition(
            "AvgPoolGrad", kernel: .general(PoolingKernels.avgPoolGrad), compiled: .step(CompiledPooling.avgPoolGrad),
            shape: .avgPoolGrad,
            attrDefaults: ["data_format": .string("NHWC")], gradient: .undefined
        ),
        OpDefinition(
            "Conv2DBackpropInput", kernel: .general(Kernels.makeConv2DBackpropInput),
            compiled: .step(CompiledConvolution.conv2DBackpropInput), shape: .conv2DBackpropInput,
            attrDefaults: convolutionDefaults
        ) { op, grads in
            // TF's _Conv2DBackpropInputGrad: no gradient for the sizes, the filter's by a
            // Conv2DBackpropFilter of the filter's shape, the input's by a Conv2D.
            let (filter, input, g) = (op.inputs[1], op.inputs[2], grads[0]!)
            let filterShape = try shape(filter)
            return [
                nil,
                try windowGradOp("Conv2DBackpropFilter", op, [g, filterShape, input], shape: .conv2DBackpropFilter),
                try windowGradOp("Conv2D", op, [g, filter], shape: .conv2D),
            ]
        },
        OpDefinition(
            "Conv2DBackpropFilter", kernel: .general(Kernels.makeConv2DBackpropFilter),
            compiled: .step(CompiledConvolution.conv2DBackpropFilter), shape: .conv2DBackpropFilter,
            attrDefaults: convolutionDefaults, gradient: .undefined
        ),
        OpDefinition(
            "DepthwiseConv2dNative", kernel: .general(Kernels.makeDepthwiseConv2D),
            compiled: .step(CompiledDepthwise.forward), shape: .depthwiseConv2D,
            attrDefaults: depthwiseDefaults
        ) { op, grads in
            // TF's _DepthwiseConv2dNativeGrad: each backprop takes the other operand's shape.
            let (input, filter, g) = (op.inputs[0], op.inputs[1], grads[0]!)
            let inputGradient = try windowGradOp(
                "DepthwiseConv2dNativeBackpropInput", op, [shape(input), filter, g], shape: .conv2DBackpropInput)
            return [
                inputGradient,
                try windowGradOp(
                    "DepthwiseConv2dNativeBackpropFilter", op, [input, shape(filter), g], shape: .conv2DBackpropFilter),
            ]
        },
        OpDefinition(
            "DepthwiseConv2dNativeBackpropInput", kernel: .general(Kernels.makeDepthwiseConv2DBackpropInput),
            compiled: .step(CompiledDepthwise.backpropInput),
            shape: .conv2DBackpropInput, attrDefaults: depthwiseDefaults
        ) { op, grads in
            // TF's _DepthwiseConv2dNativeBackpropInputGrad.
            let (filter, outputGradient, g) = (op.inputs[1], op.inputs[2], grads[0]!)
            return [
                nil,
                try windowGradOp(
                    "DepthwiseConv2dNativeBackpropFilter", op, [g, shape(filter), outputGradient],
                    shape: .conv2DBackpropFilter),
                try windowGradOp("DepthwiseConv2dNative", op, [g, filter], shape: .depthwiseConv2D),
            ]
        },
        OpDefinition(
            "DepthwiseConv2dNativeBackpropFilter", kernel: .general(Kernels.makeDepthwiseConv2DBackpropFilter),
            compiled: .step(CompiledDepthwise.backpropFilter),
            shape: .conv2DBackpropFilter, attrDefaults: depthwiseDefaults
        ) { op, grads in
            // TF's _DepthwiseConv2dNativeBackpropFilterGrad.
            let (input, outputGradient, g) = (op.inputs[0], op.inputs[2], grads[0]!)
            return [
                try windowGradOp(
                    "DepthwiseConv2dNativeBackpropInput", op, [shape(input), g, outputGradient],
                    shape: .conv2DBackpropInput),
                nil,
                try windowGradOp("DepthwiseConv2dNative", op, [input, g], shape: .depthwiseConv2D),
            ]
        },
        // TF registers no gradient for InTopKV2.
        OpDefinition(
            "InTopKV2", kernel: .general(inTopKKernel), outputs: .bool, shape: .inTopK,
            attrDefaults: ["T": .type(.int32)], gradient: .undefined),
    ]

    /// The logits' gradient of a softmax cross-entropy op: its backprop output times the
    /// loss gradient, plus the softmax's derivative when the backprop output has a gradient.
    private static func logitsGradient(_ op: Operation, _ grads: [Tensor?]) throws -> Tensor {
        var gradient = try broadcastMultiply(grads[0]!, op.output(1))
        if let g = grads[1], g.op.type != "ZerosLike" {
            let y = try softmax(op.inputs[0])
            let inner = try squeeze(matmul(expandDims(g, axis: 1), expandDims(y, axis: 2)), axis: [1])
            gradient = try gradient + ((g - inner) * y)
        }
        return gradient
    }

    /// The gradients of `x`, `scale` and `offset` of a `FusedBatchNormV3` op from the gradient of
    /// its `y`, by a `FusedBatchNormGradV3` op as TF's `_FusedBatchNormV3Grad` builds it: in
    /// training it reads the op's reserve spaces (batch mean and variance), in inference the
    /// population mean and variance the op was given. The statistics outputs pass no gradient on.
    private static func fusedBatchNormGradient(_ op: Operation, _ g: Tensor) throws -> [Tensor?] {
        let isTraining = op.attrs["is_training"]?.boolValue ?? true
        let statistics = isTraining ? [op.output(3), op.output(4)] : [op.inputs[3], op.inputs[4]]
        let gradient = try makeOp(
            "FusedBatchNormGradV3", name: nil, defaultName: "FusedBatchNormGradV3",
            inputs: [g, op.inputs[0], op.inputs[1]] + statistics + [op.output(5)],
            attrs: [
                "T": .type(g.dtype), "U": .type(statistics[0].dtype), "epsilon": op.attrs["epsilon"] ?? .float(0.0001),
                "data_format": op.attrs["data_format"] ?? .string("NHWC"), "is_training": .bool(isTraining),
            ],
            location: gradientLocation, shape: .fusedBatchNormGradV3)
        return [gradient.output(0), gradient.output(1), gradient.output(2), nil, nil]
    }

    /// A pooling or convolution gradient op of `type` with the forward op's window attributes.
    private static func windowGradOp(
        _ type: String, _ op: Operation, _ inputs: [Tensor], shape: ShapeFunction
    ) throws -> Tensor {
        try makeOp(
            type, name: nil, defaultName: type, inputs: inputs, attrs: op.attrs, location: gradientLocation,
            shape: shape
        ).output(0)
    }

    /// TF's defaults of the optional attributes of `DepthwiseConv2dNative` and its backprops.
    private static let depthwiseDefaults: AttrMap = [
        "explicit_paddings": .ints([]), "data_format": .string("NHWC"), "dilations": .ints([1, 1, 1, 1]),
    ]

    /// TF's defaults of the optional attributes of `Conv2D` and its backprops.
    private static let convolutionDefaults: AttrMap = [
        "use_cudnn_on_gpu": .bool(true), "explicit_paddings": .ints([]), "data_format": .string("NHWC"),
        "dilations": .ints([1, 1, 1, 1]),
    ]
}
