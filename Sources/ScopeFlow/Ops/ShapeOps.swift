/// `x` with the elements in the same order and a new `shape`; one entry may be
/// -1 to infer it (TF's `tf.reshape`, op `Reshape` with its shape a `Const` named `Reshape/shape`).
public func reshape(
    _ x: any TensorConvertible, shape: [Int], name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    return try nameScope(name, defaultName: "Reshape", values: [input]) { scope in
        try reshapeOp(
            input, indexVector(shape, name: "shape"), name: scope, location: SourceLocation(fileID: file, line: line))
    }
}

/// `x` reshaped to the shape held by the int32 or int64 vector `shape`, computed when the graph
/// runs (TF's `tf.reshape` given a tensor shape: op `Reshape` named `Reshape`).
/// - Throws: ``ScopeFlowError/Code/dtypeMismatch`` when `shape` is not an integer tensor;
///   ``ScopeFlowError/Code/shapeMismatch`` when its build-time value does not fit `x`.
public func reshape(
    _ x: any TensorConvertible, shape: Tensor, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    try requireDType(shape, in: [.int32, .int64], argument: "shape", opType: "Reshape")
    return try nameScope(name, defaultName: "Reshape", values: [input, shape]) { scope in
        try reshapeOp(input, shape, name: scope, location: SourceLocation(fileID: file, line: line))
    }
}

/// The `Reshape` op for a shape given as a tensor, with its shape function.
func reshapeOp(_ input: Tensor, _ shape: Tensor, name: String, location: SourceLocation) throws -> Tensor {
    try makeOp(
        "Reshape", name: name, defaultName: "Reshape", inputs: [input, shape],
        attrs: ["T": .type(input.dtype), "Tshape": .type(shape.dtype)], location: location, shape: .reshape
    ).output(0)
}

extension ShapeFunction {
    /// `Reshape(tensor, shape)`: the shape's value when known at build time, one -1 inferred from
    /// the element count, which must agree.
    static let reshape = ShapeFunction(inputTypes: ["T": 0, "Tshape": 1]) { op in
        try op.requireInputs(2)
        let (input, shape) = (op.inputs[0], op.inputs[1])
        guard let requested = staticInts(shape) else {
            return [
                OutputSpec(
                    dtype: input.dtype,
                    shape: shape.shape.knownDims.map { Shape([Int?](repeating: nil, count: $0.first ?? 0)) } ?? .unknown
                )
            ]
        }
        let opName = op.opName
        let known = try ShapeCheck.elementCount(requested, of: opName, allowUnknown: true)
        var dims: [Int?] = requested.map { $0 < 0 ? nil : $0 }
        let count = input.shape.elementCount
        if let count, let inferred = requested.firstIndex(of: -1), known > 0, count % known == 0 {
            dims[inferred] = count / known
        } else if let count, requested.contains(-1) ? count % Swift.max(known, 1) != 0 : count != known {
            throw ScopeFlowError(
                .shapeMismatch,
                "Cannot reshape a tensor with \(count) elements to shape \(Shape(dims).bracketed) (\(known) elements) "
                    + "for '{{node \(opName)}} = Reshape' with input shapes: \(input.shape.bracketed), "
                    + "\(shape.shape.bracketed); the element counts must agree.",
                names: [opName])
        }
        return [OutputSpec(dtype: input.dtype, shape: Shape(dims))]
    }

    /// `ExpandDims(input, dim)`: a size-1 dimension inserted at the build-time value of `dim`.
    static let expandDims = ShapeFunction(inputTypes: ["T": 0, "Tdim": 1]) { op in
        try op.requireInputs(2)
        let input = op.inputs[0]
        guard var dims = input.shape.dims, let axis = staticInts(op.inputs[1])?.first,
            let a = try normalizedAxis(axis, rank: dims.count, opName: op.opName, rankDelta: 1)
        else { return [OutputSpec(dtype: input.dtype, shape: .unknown)] }
        dims.insert(1, at: a)
        return [OutputSpec(dtype: input.dtype, shape: Shape(dims))]
    }

    /// `Squeeze(input)`: the size-1 dimensions removed, or only those in `squeeze_dims`, which must be 1.
    static let squeeze = ShapeFunction { op in
        let input = try op.input(0)
        let opName = op.opName
        guard let dims = input.shape.dims else { return [OutputSpec(dtype: input.dtype, shape: .unknown)] }
        let axis = op.attrs["squeeze_dims"]?.intsValue ?? []
        let listed = Set(try axis.compactMap { try normalizedAxis($0, rank: dims.count, opName: opName) })
        var out: [Int?] = []
        for (i, d) in dims.enumerated() {
            if listed.isEmpty {
                if d == 1 { continue }
                if d == nil { return [OutputSpec(dtype: input.dtype, shape: .unknown)] }
            } else if listed.contains(i) {
                guard d == 1 || d == nil else {
                    throw ScopeFlowError(
                        .invalidArgument,
                        "Can not squeeze dim[\(i)], expected a dimension of 1, got \(d!) for '\(opName)' (Squeeze).",
                        names: [opName])
                }
                continue
            }
            out.append(d)
        }
        return [OutputSpec(dtype: input.dtype, shape: Shape(out))]
    }

    /// `Shape(input)`: a vector of the input's rank, of type `out_type` (int32 by default).
    static let tensorShape = ShapeFunction { op in
        let input = try op.input(0)
        return [OutputSpec(dtype: op.attrs["out_type"]?.typeValue ?? .int32, shape: Shape([input.shape.rank]))]
    }

    /// `Size(input)`: an `out_type` scalar (int32 by default).
    static let elementCount = ShapeFunction { op in
        _ = try op.input(0)
        return [OutputSpec(dtype: op.attrs["out_type"]?.typeValue ?? .int32, shape: Shape([]))]
    }

    /// `ShapeN(input…)`: one `out_type` vector (int32 by default) per input, of its rank.
    static let tensorShapes = ShapeFunction { op in
        let outType = op.attrs["out_type"]?.typeValue ?? .int32
        return op.inputs.map { OutputSpec(dtype: outType, shape: Shape([$0.shape.rank])) }
    }

    /// `BroadcastTo(input, shape)`: the shape its shape input holds, known at build time as a
    /// constant or as the `Shape` of a tensor (that tensor's static shape).
    static let broadcastTo = ShapeFunction(inputTypes: ["T": 0, "Tidx": 1]) { op in
        try op.requireInputs(2)
        let target = op.inputs[1]
        let shape: Shape
        if target.op.type == "Shape", let source = target.op.inputs.first {
            shape = source.shape
        } else if let dims = staticInts(target) {
            shape = Shape(dims.map { $0 < 0 ? nil : $0 })
        } else {
            shape = target.shape.knownDims.map { Shape([Int?](repeating: nil, count: $0.first ?? 0)) } ?? .unknown
        }
        try requireBroadcastable(op.inputs[0].shape, to: shape, opName: op.opName)
        return [OutputSpec(dtype: op.inputs[0].dtype, shape: shape)]
    }
}

/// `x` with a size-1 dimension inserted at `axis` (TF's `tf.expand_dims`, op `ExpandDims`, axis `Const` `ExpandDims/dim`).
public func expandDims(
    _ x: any TensorConvertible, axis: Int, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    return try nameScope(name, defaultName: "ExpandDims", values: [input]) { scope in
        let dim = try indexScalar(axis, name: "dim")
        return try makeOp(
            "ExpandDims", name: scope, defaultName: "ExpandDims", inputs: [input, dim],
            attrs: ["T": .type(input.dtype), "Tdim": .type(.int32)], location: SourceLocation(fileID: file, line: line),
            shape: .expandDims
        ).output(0)
    }
}

/// `x` without its size-1 dimensions, or only those in `axis` (TF's `tf.squeeze`, op `Squeeze`).
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when a listed dimension is not 1.
public func squeeze(
    _ x: any TensorConvertible, axis: [Int] = [], name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    return try makeOp(
        "Squeeze", name: name, defaultName: "Squeeze", inputs: [input],
        attrs: ["T": .type(input.dtype), "squeeze_dims": .ints(axis)],
        location: SourceLocation(fileID: file, line: line),
        shape: .squeeze
    ).output(0)
}

/// The shape of `x` as a 1-D tensor (TF's `tf.shape`): a `Const` named `Shape`
/// when the static shape is fully known, as TF folds it, else a `Shape` op.
public func shape(
    _ x: any TensorConvertible, outType: DType = .int32, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    let location = SourceLocation(fileID: file, line: line)
    if let dims = input.shape.knownDims {
        return try input.graph.asDefault {
            try constant(HostTensor(dims.map { Int32($0) }), dtype: outType, name: name ?? "Shape", location: location)
        }
    }
    return try shapeOp(input, outType: outType, name: name, location: location)
}

/// The number of elements of `x` as a scalar (TF's `tf.size`): a `Const` named `Size` when the
/// static shape is fully known, as TF folds it, else a `Size` op.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `outType` is not int32 or int64, or the
///   count does not fit it.
public func size(
    _ x: any TensorConvertible, outType: DType = .int32, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    guard outType == .int32 || outType == .int64 else {
        throw ScopeFlowError(.invalidArgument, "size's outType must be int32 or int64, not \(outType).")
    }
    let location = SourceLocation(fileID: file, line: line)
    if let dims = input.shape.knownDims {
        let count = try ShapeCheck.elementCount(dims, of: input.name)
        let value =
            outType == .int64
            ? HostTensor(scalar: Int64(count))
            : HostTensor(scalar: try ShapeCheck.int32(count, "Element count", of: input.name))
        return try (try input.graph).asDefault { try constant(value, name: name ?? "Size", location: location) }
    }
    return try makeOp(
        "Size", name: name, defaultName: "Size", inputs: [input],
        attrs: ["T": .type(input.dtype), "out_type": .type(outType)], location: location, shape: .elementCount
    ).output(0)
}

/// A `Shape` op even when the static shape is known (TF's `shape_internal(optimize=False)`).
func shapeOp(_ input: Tensor, outType: DType = .int32, name: String? = nil, location: SourceLocation) throws -> Tensor {
    try makeOp(
        "Shape", name: name, defaultName: "Shape", inputs: [input],
        attrs: ["T": .type(input.dtype), "out_type": .type(outType)], location: location, shape: .tensorShape
    ).output(0)
}

/// The shapes of `xs` as `outType` vectors, computed when the graph runs (TF's
/// `tf.shape_n`: one `ShapeN` op with an output per tensor).
public func shapeN(
    _ xs: [any TensorConvertible], outType: DType = .int32, name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> [Tensor] {
    let inputs = xs.map(\.tensor)
    guard let first = inputs.first else {
        throw ScopeFlowError(.invalidArgument, "shapeN needs at least one tensor.")
    }
    guard outType == .int32 || outType == .int64 else {
        throw ScopeFlowError(.invalidArgument, "shapeN's outType must be int32 or int64, not \(outType).")
    }
    _ = try requireSameDType(inputs, argumentNames: [], opType: "ShapeN")
    let op = try makeOp(
        "ShapeN", name: name, defaultName: "ShapeN", inputs: inputs,
        attrs: ["N": .int(inputs.count), "T": .type(first.dtype), "out_type": .type(outType)],
        location: SourceLocation(fileID: file, line: line), shape: .tensorShapes
    )
    return op.outputs
}

/// The rank of `x` as a scalar `Const` named `name` (TF's `tf.rank` on a tensor of known rank).
func rankConstant(_ x: Tensor, name: String = "Rank") throws -> Tensor {
    guard let rank = x.shape.rank else {
        throw ScopeFlowError(.unimplemented, "\(x.name) needs a known rank here; give it a static shape.")
    }
    return try constant(HostTensor(scalar: Int32(rank)), name: name)
}

/// `x` with its dimensions permuted by `perm`, reversed by default (TF's `tf.transpose`,
/// op `Transpose` named `transpose` with its permutation a `Const` named `transpose/perm`).
public func transpose(
    _ x: any TensorConvertible, perm: [Int]? = nil, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    return try nameScope(name, defaultName: "transpose", values: [input]) { scope in
        guard let order = perm ?? input.shape.rank.map({ Array((0..<$0).reversed()) }) else {
            throw ScopeFlowError(.unimplemented, "transpose of \(input.name) needs a perm or a known rank.")
        }
        let permTensor = try indexVector(order, name: "perm")
        return try makeOp(
            "Transpose", name: scope, defaultName: "transpose", inputs: [input, permTensor],
            attrs: ["T": .type(input.dtype), "Tperm": .type(.int32)],
            location: SourceLocation(fileID: file, line: line),
            shape: .transpose
        ).output(0)
    }
}

/// `x` with its dimensions permuted by the int tensor `perm` (TF's `tf.transpose` given a tensor:
/// op `Transpose` named `transpose`, no `perm` constant), as TF's Transpose gradient builds it.
func transpose(_ x: Tensor, permTensor perm: Tensor, file: String = #fileID, line: Int = #line) throws -> Tensor {
    try nameScope(nil, defaultName: "transpose", values: [x]) { scope in
        try makeOp(
            "Transpose", name: scope, defaultName: "transpose", inputs: [x, perm],
            attrs: ["T": .type(x.dtype), "Tperm": .type(perm.dtype)],
            location: SourceLocation(fileID: file, line: line),
            shape: .transpose
        ).output(0)
    }
}

extension ShapeFunction {
    /// `Transpose(x, perm)`: the input's dimensions in the order of `perm`'s build-time value,
    /// which must be a permutation of them.
    static let transpose = ShapeFunction(inputTypes: ["T": 0, "Tperm": 1]) { op in
        try op.requireInputs(2)
        let (input, perm) = (op.inputs[0], op.inputs[1])
        guard let order = staticInts(perm) else {
            let rank = input.shape.rank ?? perm.shape.dims?.first.flatMap { $0 }
            return [
                OutputSpec(dtype: input.dtype, shape: rank.map { Shape([Int?](repeating: nil, count: $0)) } ?? .unknown)
            ]
        }
        guard let dims = input.shape.dims else {
            return [OutputSpec(dtype: input.dtype, shape: Shape(order.map { _ in nil }))]
        }
        guard order.count == dims.count, Set(order) == Set(0..<dims.count) else {
            throw ScopeFlowError(
                .invalidArgument,
                "transpose expects a permutation of 0..<\(dims.count), got \(order) for '\(op.opName)'.",
                names: [op.opName])
        }
        return [OutputSpec(dtype: input.dtype, shape: Shape(order.map { dims[$0] }))]
    }
}

/// `x` repeated `multiples[i]` times along each axis (TF's `tf.tile`, op `Tile`, multiples `Const` `Tile/multiples`).
public func tile(
    _ x: any TensorConvertible, multiples: [Int], name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let location = SourceLocation(fileID: file, line: line)
    return try nameScope(name, defaultName: "Tile", values: [x]) { scope in
        try tileOp(x.tensor, try indexVector(multiples, name: "multiples"), name: scope, location: location)
    }
}

/// `x` repeated along each axis as often as the `int32` vector `multiples` says (TF's `tf.tile`, op `Tile`).
public func tile(
    _ x: any TensorConvertible, multiples: Tensor, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try tileOp(x.tensor, multiples, name: name, location: SourceLocation(fileID: file, line: line))
}

private func tileOp(_ input: Tensor, _ multiples: Tensor, name: String?, location: SourceLocation) throws -> Tensor {
    try makeOp(
        "Tile", name: name, defaultName: "Tile", inputs: [input, multiples],
        attrs: ["T": .type(input.dtype), "Tmultiples": .type(multiples.dtype)], location: location, shape: .tile
    ).output(0)
}

extension ShapeFunction {
    /// `Tile(input, multiples)`: each dimension times its multiple, when `multiples` is a `Const`.
    static let tile = ShapeFunction(inputTypes: ["T": 0, "Tmultiples": 1]) { op in
        try op.requireInputs(2)
        let (input, multiples) = (op.inputs[0], op.inputs[1])
        let opName = op.opName
        guard let dims = input.shape.dims else {
            return [OutputSpec(dtype: input.dtype, shape: .unknown)]
        }
        // Only a `Const` (not a folded computation) gives the multiples, as tile has always read them.
        guard multiples.op.type == "Const", let known = staticInts(multiples) else {
            return [OutputSpec(dtype: input.dtype, shape: Shape(dims.map { _ in nil }))]
        }
        guard dims.count == known.count else {
            throw ScopeFlowError(
                .invalidArgument,
                "Tile '\(opName)' needs one multiple per dimension of \(input.shape.bracketed), got \(known).",
                names: [opName])
        }
        _ = try ShapeCheck.elementCount(known, of: opName)
        let tiled = try zip(dims, known).map { d, k in try d.map { try ShapeCheck.elementCount([$0, k], of: opName) } }
        try ShapeCheck.validate(Shape(tiled), of: opName)
        return [OutputSpec(dtype: input.dtype, shape: Shape(tiled))]
    }

    /// `Pad`, `PadV2` and `MirrorPad` (input, paddings[, constant_values]): each dimension grown
    /// by its `[before, after]` row of the paddings' build-time value, one row per dimension.
    static let padded = ShapeFunction(inputTypes: ["T": 0, "Tpaddings": 1]) { op in
        let input = try op.input(0)
        let paddings = try op.input(1)
        let opName = op.opName
        let rows = paddings.shape.dims?.first.flatMap { $0 }
        guard let dims = input.shape.dims else {
            return [
                OutputSpec(dtype: input.dtype, shape: rows.map { Shape([Int?](repeating: nil, count: $0)) } ?? .unknown)
            ]
        }
        guard let flat = staticInts(paddings) else {
            return [OutputSpec(dtype: input.dtype, shape: Shape(dims.map { _ in nil }))]
        }
        guard let rows, rows == dims.count, paddings.shape.dims == [rows, 2] else {
            throw ScopeFlowError(
                .invalidArgument,
                "The first dimension of paddings must be the rank of inputs [\(rows ?? flat.count / 2),2] vs. "
                    + "\(input.shape.bracketed) for '\(opName)' (\(op.opType)); give one [before, after] pair per dimension.",
                names: [opName])
        }
        let padded = try dims.indices.map { i in
            try dims[i].map { try ShapeCheck.paddedSize($0, flat[2 * i], flat[2 * i + 1], of: opName) }
        }
        try ShapeCheck.validate(Shape(padded), of: opName)
        return [OutputSpec(dtype: input.dtype, shape: Shape(padded))]
    }
}

/// `x` padded by `paddings[i] = [before, after]` per dimension (TF's `tf.pad`): op `Pad`
/// for zeros, `PadV2` for another `constantValue`, `MirrorPad` for mode `"REFLECT"`/`"SYMMETRIC"`.
public func pad(
    _ x: any TensorConvertible, paddings: [[Int]], mode: String = "CONSTANT", constantValue: Double = 0,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    let type: String
    switch mode.uppercased() {
    case "CONSTANT": type = constantValue == 0 ? "Pad" : "PadV2"
    case "REFLECT", "SYMMETRIC": type = "MirrorPad"
    default: throw ScopeFlowError(.invalidArgument, "pad mode must be CONSTANT, REFLECT or SYMMETRIC, not \(mode).")
    }
    if let row = paddings.firstIndex(where: { $0.count != 2 }) {
        throw ScopeFlowError(
            .invalidArgument,
            "Row \(row) of pad's paddings has \(paddings[row].count) entries; give one [before, after] pair per "
                + "dimension.", location: SourceLocation(fileID: file, line: line))
    }
    return try nameScope(name, defaultName: type, values: [input]) { scope in
        let p = try indexVector(paddings.flatMap { $0 }, shape: [paddings.count, 2], name: "paddings")
        var inputs = [input, p]
        var attrs: AttrMap = ["T": .type(input.dtype), "Tpaddings": .type(p.dtype)]
        if type == "PadV2" {
            inputs.append(try constant(HostTensor(scalar: constantValue), dtype: input.dtype, name: "constant_values"))
        }
        if type == "MirrorPad" { attrs["mode"] = .string(mode.uppercased()) }
        return try makeOp(
            type, name: scope, defaultName: type, inputs: inputs, attrs: attrs,
            location: SourceLocation(fileID: file, line: line), shape: .padded
        ).output(0)
    }
}

/// The inverse of permutation `x`, `y[x[i]] = i` (TF's `tf.math.invert_permutation`, op
/// `InvertPermutation`): the permutation that undoes a `transpose` by `x`.
public func invertPermutation(
    _ x: Tensor, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try makeOp(
        "InvertPermutation", name: name, defaultName: "InvertPermutation", inputs: [x], attrs: ["T": .type(x.dtype)],
        location: SourceLocation(fileID: file, line: line), shape: .invertPermutation
    ).output(0)
}

extension ShapeFunction {
    /// `InvertPermutation`: an int32 or int64 vector in, one of the same dtype and shape out.
    static let invertPermutation = ShapeFunction { op in
        let x = try op.input(0)
        try requireDType(x, in: [.int32, .int64], argument: "x", opType: op.opType)
        try requireRank(x, 1, opName: op.opName)
        return [OutputSpec(dtype: x.dtype, shape: x.shape)]
    }
}
