/// Where gradient ops say they were made.
let gradientLocation = SourceLocation(fileID: "ScopeFlow/Autodiff", line: 0)

/// An op of `type` on `inputs` with one output of the first input's shape and
/// dtype: the elementwise `*Grad` ops and `Reciprocal`.
func elementwiseGradOp(_ type: String, _ inputs: [Tensor], attrs: AttrMap = [:]) throws -> Tensor {
    try makeOp(
        type, name: nil, defaultName: type, inputs: inputs,
        attrs: attrs.setting("T", ifAbsent: .type(inputs[0].dtype)), location: gradientLocation,
        shape: .unchanged
    ).output(0)
}

/// A broadcasting comparison that TF's gradients use but ScopeFlow exposes no
/// constructor for (`GreaterEqual`, `LessEqual`).
func comparisonGradOp(_ type: String, _ x: Tensor, _ y: Tensor) throws -> Tensor {
    try makeOp(
        type, name: nil, defaultName: type, inputs: [x, y], attrs: ["T": .type(x.dtype)], location: gradientLocation,
        shape: .comparison
    ).output(0)
}

/// `gradient` summed over the axes along which `x` was broadcast to the
/// gradient's shape, then reshaped to `x`'s shape. Returns `gradient` itself
/// when no reduction is needed.
/// Static shapes give constant axes, as TF's `SmartBroadcastGradientArgs`;
/// unknown ones use a `BroadcastGradientArgs` op.
func sumToShape(_ gradient: Tensor, of x: Tensor) throws -> Tensor {
    if let g = gradient.shape.knownDims, let dims = x.shape.knownDims {
        if g == dims { return gradient }
        let extra = g.count - dims.count
        let axes = g.indices.filter { i in i < extra || (dims[i - extra] == 1 && g[i] != 1) }
        let summed = axes.isEmpty ? gradient : try reduceSum(gradient, axis: axes)
        return try reshapeOp(summed, shape(x), name: "Reshape", location: gradientLocation)
    }
    let sx = try shape(x)
    let args = try makeOp(
        "BroadcastGradientArgs", name: nil, defaultName: "BroadcastGradientArgs", inputs: [sx, shape(gradient)],
        attrs: ["T": .type(.int32)], location: gradientLocation, shape: .broadcastGradientArgs
    )
    let summed = try reductionOp(
        "Sum", gradient, args.output(0), keepDims: false, name: "Sum", location: gradientLocation)
    return try reshapeOp(summed, sx, name: "Reshape", location: gradientLocation)
}

/// The static dimensions of `t`.
/// - Throws: ``ScopeFlowError/Code/unimplemented`` naming `op` when they are not fully known.
func requireKnownDims(_ t: Tensor, for op: Operation) throws -> [Int] {
    guard let dims = t.shape.knownDims else {
        throw ScopeFlowError(
            .unimplemented,
            "The gradient of \(op.type) '\(op.name)' needs the static shape of \(t.name), which is \(t.shape); "
                + "give the inputs fully known shapes.",
            names: [op.name, t.name])
    }
    return dims
}

/// The build-time value of op input `index` (an axis, perm, begin …).
/// - Throws: ``ScopeFlowError/Code/unimplemented`` when it is not a constant.
func requireConstant(_ op: Operation, input index: Int) throws -> HostTensor {
    guard let value = op.inputs[index].constantValue else {
        throw ScopeFlowError(
            .unimplemented,
            "The gradient of \(op.type) '\(op.name)' needs input \(index) (\(op.inputs[index].name)) to be a "
                + "constant; build it from constants.",
            names: [op.name])
    }
    return value
}

/// The integers of the constant op input `index`; see ``requireConstant(_:input:)``.
func requireConstantInts(_ op: Operation, input index: Int) throws -> [Int] {
    let value = try requireConstant(op, input: index)
    return value.int32s?.map(Int.init) ?? value.int64s?.map(Int.init) ?? []
}

/// The inverse of the permutation `perm`.
func invertPermutation(_ perm: [Int]) -> [Int] {
    var inverse = perm
    for (i, p) in perm.enumerated() { inverse[p] = i }
    return inverse
}

/// `vector` (one value per row) times each row of `matrix` (TF's `_BroadcastMul`:
/// an `ExpandDims` and a `mul`).
func broadcastMultiply(_ vector: Tensor, _ matrix: Tensor) throws -> Tensor {
    try expandDims(vector, axis: -1) * matrix
}

/// The gradients `gx`, `gy` of a broadcasting binary op's inputs `x`, `y`, reduced to
/// their shapes as TF's `_ReduceGradientArgs` does: `Shape` tensors of `x` and `y`, then for
/// each input that was broadcast a `Sum` keeping dims over the broadcast axes and a
/// `Reshape` to its shape. Static shapes give the axes as constants (TF's
/// `SmartBroadcastGradientArgs`); otherwise a `BroadcastGradientArgs` op computes them.
func reduceGradientArgs(_ x: Tensor, _ y: Tensor, _ gx: Tensor?, _ gy: Tensor?) throws -> (Tensor?, Tensor?) {
    guard gx != nil || gy != nil else { return (gx, gy) }
    let (xShape, yShape) = (try shape(x), try shape(y))
    if let xDims = x.shape.dims, let yDims = y.shape.dims,
        let (xAxes, yAxes) = broadcastAxes(xDims, yDims)
    {
        func reduced(_ g: Tensor?, _ axes: [Int], _ rank: Int, _ otherRank: Int, _ shape: Tensor) throws -> Tensor? {
            guard let g, !axes.isEmpty || rank < otherRank else { return g }
            return try reshapeOp(
                reduceSum(g, axis: axes, keepDims: true), shape, name: "Reshape", location: gradientLocation)
        }
        return (
            try reduced(gx, xAxes, xDims.count, yDims.count, xShape),
            try reduced(gy, yAxes, yDims.count, xDims.count, yShape)
        )
    }
    let axes = try makeOp(
        "BroadcastGradientArgs", name: nil, defaultName: "BroadcastGradientArgs", inputs: [xShape, yShape],
        attrs: ["T": .type(.int32)], location: gradientLocation, shape: .broadcastGradientArgs
    )
    func reduced(_ g: Tensor?, _ axes: Tensor, _ shape: Tensor) throws -> Tensor? {
        guard let g else { return nil }
        let summed = try reductionOp("Sum", g, axes, keepDims: true, name: "Sum", location: gradientLocation)
        return try reshapeOp(summed, shape, name: "Reshape", location: gradientLocation)
    }
    return (try reduced(gx, axes.output(0), xShape), try reduced(gy, axes.output(1), yShape))
}

/// The axes of the broadcast shape along which `x` and `y` were each broadcast (TF's
/// `_InferGradientReductionAxes`), or nil when a dimension leaves it to the data.
private func broadcastAxes(_ x: [Int?], _ y: [Int?]) -> ([Int], [Int])? {
    let rank = max(x.count, y.count)
    var (xAxes, yAxes): ([Int], [Int]) = ([], [])
    for axis in 0..<rank {
        let xDim: Int? = axis < rank - x.count ? 1 : x[axis - rank + x.count]
        let yDim: Int? = axis < rank - y.count ? 1 : y[axis - rank + y.count]
        if xDim == 1, yDim != 1 {
            xAxes.append(axis)
        } else if yDim == 1, xDim != 1 {
            yAxes.append(axis)
        } else if xDim == nil || yDim == nil {
            return nil
        }
    }
    return (xAxes, yAxes)
}

extension ShapeFunction {
    /// The axes along which each of two broadcast shapes was broadcast: two vectors of `T`
    /// (`BroadcastGradientArgs`).
    static let broadcastGradientArgs = ShapeFunction { op in
        try op.requireInputs(2)
        return Array(repeating: OutputSpec(dtype: try op.type("T"), shape: [nil]), count: 2)
    }
}
