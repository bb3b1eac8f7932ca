extension Kernels {
    /// Kernels of the elementwise family with only the general form: `Cast`,
    /// `ZerosLike`/`OnesLike`, `ClipByValue` and `Select`/`SelectV2`.
    static let elementwise: [String: KernelFactory] = ConversionOps.table
        .merging(NaryOps.table) { first, _ in first }

    /// The kernels with a fast single-output form: broadcasting binary ops,
    /// unary math and activations, `AddN`, the activation gradients, `BiasAdd`
    /// and `BiasAddGrad`, matrix products, reductions, and the reshaping,
    /// slicing and concatenating array ops.
    static let singleOutput: [String: SingleOutputKernelFactory] = BinaryOps.table
        .merging(UnaryOps.table) { first, _ in first }
        .merging(["AddN": NaryOps.addN]) { first, _ in first }
        .merging(ActivationGrads.table) { first, _ in first }
        .merging(NeuralNetOps.singleOutputTable) { first, _ in first }
        .merging(linearAlgebra) { first, _ in first }
        .merging(reductions) { first, _ in first }
        .merging(singleOutputArrayOps) { first, _ in first }
        .merging(stridedSliceGrad) { first, _ in first }
        .merging(["BiasAddGrad": GradientReductions.biasAddGrad]) { first, _ in first }
}
