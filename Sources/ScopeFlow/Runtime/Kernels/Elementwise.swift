extension Kernels {
    /// Kernels of the elementwise family with only the general form: `Cast`,
    /// `ZerosLike`/`OnesLike`, `ClipByValue` and `Select`/`SelectV2`.
    static let elementwise: [String: KernelFactory] = ConversionOps.table
        .merging(NaryOps.table) { first, _ in first }
}
