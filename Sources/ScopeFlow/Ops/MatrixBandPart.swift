/// `x` with each innermost matrix cleared outside a band: `numLower` diagonals below the main one
/// and `numUpper` above are kept, a negative count keeps that whole triangle (TF's
/// `tf.linalg.band_part`, op `MatrixBandPart` with the counts `Const`s named
/// `MatrixBandPart/num_lower` and `MatrixBandPart/num_upper`).
///
/// ```swift
/// let lowerTriangle = try matrixBandPart(x, numLower: -1, numUpper: 0)
/// let diagonal = try matrixBandPart(x, numLower: 0, numUpper: 0)
/// ```
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for an input of rank below 2, or a count
///   larger than the rows (`numLower`) or columns (`numUpper`) of a known shape.
public func matrixBandPart(
    _ x: any TensorConvertible, numLower: Int, numUpper: Int, name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    return try nameScope(name, defaultName: "MatrixBandPart", values: [input]) { scope in
        try matrixBandPartOp(
            input, numLower: indexScalar(numLower, name: "num_lower"),
            numUpper: indexScalar(numUpper, name: "num_upper"),
            name: scope, location: SourceLocation(fileID: file, line: line))
    }
}

/// `MatrixBandPart` of `input` with bounds known when the graph runs (the form TF's gradient builds
/// from the forward op's bounds).
func matrixBandPartOp(
    _ input: Tensor, numLower: Tensor, numUpper: Tensor, name: String? = nil,
    location: SourceLocation = gradientLocation
) throws -> Tensor {
    try makeOp(
        "MatrixBandPart", name: name, defaultName: "MatrixBandPart", inputs: [input, numLower, numUpper],
        attrs: ["T": .type(input.dtype), "Tindex": .type(numLower.dtype)], location: location, shape: .matrixBandPart
    ).output(0)
}

extension ShapeFunction {
    /// `MatrixBandPart`: the input's shape, after TF's checks (rank 2 or more, scalar bounds
    /// within the matrix where known).
    static let matrixBandPart = ShapeFunction(inputTypes: ["T": 0, "Tindex": 1]) { op in
        try op.requireInputs(3)
        let x = op.inputs[0]
        if let rank = x.shape.rank, rank < 2 {
            throw ScopeFlowError(
                .invalidArgument,
                "MatrixBandPart '\(op.opName)' needs an input of rank 2 or more, but got shape \(x.shape).",
                names: [op.opName])
        }
        for (index, bound) in [(1, "num_lower"), (2, "num_upper")] {
            let tensor = op.inputs[index]
            try requireDType(tensor, in: [.int32, .int64], argument: bound, opType: op.opType)
            try requireRank(tensor, 0, opName: op.opName)
            let extent = x.shape.dims.flatMap { $0[$0.count - 3 + index] }
            if let value = staticInts(tensor)?.first, let extent, value > extent {
                throw ScopeFlowError(
                    .invalidArgument,
                    "\(bound) must be negative or less or equal to the matrix's \(index == 1 ? "rows" : "columns") "
                        + "(\(extent)), got \(value) for '\(op.opName)'.",
                    names: [op.opName])
            }
        }
        return [OutputSpec(dtype: x.dtype, shape: x.shape)]
    }
}
