extension Kernels {
    /// `IsVariableInitialized` as a kernel, which the frame executor runs on the variable's value:
    /// a variable whose value could be read holds one. (A plan without control flow answers
    /// without reading the variable, so there an uninitialized one gives false, as in TF.)
    static func isVariableInitialized(_ context: KernelContext) throws -> Kernel {
        return { inputs in
            try context.checkInputCount(inputs, 1)
            return [HostTensor(scalar: true)]
        }
    }
}
