extension OpDefinitions {
    /// The definitions of the `Sum`, `Mean`, `Max`, `Min` and `Prod` (TF's `math_grad.py`), `ArgMax`
    /// and `ArgMin`, and the bool `All` and `Any` (TF registers no gradient for them: their bool
    /// output never carries one).
    static let reductions: [OpDefinition] = [
        OpDefinition(
            "Sum", kernel: .singleOutput(Reductions.factory(Reductions.Sum())),
            compiled: .step(CompiledReductions.reduction(Reductions.Sum())),
            shape: .reduction, attrDefaults: reductionDefaults
        ) { op, grads in [try ReducedAxes(op).spread(grads[0]!), nil] },
        OpDefinition(
            "Mean", kernel: .singleOutput(Reductions.factory(Reductions.Mean())),
            compiled: .step(CompiledReductions.reduction(Reductions.Mean())),
            shape: .reduction, attrDefaults: reductionDefaults
        ) { op, grads in
            let r = try ReducedAxes(op)
            return [try divide(r.spread(grads[0]!), r.count(of: op, dtype: grads[0]!.dtype)), nil]
        },
        OpDefinition(
            "Max", kernel: .singleOutput(Reductions.factory(Reductions.Max())),
            compiled: .step(CompiledReductions.reduction(Reductions.Max())),
            shape: .reduction, attrDefaults: reductionDefaults
        ) { op, grads in [try extremumGradient(op, grads[0]!), nil] },
        OpDefinition(
            "Min", kernel: .singleOutput(Reductions.factory(Reductions.Min())),
            compiled: .step(CompiledReductions.reduction(Reductions.Min())),
            shape: .reduction, attrDefaults: reductionDefaults
        ) { op, grads in [try extremumGradient(op, grads[0]!), nil] },
        OpDefinition(
            "Prod", kernel: .singleOutput(Reductions.factory(Reductions.Prod())),
            compiled: .step(CompiledReductions.reduction(Reductions.Prod())), foldsAtBuildTime: true,
            shape: .reduction, attrDefaults: reductionDefaults
        ) { op, grads in [try productGradient(op, grads[0]!), nil] },
        OpDefinition(
            "ArgMax", kernel: .singleOutput(Reductions.argFactory(isMax: true)),
            outputs: .typed(by: "output_type", fallback: .int64), shape: .argReduction,
            attrDefaults: ["Tidx": .type(.int32), "output_type": .type(.int64)], gradient: .notDifferentiable
        ),
        OpDefinition(
            "ArgMin", kernel: .singleOutput(Reductions.argFactory(isMax: false)),
            outputs: .typed(by: "output_type", fallback: .int64), shape: .argReduction,
            attrDefaults: ["Tidx": .type(.int32), "output_type": .type(.int64)], gradient: .notDifferentiable
        ),
        OpDefinition(
            "All", kernel: .singleOutput(Reductions.logicalFactory(isAll: true)), outputs: .bool,
            shape: .logicalReduction, attrDefaults: reductionDefaults, gradient: .notDifferentiable),
        OpDefinition(
            "Any", kernel: .singleOutput(Reductions.logicalFactory(isAll: false)), outputs: .bool,
            shape: .logicalReduction, attrDefaults: reductionDefaults, gradient: .notDifferentiable),
    ]

    /// TF's defaults of a reduction's optional attributes.
    private static let reductionDefaults: AttrMap = ["keep_dims": .bool(false), "Tidx": .type(.int32)]

    /// `Max`/`Min`: the gradient split evenly between the elements equal to the extremum.
    private static func extremumGradient(_ op: Operation, _ g: Tensor) throws -> Tensor {
        let r = try ReducedAxes(op)
        let y = try r.keptForm(op.output(0))
        let keptGradient = try r.keptForm(g)
        let indicators = try cast(equal(y, op.inputs[0]), to: g.dtype)
        let selected = try reduceSum(indicators, axis: r.axes, keepDims: true)
        return try multiply(divide(indicators, selected), keptGradient)
    }

    /// `Prod`: the product of the other elements of each group, from exclusive
    /// running products in both directions, so zeros are handled exactly (TF's `_ProdGrad`).
    private static func productGradient(_ op: Operation, _ g: Tensor) throws -> Tensor {
        let r = try ReducedAxes(op)
        let x = op.inputs[0]
        let dims = try requireKnownDims(x, for: op)
        let other = r.dims.indices.filter { !r.axes.contains($0) }
        let perm = r.axes + other
        let reducedCount = r.axes.map { dims[$0] }.reduce(1, *)
        let permuted = try transpose(x, perm: perm)
        let matrix = try reshape(permuted, shape: [reducedCount, other.map { dims[$0] }.reduce(1, *)])
        func cumprod(reverse: Bool) throws -> Tensor {
            try cumulativeOp(
                "Cumprod", matrix, axis: constant(Int32(0)), exclusive: true, reverse: reverse,
                location: gradientLocation)
        }
        let others = try reshape(
            multiply(cumprod(reverse: false), cumprod(reverse: true)), shape: perm.map { dims[$0] })
        return try reshape(multiply(r.spread(g), transpose(others, perm: invertPermutation(perm))), shape: dims)
    }
}

/// The geometry of a reduction op: its input, the reduced axes
/// (non-negative, in the op's order) and the kept-dims shape when static.
private struct ReducedAxes {
    let input: Tensor
    let dims: [Int?]
    let axes: [Int]
    let keepDims: Bool
    /// The axes as the op lists them (TF's cache key).
    let givenAxes: [Int]
    /// Whether the op reduces every axis, listed in order (`0, 1, …`): TF's fast path.
    let reducesAllInOrder: Bool

    init(_ op: Operation) throws {
        input = op.inputs[0]
        guard let dims = input.shape.dims else {
            throw ScopeFlowError(
                .unimplemented,
                "The gradient of \(op.type) '\(op.name)' needs the rank of \(input.name); give it a shape.",
                names: [op.name])
        }
        let rank = max(dims.count, 1)
        let given = try requireConstantInts(op, input: 1)
        givenAxes = given
        reducesAllInOrder = given == Array(0..<dims.count)
        var seen: [Int] = []
        for a in given where !seen.contains((a + rank) % rank) {
            seen.append((a + rank) % rank)
        }
        self.dims = dims
        axes = seen
        keepDims = op.attrs["keep_dims"]?.boolValue ?? false
    }

    /// The kept-dims shape (reduced axes as 1) when the input's shape is fully known.
    private var kept: [Int]? {
        input.shape.knownDims.map { known in known.indices.map { axes.contains($0) ? 1 : known[$0] } }
    }

    /// `t` (shaped as the reduction's output) with the reduced axes kept as size 1.
    func keptForm(_ t: Tensor) throws -> Tensor {
        if keepDims { return t }
        if let kept { return try reshape(t, shape: kept) }
        return try axes.sorted().reduce(t) { partial, axis in try expandDims(partial, axis: axis) }
    }

    /// `g` (the reduction's output gradient) repeated back over the reduced axes.
    func spread(_ g: Tensor) throws -> Tensor {
        if reducesAllInOrder {
            // TF: reshape to all ones, then tile by the input's shape (a `Const` when static).
            let ones = try reshape(g, shape: Array(repeating: 1, count: dims.count))
            let multiples =
                try input.shape.knownDims.map { try constant(HostTensor($0.map(Int32.init))) } ?? shape(input)
            return try tile(ones, multiples: multiples)
        }
        if let known = input.shape.knownDims {
            let reduced = try reducedShape(known)
            return try tile(reshape(g, shape: reduced.kept), multiples: reduced.multiples)
        }
        if axes.isEmpty { return g }
        let reshaped = try keptForm(g)
        return try makeOp(
            "BroadcastTo", name: nil, defaultName: "BroadcastTo", inputs: [reshaped, shape(input)],
            attrs: ["T": .type(g.dtype), "Tidx": .type(.int32)], location: gradientLocation, shape: .broadcastTo
        ).output(0)
    }

    /// The kept-dims shape and the tile multiples for the static input shape `known`, from
    /// the graph's cache (TF's `graph._reduced_shape_cache`, keyed by the shape and the axes
    /// as given). On a miss it makes what TF's `_SafeShapeDiv` of the static shapes makes and
    /// nothing reads: `Maximum` of the kept shape (`Maximum/x`) and 1 (`Maximum/y`), and
    /// `floordiv` of the input shape (`floordiv/x`) by it.
    private func reducedShape(_ known: [Int]) throws -> ReducedShape {
        let key = ReducedShapeKey(input: known, axes: givenAxes)
        if let cached = try input.graph.withSideTable(ReducedShapeCache.self, { $0.shapes[key] }) { return cached }
        let kept = known.indices.map { axes.contains($0) ? 1 : known[$0] }
        let divisor = try nameScope(nil, defaultName: "Maximum") { scope in
            try binaryOp(
                "Maximum", indexVector(kept, name: "x"), indexScalar(1, name: "y"), name: scope, defaultName: "Maximum",
                location: gradientLocation)
        }
        _ = try nameScope(nil, defaultName: "floordiv") { scope in
            try binaryOp(
                "FloorDiv", indexVector(known, name: "x"), divisor, name: scope, defaultName: "floordiv",
                location: gradientLocation)
        }
        let reduced = ReducedShape(kept: kept, multiples: zip(known, kept).map { $0 / max($1, 1) })
        try input.graph.withSideTable(ReducedShapeCache.self) { $0.shapes[key] = reduced }
        return reduced
    }

    /// How many elements each output element averages, as a `dtype` scalar (TF's
    /// `_MeanGrad`): a `Const` when the input's and output's shapes are static; otherwise the
    /// product of the input's `Shape` gathered at the axes made non-negative
    /// (`add`, `mod` by the `Size`), cast.
    func count(of op: Operation, dtype: DType) throws -> Tensor {
        if let inputDims = input.shape.knownDims, let outputDims = op.outputShapes[0].knownDims {
            let factor = inputDims.reduce(1, *) / max(outputDims.reduce(1, *), 1)
            return try constant(HostTensor(scalar: Double(factor)), dtype: dtype)
        }
        let inputShape = try shape(input)
        let rank = try constant(HostTensor(scalar: Int32(dims.count)), name: "Size")
        let given = op.inputs[1].dtype == .int32 ? op.inputs[1] : try cast(op.inputs[1], to: .int32)
        let nonNegative = try binaryOp(
            "FloorMod", given + rank, rank, name: nil, defaultName: "mod", location: gradientLocation)
        return try cast(reduceProd(gather(inputShape, indices: nonNegative)), to: dtype)
    }
}

/// The shapes a reduction's gradient reshapes and tiles by, per static input shape and axes, so
/// the second such gradient in a graph makes no shape ops (TF's `_reduced_shape_cache`).
struct ReducedShapeCache: GraphSideTable {
    var shapes: [ReducedShapeKey: ReducedShape] = [:]
}

/// A reduction's static input shape and its axes as the op lists them: the key of a
/// graph's ``ReducedShapeCache``.
struct ReducedShapeKey: Hashable, Sendable {
    let input: [Int]
    let axes: [Int]
}

/// What a reduction's gradient reshapes (`kept`: the reduced axes as 1) and tiles (`multiples`) by.
struct ReducedShape: Sendable {
    let kept: [Int]
    let multiples: [Int]
}
