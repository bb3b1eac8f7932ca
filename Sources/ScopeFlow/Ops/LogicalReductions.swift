/// Whether every element over `axis` is true (TF's `tf.reduce_all`, op `All`). `axis: nil`
/// reduces every axis; an empty group gives true. `x` must be bool.
public func reduceAll(
    _ x: any TensorConvertible, axis: [Int]? = nil, keepDims: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try reduction(
        "All", x, axis: axis, keepDims: keepDims, name: name, location: SourceLocation(fileID: file, line: line),
        shape: .logicalReduction)
}

/// Whether some element over `axis` is true (TF's `tf.reduce_any`, op `Any`). `axis: nil`
/// reduces every axis; an empty group gives false. `x` must be bool.
public func reduceAny(
    _ x: any TensorConvertible, axis: [Int]? = nil, keepDims: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try reduction(
        "Any", x, axis: axis, keepDims: keepDims, name: name, location: SourceLocation(fileID: file, line: line),
        shape: .logicalReduction)
}

extension ShapeFunction {
    /// A bool reduction (`All`, `Any`): a ``reduction`` of a bool input, whose only type
    /// attribute is its axes' `Tidx`.
    static let logicalReduction = ShapeFunction(inputTypes: ["Tidx": 1]) { op in
        try requireDType(op.input(0), in: [.bool], argument: "input", opType: op.opType)
        return try ShapeFunction.reduction.infer(op)
    }
}
