extension Kernels {
    /// `Assert(condition, data…)`: nothing when the bool scalar `condition` is true; otherwise
    /// TF's `assertion failed: [..] [..]`, each data tensor summarized to its first `summarize`
    /// values (TF's `AssertOp`).
    static let assertion: KernelFactory = { context in
        let summarize = context.int("summarize", default: 3)
        return { inputs in
            guard let condition = inputs.first, case .bool(let holds) = condition.storage else {
                throw ScopeFlowError(
                    .invalidArgument, "Op '\(context.opName)' (Assert) needs a bool condition as its first input.",
                    names: [context.opName])
            }
            guard condition.shape.isEmpty else {
                let dims = condition.shape.map(String.init).joined(separator: ",")
                throw ScopeFlowError(
                    .invalidArgument, "In[0] should be a scalar: [\(dims)]", names: [context.opName])
            }
            if holds[0] { return [] }
            let data = inputs.dropFirst().map { "[" + $0.summarizedValue(maxEntries: summarize) + "]" }
            throw ScopeFlowError(
                .invalidArgument, "assertion failed: " + data.joined(separator: " "), names: [context.opName])
        }
    }
}
