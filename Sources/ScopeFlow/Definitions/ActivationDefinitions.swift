extension OpDefinitions {
    /// The definitions of the activations, each one TF `*Grad` op.
    static let activations: [OpDefinition] = [
        OpDefinition(
            "Relu", kernel: .singleOutput(UnaryOps.numeric(UnaryOps.Relu())),
            compiled: .unary(numeric: UnaryOps.Relu()), shape: .unchanged
        ) { op, grads in [try elementwiseGradOp("ReluGrad", [grads[0]!, op.output(0)])] },
        OpDefinition(
            "Relu6", kernel: .singleOutput(UnaryOps.numeric(UnaryOps.Relu6())),
            compiled: .unary(numeric: UnaryOps.Relu6()), shape: .unchanged
        ) { op, grads in [try elementwiseGradOp("Relu6Grad", [grads[0]!, op.output(0)])] },
        OpDefinition("Elu", kernel: .singleOutput(UnaryOps.float(UnaryOps.Elu())), shape: .unchanged) { op, grads in
            [try elementwiseGradOp("EluGrad", [grads[0]!, op.output(0)])]
        },
        OpDefinition("Selu", kernel: .singleOutput(UnaryOps.float(UnaryOps.Selu())), shape: .unchanged) { op, grads in
            [try elementwiseGradOp("SeluGrad", [grads[0]!, op.output(0)])]
        },
        OpDefinition("Softplus", kernel: .singleOutput(UnaryOps.float(UnaryOps.Softplus())), shape: .unchanged) {
            op, grads in [try elementwiseGradOp("SoftplusGrad", [grads[0]!, op.inputs[0]])]
        },
        OpDefinition(
            "LeakyRelu", kernel: .singleOutput(UnaryOps.leakyRelu),
            compiled: .unary(float: { UnaryOps.LeakyRelu(alpha: $0.float("alpha", default: 0.2)) }), shape: .unchanged,
            attrDefaults: ["alpha": .float(0.2)]
        ) { op, grads in
            [
                try elementwiseGradOp(
                    "LeakyReluGrad", [grads[0]!, op.inputs[0]], attrs: ["alpha": op.attrs["alpha"] ?? .float(0.2)])
            ]
        },
        OpDefinition(
            "Tanh", kernel: .singleOutput(UnaryOps.float(UnaryOps.Tanh())), compiled: .unary(float: UnaryOps.Tanh()),
            shape: .unchanged
        ) { op, grads in [try elementwiseGradOp("TanhGrad", [op.output(0), grads[0]!])] },
        OpDefinition(
            "Sigmoid", kernel: .singleOutput(UnaryOps.float(UnaryOps.Sigmoid())),
            compiled: .unary(float: UnaryOps.Sigmoid()), shape: .unchanged
        ) { op, grads in [try elementwiseGradOp("SigmoidGrad", [op.output(0), grads[0]!])] },
        OpDefinition(
            "Softsign", kernel: .singleOutput(UnaryOps.float(UnaryOps.Softsign())),
            compiled: .unary(float: UnaryOps.Softsign()), shape: .unchanged
        ) {
            op, grads in [try elementwiseGradOp("SoftsignGrad", [grads[0]!, op.inputs[0]])]
        },
        OpDefinition(
            "SoftsignGrad", kernel: .singleOutput(BinaryOps.float(ActivationGrads.Softsign())),
            compiled: .binary(float: ActivationGrads.Softsign()), shape: .unchanged,
            gradient: .undefined),
        OpDefinition(
            "ReluGrad", kernel: .singleOutput(BinaryOps.float(ActivationGrads.Relu())),
            compiled: .binary(float: ActivationGrads.Relu()), shape: .unchanged, gradient: .undefined
        ),
        OpDefinition(
            "Relu6Grad", kernel: .singleOutput(BinaryOps.float(ActivationGrads.Relu6())), shape: .unchanged,
            gradient: .undefined
        ),
        OpDefinition(
            "EluGrad", kernel: .singleOutput(BinaryOps.float(ActivationGrads.Elu())), shape: .unchanged,
            gradient: .undefined),
        OpDefinition(
            "SeluGrad", kernel: .singleOutput(BinaryOps.float(ActivationGrads.Selu())), shape: .unchanged,
            gradient: .undefined),
        OpDefinition(
            "SoftplusGrad", kernel: .singleOutput(BinaryOps.float(ActivationGrads.Softplus())), shape: .unchanged,
            gradient: .undefined
        ),
        OpDefinition(
            "TanhGrad", kernel: .singleOutput(BinaryOps.float(ActivationGrads.Tanh())),
            compiled: .binary(float: ActivationGrads.Tanh()), shape: .unchanged, gradient: .undefined
        ),
        OpDefinition(
            "SigmoidGrad", kernel: .singleOutput(BinaryOps.float(ActivationGrads.Sigmoid())),
            compiled: .binary(float: ActivationGrads.Sigmoid()), shape: .unchanged, gradient: .undefined
        ),
        OpDefinition(
            "LeakyReluGrad", kernel: .singleOutput(ActivationGrads.leakyRelu),
            compiled: .binary(float: { ActivationGrads.LeakyRelu(alpha: $0.float("alpha", default: 0.2)) }),
            shape: .unchanged,
            attrDefaults: ["alpha": .float(0.2)], gradient: .undefined),
    ]
}
