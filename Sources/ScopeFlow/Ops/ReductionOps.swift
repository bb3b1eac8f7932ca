/// The sum over `axis` (TF's `tf.reduce_sum`, op `Sum`). `axis: nil` reduces every axis.
public func reduceSum(
    _ x: any TensorConvertible, axis: [Int]? = nil, keepDims: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try reduction("Sum", x, axis: axis, keepDims: keepDims, name: name, location: SourceLocation(fileID: file, line: line))
}

/// The mean over `axis` (TF's `tf.reduce_mean`, op `Mean`). `axis: nil` reduces every axis.
public func reduceMean(
    _ x: any TensorConvertible, axis: [Int]? = nil, keepDims: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try reduction("Mean", x, axis: axis, keepDims: keepDims, name: name, location: SourceLocation(fileID: file, line: line))
}

/// The maximum over `axis` (TF's `tf.reduce_max`, op `Max`). `axis: nil` reduces every axis.
public func reduceMax(
    _ x: any TensorConvertible, axis: [Int]? = nil, keepDims: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try reduction("Max", x, axis: axis, keepDims: keepDims, name: name, location: SourceLocation(fileID: file, line: line))
}

/// The minimum over `axis` (TF's `tf.reduce_min`, op `Min`). `axis: nil` reduces every axis.
public func reduceMin(
    _ x: any TensorConvertible, axis: [Int]? = nil, keepDims: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try reduction("Min", x, axis: axis, keepDims: keepDims, name: name, location: SourceLocation(fileID: file, line: line))
}

/// The product over `axis` (TF's `tf.reduce_prod`, op `Prod`). `axis: nil` reduces every axis.
public func reduceProd(
    _ x: any TensorConvertible, axis: [Int]? = nil, keepDims: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try reduction("Prod", x, axis: axis, keepDims: keepDims, name: name, location: SourceLocation(fileID: file, line: line))
}

/// Builds a reduction as TF does: all axes become a `Const` named `Const` made
/// before the op's scope (for a scalar, TF's `Rank` and `range` instead);
/// explicit axes become `<op>/reduction_indices`.
private func reduction(
    _ type: String, _ x: any TensorConvertible, axis: [Int]?, keepDims: Bool, name: String?, location: SourceLocation
) throws -> Tensor {
    let input = x.tensor
    return try input.graph.asDefault {
        var indices: Tensor? = nil
        if axis == nil {
            guard let rank = input.shape.rank else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "Reducing every axis of \(input.name) needs its rank; give it a shape or pass axis explicitly.",
                    names: [input.name])
            }
            indices = try rank == 0
                ? range(limit: rankConstant(input), file: location.fileID, line: location.line)
                : constant(HostTensor((0..<rank).map { Int32($0) }))
        }
        return try nameScope(name, defaultName: type, values: [input]) { scope in
            let reductionIndices = try indices ?? indexVector(axis ?? [], name: "reduction_indices")
            return try reductionOp(type, input, reductionIndices, keepDims: keepDims, name: scope, location: location)
        }
    }
}

/// The reduction op itself, with its shape function.
func reductionOp(
    _ type: String, _ input: Tensor, _ indices: Tensor, keepDims: Bool, name: String, location: SourceLocation
) throws -> Tensor {
    try makeOp(
        type, name: name, defaultName: type, inputs: [input, indices],
        attrs: ["T": .type(input.dtype), "Tidx": .type(indices.dtype), "keep_dims": .bool(keepDims)],
        location: location
    ) { opName in
        guard let dims = input.shape.dims, let axes = staticInts(indices) else {
            let unknownDims = input.shape.rank.map { [Int?](repeating: nil, count: $0) }
            return [OutputSpec(dtype: input.dtype, shape: keepDims ? unknownDims.map(Shape.init) ?? .unknown : .unknown)]
        }
        var reduced = Set<Int>()
        for axis in axes {
            guard axis >= -dims.count, axis < Swift.max(dims.count, 1) else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "Invalid reduction dimension \(axis) for input with \(dims.count) dimensions for '\(opName)' "
                        + "(\(type)); use an axis in [-\(dims.count), \(dims.count)).",
                    names: [opName])
            }
            reduced.insert(axis < 0 ? axis + dims.count : axis)
        }
        let out: [Int?] = dims.indices.compactMap { i in
            reduced.contains(i) ? (keepDims ? .some(1) : nil) : .some(dims[i])
        }
        return [OutputSpec(dtype: input.dtype, shape: Shape(out))]
    }.output(0)
}

/// The index of the largest value along `axis`; ties give the smallest index
/// (TF's `tf.argmax`, op `ArgMax` with its axis a `Const` named `ArgMax/dimension`).
public func argmax(
    _ x: any TensorConvertible, axis: Int, outputType: DType = .int64, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    return try nameScope(name, defaultName: "ArgMax", values: [input]) { scope in
        let dimension = try indexScalar(axis, name: "dimension")
        return try makeOp(
            "ArgMax", name: scope, defaultName: "ArgMax", inputs: [input, dimension],
            attrs: ["T": .type(input.dtype), "Tidx": .type(.int32), "output_type": .type(outputType)],
            location: SourceLocation(fileID: file, line: line)
        ) { opName in
            try requireDType(input, in: [.float16, .float32, .float64, .int32, .int64], argument: "input", opType: "ArgMax")
            guard outputType == .int32 || outputType == .int64 else {
                throw ScopeFlowError(.invalidArgument, "ArgMax '\(opName)' outputType must be int32 or int64, not \(outputType).")
            }
            guard let dims = input.shape.dims, let a = try normalizedAxis(axis, rank: dims.count, opName: opName) else {
                return [OutputSpec(dtype: outputType, shape: .unknown)]
            }
            var out = dims
            out.remove(at: a)
            return [OutputSpec(dtype: outputType, shape: Shape(out))]
        }.output(0)
    }
}
