/// The sum over `axis` (TF's `tf.reduce_sum`, op `Sum`). `axis: nil` reduces every axis.
public func reduceSum(
    _ x: any TensorConvertible, axis: [Int]? = nil, keepDims: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try reduction(
        "Sum", x, axis: axis, keepDims: keepDims, name: name, location: SourceLocation(fileID: file, line: line))
}

/// The mean over `axis` (TF's `tf.reduce_mean`, op `Mean`). `axis: nil` reduces every axis.
public func reduceMean(
    _ x: any TensorConvertible, axis: [Int]? = nil, keepDims: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try reduction(
        "Mean", x, axis: axis, keepDims: keepDims, name: name, location: SourceLocation(fileID: file, line: line))
}

/// The maximum over `axis` (TF's `tf.reduce_max`, op `Max`). `axis: nil` reduces every axis.
public func reduceMax(
    _ x: any TensorConvertible, axis: [Int]? = nil, keepDims: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try reduction(
        "Max", x, axis: axis, keepDims: keepDims, name: name, location: SourceLocation(fileID: file, line: line))
}

/// The minimum over `axis` (TF's `tf.reduce_min`, op `Min`). `axis: nil` reduces every axis.
public func reduceMin(
    _ x: any TensorConvertible, axis: [Int]? = nil, keepDims: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try reduction(
        "Min", x, axis: axis, keepDims: keepDims, name: name, location: SourceLocation(fileID: file, line: line))
}

/// The product over `axis` (TF's `tf.reduce_prod`, op `Prod`). `axis: nil` reduces every axis.
public func reduceProd(
    _ x: any TensorConvertible, axis: [Int]? = nil, keepDims: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try reduction(
        "Prod", x, axis: axis, keepDims: keepDims, name: name, location: SourceLocation(fileID: file, line: line))
}

/// Builds a reduction as TF does: all axes become a `Const` named `Const` made
/// before the op's scope (for a scalar, TF's `Rank` and `range` instead);
/// explicit axes become `<op>/reduction_indices`. `shape` is the op's shape function.
func reduction(
    _ type: String, _ x: any TensorConvertible, axis: [Int]?, keepDims: Bool, name: String?, location: SourceLocation,
    shape: ShapeFunction = .reduction
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
            indices =
                try rank == 0
                ? range(limit: rankConstant(input), file: location.fileID, line: location.line)
                : constant(HostTensor((0..<rank).map { Int32($0) }))
        }
        return try nameScope(name, defaultName: type, values: [input]) { scope in
            let reductionIndices = try indices ?? indexVector(axis ?? [], name: "reduction_indices")
            return try reductionOp(
                type, input, reductionIndices, keepDims: keepDims, name: scope, location: location, shape: shape)
        }
    }
}

/// The reduction op itself (`Sum`, `Mean`, `Max`, `Min`, `Prod`; `All`, `Any` with their own
/// `shape`). Its type attributes are the dtypes of the inputs `shape` takes them from: `T` and
/// `Tidx`, or only `Tidx` for the bool reductions.
func reductionOp(
    _ type: String, _ input: Tensor, _ indices: Tensor, keepDims: Bool, name: String, location: SourceLocation,
    shape: ShapeFunction = .reduction
) throws -> Tensor {
    let inputs = [input, indices]
    var attrs = AttrMap()
    for (key, index) in shape.inputTypes.sorted(by: { $0.key < $1.key }) { attrs[key] = .type(inputs[index].dtype) }
    attrs["keep_dims"] = .bool(keepDims)
    return try makeOp(
        type, name: name, defaultName: type, inputs: inputs, attrs: attrs, location: location, shape: shape
    ).output(0)
}

extension ShapeFunction {
    /// A reduction of input 0 over the axes input 1 holds, kept as size 1 with `keep_dims`
    /// (`Sum`, `Mean`, `Max`, `Min`, `Prod`).
    static let reduction = ShapeFunction(inputTypes: ["T": 0, "Tidx": 1]) { op in
        try op.requireInputs(2)
        let (input, indices) = (op.inputs[0], op.inputs[1])
        let keepDims = op.attrs["keep_dims"]?.boolValue ?? false
        guard let dims = input.shape.dims, let axes = staticInts(indices) else {
            let unknownDims = input.shape.rank.map { [Int?](repeating: nil, count: $0) }
            return [
                OutputSpec(dtype: input.dtype, shape: keepDims ? unknownDims.map(Shape.init) ?? .unknown : .unknown)
            ]
        }
        var reduced = Set<Int>()
        for axis in axes {
            guard axis >= -dims.count, axis < Swift.max(dims.count, 1) else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "Invalid reduction dimension \(axis) for input with \(dims.count) dimensions for '\(op.opName)' "
                        + "(\(op.opType)); use an axis in [-\(dims.count), \(dims.count)).",
                    names: [op.opName])
            }
            reduced.insert(axis < 0 ? axis + dims.count : axis)
        }
        let out: [Int?] = dims.indices.compactMap { i in
            reduced.contains(i) ? (keepDims ? .some(1) : nil) : .some(dims[i])
        }
        return [OutputSpec(dtype: input.dtype, shape: Shape(out))]
    }

    /// The index of the extremum along the scalar axis input 1, of dtype `output_type` (`ArgMax`, `ArgMin`).
    static let argReduction = ShapeFunction(inputTypes: ["T": 0, "Tidx": 1]) { op in
        try op.requireInputs(2)
        let input = op.inputs[0]
        let outputType = try op.type("output_type")
        try requireDType(
            input, in: [.float16, .float32, .float64, .int32, .int64], argument: "input", opType: op.opType)
        guard outputType == .int32 || outputType == .int64 else {
            throw ScopeFlowError(
                .invalidArgument, "\(op.opType) '\(op.opName)' outputType must be int32 or int64, not \(outputType).")
        }
        guard let dims = input.shape.dims else { return [OutputSpec(dtype: outputType, shape: .unknown)] }
        guard let axis = staticInts(op.inputs[1])?.first else {
            return [
                OutputSpec(dtype: outputType, shape: Shape([Int?](repeating: nil, count: Swift.max(dims.count - 1, 0))))
            ]
        }
        guard let a = try normalizedAxis(axis, rank: dims.count, opName: op.opName) else {
            return [OutputSpec(dtype: outputType, shape: .unknown)]
        }
        var out = dims
        out.remove(at: a)
        return [OutputSpec(dtype: outputType, shape: Shape(out))]
    }

    /// A segment sum of input 0 into `num_segments` (input 2) rows by the ids of input 1 (`UnsortedSegmentSum`).
    static let unsortedSegmentSum = ShapeFunction(inputTypes: ["T": 0, "Tindices": 1, "Tnumsegments": 2]) { op in
        try op.requireInputs(3)
        let (data, ids) = (op.inputs[0], op.inputs[1])
        let segments = staticInts(op.inputs[2])?.first
        let rest = data.shape.dims.map { Array($0.dropFirst(ids.shape.rank ?? 1)) }
        return [OutputSpec(dtype: data.dtype, shape: rest.map { Shape([segments] + $0) } ?? .unknown)]
    }
}

/// The index of the largest value along `axis`; ties give the smallest index
/// (TF's `tf.argmax`, op `ArgMax` with its axis a `Const` named `ArgMax/dimension`).
public func argmax(
    _ x: any TensorConvertible, axis: Int, outputType: DType = .int64, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try argReduction(
        "ArgMax", x, axis: axis, outputType: outputType, name: name, location: SourceLocation(fileID: file, line: line))
}

/// The index of the smallest value along `axis`; ties give the smallest index
/// (TF's `tf.argmin`, op `ArgMin` with its axis a `Const` named `ArgMin/dimension`).
public func argmin(
    _ x: any TensorConvertible, axis: Int, outputType: DType = .int64, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try argReduction(
        "ArgMin", x, axis: axis, outputType: outputType, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `ArgMax` or `ArgMin` of `x` along `axis`, the axis a `Const` named `<op>/dimension`.
private func argReduction(
    _ type: String, _ x: any TensorConvertible, axis: Int, outputType: DType, name: String?, location: SourceLocation
) throws -> Tensor {
    let input = x.tensor
    return try nameScope(name, defaultName: type, values: [input]) { scope in
        let dimension = try indexScalar(axis, name: "dimension")
        return try makeOp(
            type, name: scope, defaultName: type, inputs: [input, dimension],
            attrs: ["T": .type(input.dtype), "Tidx": .type(.int32), "output_type": .type(outputType)],
            location: location, shape: .argReduction
        ).output(0)
    }
}
