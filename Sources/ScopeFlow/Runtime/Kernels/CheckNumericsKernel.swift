/// `CheckNumerics(tensor)`: the tensor unchanged when every value is finite; otherwise TF's error
/// `<message> : Tensor had NaN values` (or `Inf`, or `Inf and NaN`).
func checkNumericsKernel(_ context: KernelContext) throws -> Kernel {
    let message = context.attrs["message"]?.stringValue ?? ""
    return { inputs in
        try context.checkInputCount(inputs, 1)
        let x = inputs[0]
        let (hasInf, hasNaN): (Bool, Bool)
        switch x.storage {
        case .float32(let values): (hasInf, hasNaN) = nonFiniteKinds(values)
        case .float64(let values): (hasInf, hasNaN) = nonFiniteKinds(values)
        case .float16(let values): (hasInf, hasNaN) = nonFiniteKinds(values)
        default: throw MathInputs.unsupported(x.dtype, context, allowed: "float16, float32 or float64")
        }
        let kinds = [hasInf ? "Inf" : nil, hasNaN ? "NaN" : nil].compactMap { $0 }
        guard kinds.isEmpty else {
            throw ScopeFlowError(
                .invalidArgument, "\(message) : Tensor had \(kinds.joined(separator: " and ")) values",
                names: [context.opName])
        }
        return [x]
    }
}

/// Whether `values` hold an infinity, and whether they hold a NaN.
private func nonFiniteKinds<T: BinaryFloatingPoint>(_ values: [T]) -> (hasInf: Bool, hasNaN: Bool) {
    (values.contains(where: \.isInfinite), values.contains(where: \.isNaN))
}
