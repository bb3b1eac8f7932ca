extension Kernels {
    /// Kernels of the elementwise family with more than the single-output
    /// form: `Cast`, `ZerosLike`/`OnesLike`, `AddN`, `ClipByValue` and `Select`/`SelectV2`.
    static let elementwise: [String: KernelFactory] = ConversionOps.table
        .merging(NaryOps.table) { first, _ in first }

    /// The kernels with a fast single-output form: broadcasting binary ops,
    /// unary math and activations, the activation gradients and `BiasAdd`.
    static let singleOutput: [String: SingleOutputKernelFactory] = BinaryOps.table
        .merging(UnaryOps.table) { first, _ in first }
        .merging(ActivationGrads.table) { first, _ in first }
        .merging(NeuralNetOps.singleOutputTable) { first, _ in first }
}
