/// Creates one op of a raw TF op type by name, as `tf.raw_ops.<type>` does (named after
/// its type by default). Works for every op type whose definition has a shape function
/// or its own `rawOp` builder: `attrs` are completed with TF's defaults, and a missing
/// `T` is the first input's dtype, as TF infers it.
///
/// ```swift
/// let sum = try rawOp("AddV2", inputs: [x, y])            // op "AddV2", attr T from x
/// let p = try rawOp("MatMul", inputs: [a, b], attrs: ["transpose_b": .bool(true)])
/// ```
/// - Throws: ``ScopeFlowError/Code/unimplemented`` for an op type ScopeFlow cannot build by
///   name; the op's own shape errors otherwise.
public func rawOp(
    _ type: String, inputs: [any TensorConvertible], attrs: AttrMap = [:], name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Operation {
    let location = SourceLocation(fileID: file, line: line)
    guard let definition = OpRegistry[type], definition.rawOp != nil || definition.shape != nil else {
        throw ScopeFlowError(
            .unimplemented, "rawOp does not know op type \(type); use its ScopeFlow constructor instead.",
            location: location)
    }
    var completed = attrs
    for (key, value) in definition.attrDefaults where completed[key] == nil { completed[key] = value }
    if let build = definition.rawOp {
        return try build(RawOpArguments(type: type, inputs: inputs, attrs: completed, name: name, location: location))
    }
    let tensors = inputs.map(\.tensor)
    if let first = tensors.first, completed["T"] == nil { completed["T"] = .type(first.dtype) }
    return try makeOp(
        type, name: name, defaultName: type, inputs: tensors, attrs: completed, location: location,
        shape: definition.shape!)
}

/// How `rawOp` builds the op families it supports, shared by their definitions.
enum RawOps {
    /// `Cast(x)` to `DstT`: `SrcT` is the input's dtype, as TF infers it (Cast has no `T`).
    static let cast: RawOpBuilder = { arguments in
        try arguments.requireInputs(1)
        let x = arguments.inputs[0].tensor
        return try makeOp(
            "Cast", name: arguments.name, defaultName: "Cast", inputs: [x],
            attrs: arguments.attrs.setting("SrcT", ifAbsent: .type(x.dtype)), location: arguments.location, shape: .cast)
    }

    /// The legacy `Gather(params, indices)`.
    static let gather: RawOpBuilder = { arguments in
        try arguments.requireInputs(2)
        return try legacyGather(
            arguments.inputs[0].tensor, indices: arguments.inputs[1].tensor, name: arguments.name,
            location: arguments.location
        ).op
    }

    /// `NoOp()`.
    static let noOp: RawOpBuilder = { arguments in
        try arguments.requireInputs(0)
        return try ScopeFlow.noOp(name: arguments.name, file: arguments.location.fileID, line: arguments.location.line)
    }
}
