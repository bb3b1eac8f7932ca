/// Creates one op of a raw TF op type by name, as `tf.raw_ops.<type>` does
/// (named after its type by default). Supports the op types whose definition
/// says how `rawOp` builds them.
public func rawOp(
    _ type: String, inputs: [any TensorConvertible], attrs: AttrMap = [:], name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Operation {
    guard let build = OpRegistry[type]?.rawOp else {
        throw ScopeFlowError(
            .unimplemented, "rawOp does not know op type \(type); use its ScopeFlow constructor instead.")
    }
    return try build(
        RawOpArguments(
            type: type, inputs: inputs, attrs: attrs, name: name, location: SourceLocation(fileID: file, line: line)))
}

/// How `rawOp` builds the op families it supports, shared by their definitions.
enum RawOps {
    /// A broadcasting binary op (`Add`, `Mul` …).
    static let binary: RawOpBuilder = { arguments in
        try arguments.requireInputs(2)
        return try binaryOp(
            arguments.type, arguments.inputs[0], arguments.inputs[1], name: arguments.name,
            defaultName: arguments.type, location: arguments.location
        ).op
    }

    /// An elementwise op of one input (`Relu`, `Identity` …).
    static let unary: RawOpBuilder = { arguments in
        try arguments.requireInputs(1)
        return try unaryOp(arguments.type, arguments.inputs[0], name: arguments.name, location: arguments.location).op
    }

    /// `ClipByValue(t, clip_value_min, clip_value_max)`.
    static let clipByValue: RawOpBuilder = { arguments in
        try arguments.requireInputs(3)
        let inputs = arguments.inputs.map(\.tensor)
        return try clipByValueOp(
            inputs[0], min: inputs[1], max: inputs[2], name: arguments.name, location: arguments.location
        ).op
    }

    /// The legacy `Gather(params, indices)`.
    static let gather: RawOpBuilder = { arguments in
        try arguments.requireInputs(2)
        return try legacyGather(
            arguments.inputs[0].tensor, indices: arguments.inputs[1].tensor, name: arguments.name,
            location: arguments.location
        ).op
    }

    /// `MatMul(a, b)` with `transpose_a` / `transpose_b`.
    static let matMul: RawOpBuilder = { arguments in
        try arguments.requireInputs(2)
        return try matmul(
            arguments.inputs[0], arguments.inputs[1], transposeA: arguments.attrs["transpose_a"]?.boolValue ?? false,
            transposeB: arguments.attrs["transpose_b"]?.boolValue ?? false, name: arguments.name ?? "MatMul",
            file: arguments.location.fileID, line: arguments.location.line
        ).op
    }

    /// `Conv2D(input, filter)` with `strides` and `padding`.
    static let conv2D: RawOpBuilder = { arguments in
        try arguments.requireInputs(2)
        return try conv2d(
            arguments.inputs[0], filter: arguments.inputs[1], strides: arguments.attrs["strides"]?.intsValue ?? [1, 1, 1, 1],
            padding: arguments.attrs["padding"]?.stringValue ?? "VALID", name: arguments.name ?? "Conv2D",
            file: arguments.location.fileID, line: arguments.location.line
        ).op
    }

    /// `NoOp()`.
    static let noOp: RawOpBuilder = { arguments in
        try arguments.requireInputs(0)
        return try ScopeFlow.noOp(name: arguments.name, file: arguments.location.fileID, line: arguments.location.line)
    }
}
