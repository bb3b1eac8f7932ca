extension Kernels {
    /// `IsVariableInitialized` as a kernel of the variable's value: a variable whose value could be
    /// read holds one. Plans do not run it: they answer from the variable's presence without
    /// reading it, so an uninitialized variable gives false, as in TF.
    static func isVariableInitialized(_ context: KernelContext) throws -> Kernel {
        return { inputs in
            try context.checkInputCount(inputs, 1)
            return [HostTensor(scalar: true)]
        }
    }
}
