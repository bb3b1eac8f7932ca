extension OpDefinitions {
    /// The definitions of the neural-network ops: bias, softmax family, losses, pooling and convolution.
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
            "MaxPool", kernel: .general(PoolingKernels.maxPool), shape: .pool,
            attrDefaults: ["explicit_paddings": .ints([]), "data_format": .string("NHWC")]
        ) { op, grads in
            [try windowGradOp("MaxPoolGrad", op, [op.inputs[0], op.output(0), grads[0]!], shape: .maxPoolGrad)]
        },
        OpDefinition(
            "AvgPool", kernel: .general(PoolingKernels.avgPool), shape: .pool,
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
        OpDefinition("BiasAddV1", kernel: .singleOutput(NeuralNetOps.biasAdd), gradient: .undefined),
        OpDefinition(
            "BiasAddGrad", kernel: .singleOutput(GradientReductions.biasAddGrad),
            compiled: .step(CompiledReductions.biasAddGrad), shape: .biasAddGrad,
            attrDefaults: ["data_format": .string("NHWC")], gradient: .undefined
        ),
        OpDefinition(
            "MaxPoolGrad", kernel: .general(PoolingKernels.maxPoolGrad), shape: .maxPoolGrad,
            attrDefaults: ["explicit_paddings": .ints([]), "data_format": .string("NHWC")], gradient: .undefined
        ),
        OpDefinition(
            "AvgPoolGrad", kernel: .general(PoolingKernels.avgPoolGrad), shape: .avgPoolGrad,
            attrDefaults: ["data_format": .string("NHWC")], gradient: .undefined
        ),
        OpDefinition(
            "Conv2DBackpropInput", kernel: .general(Kernels.makeConv2DBackpropInput),
            compiled: .step(CompiledConvolution.conv2DBackpropInput), shape: .conv2DBackpropInput,
            attrDefaults: convolutionDefaults, gradient: .undefined
        ),
        OpDefinition(
            "Conv2DBackpropFilter", kernel: .general(Kernels.makeConv2DBackpropFilter),
            compiled: .step(CompiledConvolution.conv2DBackpropFilter), shape: .conv2DBackpropFilter,
            attrDefaults: convolutionDefaults, gradient: .undefined
        ),
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

    /// A pooling or convolution gradient op of `type` with the forward op's window attributes.
    private static func windowGradOp(
        _ type: String, _ op: Operation, _ inputs: [Tensor], shape: ShapeFunction
    ) throws -> Tensor {
        try makeOp(
            type, name: nil, defaultName: type, inputs: inputs, attrs: op.attrs, location: gradientLocation,
            shape: shape
        ).output(0)
    }

    /// TF's defaults of the optional attributes of `Conv2D` and its backprops.
    private static let convolutionDefaults: AttrMap = [
        "use_cudnn_on_gpu": .bool(true), "explicit_paddings": .ints([]), "data_format": .string("NHWC"),
        "dilations": .ints([1, 1, 1, 1]),
    ]
}
