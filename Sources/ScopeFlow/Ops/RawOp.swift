/// Creates one op of a raw TF op type by name, as `tf.raw_ops.<type>` does
/// (named after its type by default). Supports the op types with a shape
/// function in ScopeFlow.
public func rawOp(
    _ type: String, inputs: [any TensorConvertible], attrs: AttrMap = [:], name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Operation {
    let location = SourceLocation(fileID: file, line: line)
    func arity(_ n: Int) throws {
        guard inputs.count == n else {
            throw ScopeFlowError(.invalidArgument, "\(type) takes \(n) inputs, got \(inputs.count).")
        }
    }
    switch type {
    case "Add", "AddV2", "Sub", "Mul", "RealDiv", "Maximum", "Minimum", "Pow", "SquaredDifference":
        try arity(2)
        return try binaryOp(type, inputs[0], inputs[1], name: name, defaultName: type, location: location).op
    case "Identity", "Relu", "Relu6", "Tanh", "Sigmoid", "Neg", "Square", "Sqrt", "Exp", "Log", "Abs", "ZerosLike",
        "OnesLike":
        try arity(1)
        return try unaryOp(type, inputs[0], name: name, location: location).op
    case "ClipByValue":
        try arity(3)
        return try clipByValueOp(inputs[0].tensor, min: inputs[1].tensor, max: inputs[2].tensor, name: name, location: location).op
    case "Gather":
        try arity(2)
        return try legacyGather(inputs[0].tensor, indices: inputs[1].tensor, name: name, location: location).op
    case "MatMul":
        try arity(2)
        return try matmul(
            inputs[0], inputs[1], transposeA: attrs["transpose_a"]?.boolValue ?? false,
            transposeB: attrs["transpose_b"]?.boolValue ?? false, name: name ?? "MatMul", file: file, line: line
        ).op
    case "Conv2D":
        try arity(2)
        return try conv2d(
            inputs[0], filter: inputs[1], strides: attrs["strides"]?.intsValue ?? [1, 1, 1, 1],
            padding: attrs["padding"]?.stringValue ?? "VALID", name: name ?? "Conv2D", file: file, line: line
        ).op
    case "NoOp":
        try arity(0)
        return try noOp(name: name, file: file, line: line)
    default:
        throw ScopeFlowError(
            .unimplemented, "rawOp does not know op type \(type); use its ScopeFlow constructor instead.")
    }
}
