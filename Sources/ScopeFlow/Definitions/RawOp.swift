/// Creates one op of a raw TF op type by name, as `tf.raw_ops.<type>` does (named after
/// its type by default). Works for every op type whose definition has a shape function:
/// `attrs` are completed with TF's defaults, and a missing
/// type attribute of an input (`T`, `Tidx` …) is that input's dtype, as TF infers it.
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
    guard let definition = OpRegistry[type], let shape = definition.shape else {
        throw ScopeFlowError(
            .unimplemented, "rawOp does not know op type \(type); use its ScopeFlow constructor instead.",
            location: location)
    }
    var completed = attrs
    for (key, value) in definition.attrDefaults where completed[key] == nil { completed[key] = value }
    let tensors = inputs.map(\.tensor)
    for (key, index) in shape.inputTypes where attrs[key] == nil {
        let position = index < 0 ? tensors.count + index : index
        if tensors.indices.contains(position) { completed[key] = .type(tensors[position].dtype) }
    }
    return try makeOp(
        type, name: name, defaultName: type, inputs: tensors, attrs: completed, location: location, shape: shape)
}
