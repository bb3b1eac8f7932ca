/// Where gradient ops say they were made.
let gradientLocation = SourceLocation(fileID: "ScopeFlow/Autodiff", line: 0)

/// An op of `type` on `inputs` with one output of the first input's shape and
/// dtype: the elementwise `*Grad` ops and `Reciprocal`.
func elementwiseGradOp(_ type: String, _ inputs: [Tensor], attrs: AttrMap = [:]) throws -> Tensor {
    try makeOp(
        type, name: nil, defaultName: type, inputs: inputs,
        attrs: attrs.setting("T", ifAbsent: .type(inputs[0].dtype)), location: gradientLocation
    ) { _ in [OutputSpec(dtype: inputs[0].dtype, shape: inputs[0].shape)] }.output(0)
}

/// A broadcasting comparison that TF's gradients use but ScopeFlow exposes no
/// constructor for (`GreaterEqual`, `LessEqual`).
func comparisonGradOp(_ type: String, _ x: Tensor, _ y: Tensor) throws -> Tensor {
    try makeOp(type, name: nil, defaultName: type, inputs: [x, y], attrs: ["T": .type(x.dtype)], location: gradientLocation) { opName in
        [OutputSpec(dtype: .bool, shape: try x.shape.broadcast(with: y.shape, opName: opName, opType: type))]
    }.output(0)
}

/// `gradient` summed over the axes along which `x` was broadcast to the
/// gradient's shape, then reshaped to `x`'s shape (`xShape`, made by
/// `shape(x)` when nil). Returns `gradient` itself when no reduction is needed.
/// Static shapes give constant axes, as TF's `SmartBroadcastGradientArgs`;
/// unknown ones use a `BroadcastGradientArgs` op.
func sumToShape(_ gradient: Tensor, of x: Tensor, xShape: Tensor? = nil) throws -> Tensor {
    if let g = gradient.shape.knownDims, let dims = x.shape.knownDims {
        if g == dims { return gradient }
        let extra = g.count - dims.count
        let axes = g.indices.filter { i in i < extra || (dims[i - extra] == 1 && g[i] != 1) }
        let summed = axes.isEmpty ? gradient : try reduceSum(gradient, axis: axes)
        return try reshapeOp(summed, xShape ?? shape(x), name: "Reshape", location: gradientLocation)
    }
    let sx = try xShape ?? shape(x)
    let args = try makeOp(
        "BroadcastGradientArgs", name: nil, defaultName: "BroadcastGradientArgs", inputs: [sx, shape(gradient)],
        attrs: ["T": .type(.int32)], location: gradientLocation
    ) { _ in Array(repeating: OutputSpec(dtype: .int32, shape: [nil]), count: 2) }
    let summed = try reductionOp("Sum", gradient, args.output(0), keepDims: false, name: "Sum", location: gradientLocation)
    return try reshapeOp(summed, sx, name: "Reshape", location: gradientLocation)
}

/// The gradients of a broadcasting binary op's two inputs, reduced to their
/// shapes. Like TF, it makes the `Shape` and `Shape_1` tensors only when the
/// inputs' shapes are not fully known and equal to the output's.
struct BroadcastInputs {
    let x: Tensor
    let y: Tensor
    private let shapes: (Tensor, Tensor)?

    init(_ op: Operation) throws {
        x = op.inputs[0]
        y = op.inputs[1]
        let out = op.outputShapes[0].knownDims
        if let dims = x.shape.knownDims, dims == y.shape.knownDims, dims == out {
            shapes = nil
        } else {
            shapes = (try shape(x), try shape(y))
        }
    }

    /// `g` reduced to `x`'s shape.
    func reduceX(_ g: Tensor) throws -> Tensor { try sumToShape(g, of: x, xShape: shapes?.0) }
    /// `g` reduced to `y`'s shape.
    func reduceY(_ g: Tensor) throws -> Tensor { try sumToShape(g, of: y, xShape: shapes?.1) }
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
