extension OpDefinitions {
    /// The definitions of the activations, each one TF `*Grad` op.
    static let activations: [OpDefinition] = [
        OpDefinition(
            "Relu", kernel: .singleOutput(UnaryOps.numeric(UnaryOps.Relu())),
            compiled: .unary(numeric: UnaryOps.Relu()), rawOp: RawOps.unary
        ) { op, grads in [try elementwiseGradOp("ReluGrad", [grads[0]!, op.output(0)])] },
        OpDefinition(
            "Relu6", kernel: .singleOutput(UnaryOps.numeric(UnaryOps.Relu6())),
            compiled: .unary(numeric: UnaryOps.Relu6()), rawOp: RawOps.unary
        ) { op, grads in [try elementwiseGradOp("Relu6Grad", [grads[0]!, op.output(0)])] },
        OpDefinition("Elu", kernel: .singleOutput(UnaryOps.float(UnaryOps.Elu()))) { op, grads in [try elementwiseGradOp("EluGrad", [grads[0]!, op.output(0)])] },
        OpDefinition("Selu", kernel: .singleOutput(UnaryOps.float(UnaryOps.Selu()))) { op, grads in [try elementwiseGradOp("SeluGrad", [grads[0]!, op.output(0)])] },
        OpDefinition("Softplus", kernel: .singleOutput(UnaryOps.float(UnaryOps.Softplus()))) { op, grads in [try elementwiseGradOp("SoftplusGrad", [grads[0]!, op.inputs[0]])] },
        OpDefinition("LeakyRelu", kernel: .singleOutput(UnaryOps.leakyRelu)) { op, grads in
            [try elementwiseGradOp("LeakyReluGrad", [grads[0]!, op.inputs[0]], attrs: ["alpha": op.attrs["alpha"] ?? .float(0.2)])]
        },
        OpDefinition(
            "Tanh", kernel: .singleOutput(UnaryOps.float(UnaryOps.Tanh())), compiled: .unary(float: UnaryOps.Tanh()),
            rawOp: RawOps.unary
        ) { op, grads in [try elementwiseGradOp("TanhGrad", [op.output(0), grads[0]!])] },
        OpDefinition(
            "Sigmoid", kernel: .singleOutput(UnaryOps.float(UnaryOps.Sigmoid())),
            compiled: .unary(float: UnaryOps.Sigmoid()), rawOp: RawOps.unary
        ) { op, grads in [try elementwiseGradOp("SigmoidGrad", [op.output(0), grads[0]!])] },
        OpDefinition("Softsign", kernel: .singleOutput(UnaryOps.float(UnaryOps.Softsign())), gradient: .undefined),
        OpDefinition(
            "ReluGrad", kernel: .singleOutput(BinaryOps.float(ActivationGrads.Relu())),
            compiled: .binary(float: ActivationGrads.Relu()), gradient: .undefined
        ),
        OpDefinition(
            "Relu6Grad", kernel: .singleOutput(BinaryOps.float(ActivationGrads.Relu6())), gradient: .undefined
        ),
        OpDefinition("EluGrad", kernel: .singleOutput(BinaryOps.float(ActivationGrads.Elu())), gradient: .undefined),
        OpDefinition("SeluGrad", kernel: .singleOutput(BinaryOps.float(ActivationGrads.Selu())), gradient: .undefined),
        OpDefinition(
            "SoftplusGrad", kernel: .singleOutput(BinaryOps.float(ActivationGrads.Softplus())), gradient: .undefined
        ),
        OpDefinition(
            "TanhGrad", kernel: .singleOutput(BinaryOps.float(ActivationGrads.Tanh())),
            compiled: .binary(float: ActivationGrads.Tanh()), gradient: .undefined
        ),
        OpDefinition(
            "SigmoidGrad", kernel: .singleOutput(BinaryOps.float(ActivationGrads.Sigmoid())),
            compiled: .binary(float: ActivationGrads.Sigmoid()), gradient: .undefined
        ),
        OpDefinition("LeakyReluGrad", kernel: .singleOutput(ActivationGrads.leakyRelu), gradient: .undefined),
    ]
}
