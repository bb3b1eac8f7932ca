extension OpDefinitions {
    /// The definition of `Einsum` (TF's `linalg_grad.py`).
    static let einsum: [OpDefinition] = [
        OpDefinition(
            "Einsum", kernel: .general(einsumKernel), outputs: .standard, shape: .einsum
        ) { op, grads in try EinsumGradient(op).gradients(grads[0]!) }
    ]
}

/// TF's `_EinsumGrad`: each operand's gradient is an einsum of the output's gradient (and the
/// other operand) back to the operand's subscripts; letters only the operand has are summed
/// away first, so their gradient is broadcast back (`Reshape`, `BroadcastTo`, and an `Einsum`
/// when the operand repeats or reorders letters).
private struct EinsumGradient {
    let op: Operation
    let equation: String
    let inputSubscripts: String
    let outputSubscripts: String

    init(_ op: Operation) throws {
        self.op = op
        equation = op.attrs["equation"]?.stringValue ?? ""
        let sides = equation.components(separatedBy: "->")
        guard sides.count == 2 else {
            throw ScopeFlowError(.invalidArgument, "Einsum '\(op.name)' has no explicit output in '\(equation)'.")
        }
        (inputSubscripts, outputSubscripts) = (sides[0], sides[1])
    }

    func gradients(_ grad: Tensor) throws -> [Tensor?] {
        if op.inputs.count == 1 {
            let inputShape = try shape(op.inputs[0])
            let reduced = letters(of: inputSubscripts, notIn: outputSubscripts + "...")
            guard reduced.isEmpty else {
                return [
                    try reducedGradient(
                        grad, output: outputSubscripts, input: inputSubscripts, inputShape: inputShape,
                        reduced: reduced)
                ]
            }
            return [try einsumOp([grad], equation: "\(outputSubscripts)->\(inputSubscripts)")]
        }
        var (xSubscripts, ySubscripts) = try operandSubscripts()
        if outputSubscripts.contains("...") {
            if !xSubscripts.contains("...") { xSubscripts += "..." }
            if !ySubscripts.contains("...") { ySubscripts += "..." }
        }
        let (x, y) = (op.inputs[0], op.inputs[1])
        let (xShape, yShape) = (try shape(x), try shape(y))
        let gradX = try gradient(grad, other: y, inputShape: xShape, input: xSubscripts, other: ySubscripts)
        let gradY = try gradient(grad, other: x, inputShape: yShape, input: ySubscripts, other: xSubscripts)
        guard outputSubscripts.contains("...") else { return [gradX, gradY] }
        let (xBatch, yBatch) = (batchRange(xSubscripts), batchRange(ySubscripts))
        if let xDims = x.shape.knownDims, let yDims = y.shape.knownDims,
            xBatch.slice(xDims) == yBatch.slice(yDims)
        {
            return [gradX, gradY]
        }
        // The operands were broadcast against each other: sum each gradient over the batch axes
        // its operand was stretched along.
        let axes = try makeOp(
            "BroadcastGradientArgs", name: nil, defaultName: "BroadcastGradientArgs",
            inputs: [xShape[.range(xBatch.start, xBatch.end)], yShape[.range(yBatch.start, yBatch.end)]],
            attrs: ["T": .type(.int32)], location: SourceLocation(fileID: #fileID, line: #line),
            shape: .broadcastGradientArgs)
        func unbroadcast(_ g: Tensor, _ reduced: Tensor, start: Int, _ shape: Tensor) throws -> Tensor {
            let shifted = try scalarBinary("AddV2", reduced, Double(start), defaultName: "add", scalarFirst: true)
            let summed = try reductionOp(
                "Sum", g, shifted, keepDims: false, name: "Sum", location: SourceLocation(fileID: #fileID, line: #line))
            return try reshape(summed, shape: shape)
        }
        return [
            try unbroadcast(gradX, axes.output(0), start: xBatch.start, xShape),
            try unbroadcast(gradY, axes.output(1), start: yBatch.start, yShape),
        ]
    }

    private func operandSubscripts() throws -> (String, String) {
        let parts = inputSubscripts.components(separatedBy: ",")
        guard parts.count == 2 else {
            throw ScopeFlowError(.invalidArgument, "Einsum '\(op.name)' has 2 inputs but equation '\(equation)'.")
        }
        return (parts[0], parts[1])
    }

    /// TF's `_GetBcastSubshape`: the axes `start..<end` (end counted from the back, nil for the
    /// last) an operand's ellipsis stands for; `0..<0` without one.
    private func batchRange(_ subscripts: String) -> (start: Int, end: Int?, slice: ([Int]) -> [Int]) {
        guard let range = subscripts.range(of: "...") else { return (0, 0, { _ in [] }) }
        let start = subscripts[..<range.lowerBound].count
        let remaining = subscripts[range.upperBound...].count
        return (start, remaining > 0 ? -remaining : nil, { Array($0[start..<($0.count - remaining)]) })
    }

    /// TF's `_GetGradWrt`: the einsum back to the operand's subscripts without its own letters,
    /// then `reducedGradient` for those.
    private func gradient(
        _ grad: Tensor, other: Tensor, inputShape: Tensor, input: String, other otherSubscripts: String
    )
        throws -> Tensor
    {
        let reduced = letters(of: input, notIn: outputSubscripts + otherSubscripts + ".")
        let left = String(input.filter { !reduced.contains($0) })
        let product = try einsumOp([grad, other], equation: "\(outputSubscripts),\(otherSubscripts)->\(left)")
        guard !reduced.isEmpty else { return product }
        return try reducedGradient(product, output: left, input: input, inputShape: inputShape, reduced: reduced)
    }

    /// TF's `_GetGradReduced`: the gradient of `input->output`, which sums the `reduced` letters away.
    private func reducedGradient(
        _ grad: Tensor, output: String, input: String, inputShape: Tensor, reduced: [Character]
    ) throws -> Tensor {
        let axes = try reduced.map { try axis(of: $0, in: input) }
        let reducedDims = try stack(axes.map { try inputShape[.index($0)] })
        let hasRepeatedLabels = Set(input).count + Set(output).count < input.count + output.count
        let kept = String(input.filter { !reduced.contains($0) })
        if !hasRepeatedLabels && kept == output {
            let axesTensor = try constant(HostTensor(axes.map(Int32.init)))
            guard let dims = staticInts(inputShape) else {
                throw ScopeFlowError(
                    .unimplemented,
                    "The gradient of Einsum '\(op.name)' (\(equation)) needs the static shape of its operands.",
                    names: [op.name, axesTensor.name])
            }
            let keptShape = dims.indices.map { d in axes.contains { ($0 + dims.count) % dims.count == d } ? 1 : dims[d]
            }
            return try broadcastToShape(reshape(grad, shape: keptShape), inputShape)
        }
        let withReduced = try concat([reducedDims, shape(grad)], axis: 0)
        // TF's `ones(len(reduced))`: a `Fill` of a count given as a number.
        let units = try nameScope(nil, defaultName: "ones") { scope in
            try fill(
                dims: constant(indexTensor([reduced.count]), name: "shape_as_tensor"),
                value: constant(HostTensor(scalar: Int32(1)), name: "Const"), name: scope)
        }
        let keptShape = try concat([units, shape(grad)], axis: 0)
        let broadcast = try broadcastToShape(reshape(grad, shape: keptShape), withReduced)
        return try einsumOp([broadcast], equation: "\(String(reduced) + output)->\(input)")
    }

    /// TF's `_GetAxisFromLabel`: the letter's axis, counted from the end when after the ellipsis.
    private func axis(of letter: Character, in subscripts: String) throws -> Int {
        let parts = subscripts.components(separatedBy: "...")
        if let index = parts[0].firstIndex(of: letter) {
            return parts[0].distance(from: parts[0].startIndex, to: index)
        }
        if parts.count > 1, let index = parts[1].firstIndex(of: letter) {
            return parts[1].distance(from: parts[1].startIndex, to: index) - parts[1].count
        }
        throw ScopeFlowError(.invalidArgument, "Einsum '\(op.name)': no '\(letter)' in '\(subscripts)'.")
    }

    /// The letters of `subscripts` missing from `others`, in order of first appearance.
    private func letters(of subscripts: String, notIn others: String) -> [Character] {
        var result: [Character] = []
        for letter in subscripts where !others.contains(letter) && !result.contains(letter) { result.append(letter) }
        return result
    }

    /// `BroadcastTo(x, shape)` with the shape a tensor, as TF's einsum gradient builds it.
    private func broadcastToShape(_ x: Tensor, _ shape: Tensor) throws -> Tensor {
        try makeOp(
            "BroadcastTo", name: nil, defaultName: "BroadcastTo", inputs: [x, shape],
            attrs: ["T": .type(x.dtype), "Tidx": .type(shape.dtype)],
            location: SourceLocation(fileID: #fileID, line: #line), shape: .broadcastTo
        ).output(0)
    }
}
