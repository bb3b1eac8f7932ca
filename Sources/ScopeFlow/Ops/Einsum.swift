/// The Einstein summation `equation` of `inputs` (TF's `tf.einsum`, built as TF 2.21 builds it in
/// graph mode for one or two operands: an op `Einsum` in the name scope `einsum`). Without `->`,
/// the output is TF's implicit one: the letters used once, in alphabetical order, after `...`
/// when an operand has one.
///
/// ```swift
/// let product = try einsum("ij,jk->ik", a, b)      // matmul
/// let batched = try einsum("bij,bjk->bik", x, y)   // batch matmul
/// let rowSums = try einsum("ij->i", a)
/// let outer = try einsum("i,j->ij", u, v)
/// ```
/// - Throws: ``ScopeFlowError/Code/unimplemented`` for three or more operands (TF splits those
///   into binary einsums with opt_einsum); ``ScopeFlowError/Code/invalidArgument`` for a malformed
///   equation or one whose subscripts do not fit the operands' ranks;
///   ``ScopeFlowError/Code/shapeMismatch`` when a letter labels dimensions of different sizes.
public func einsum(
    _ equation: String, _ inputs: any TensorConvertible..., name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> Tensor {
    let operands = inputs.map(\.tensor)
    guard (1...2).contains(operands.count) else {
        throw ScopeFlowError(
            .unimplemented,
            "einsum '\(equation)' has \(operands.count) operands; ScopeFlow builds einsum of one or two operands, "
                + "so split it into binary einsums.")
    }
    let resolved = try explicitEinsumEquation(equation, operandCount: operands.count)
    return try nameScope(name, defaultName: "einsum", values: operands) { _ in
        try einsumOp(operands, equation: resolved, location: SourceLocation(fileID: file, line: line))
    }
}

/// The `Einsum` op of `equation` (with an explicit `->`), as TF's gradients build it.
func einsumOp(
    _ inputs: [Tensor], equation: String, location: SourceLocation = SourceLocation(fileID: #fileID, line: #line)
) throws -> Tensor {
    try makeOp(
        "Einsum", name: nil, defaultName: "Einsum", inputs: inputs,
        attrs: ["equation": .string(equation), "N": .int(inputs.count), "T": .type(inputs[0].dtype)],
        location: location, shape: .einsum
    ).output(0)
}

/// `equation` without spaces and with its output made explicit as TF's einsum does.
private func explicitEinsumEquation(_ equation: String, operandCount: Int) throws -> String {
    let compact = equation.filter { $0 != " " }
    let operands = compact.components(separatedBy: "->")[0].components(separatedBy: ",")
    guard operands.count == operandCount else {
        throw ScopeFlowError(
            .invalidArgument,
            "einsum '\(equation)' names \(operands.count) operands but got \(operandCount); give one subscript per operand."
        )
    }
    if compact.contains("->") { return compact }
    let letters = operands.joined().filter { $0 != "." }
    let once = Set(letters.filter { letter in letters.filter { $0 == letter }.count == 1 }).sorted()
    return compact + "->" + (compact.contains("...") ? "..." : "") + String(once)
}

extension ShapeFunction {
    /// `Einsum(inputs…)`: the output's dimensions from the sizes its letters (and broadcast
    /// dimensions) have in the inputs, as far as they are known.
    static let einsum = ShapeFunction { op in
        let equation = try EinsumEquation(op.attrs["equation"]?.stringValue ?? "")
        guard equation.inputs.count == op.inputs.count else {
            throw ScopeFlowError(
                .invalidArgument,
                "Einsum '\(op.opName)': equation '\(equation.equation)' names \(equation.inputs.count) operands "
                    + "but the op has \(op.inputs.count) inputs.",
                names: [op.opName])
        }
        let dtype = try requireSameDType(op.inputs, argumentNames: [], opType: op.opType)
        let shapes = op.inputs.compactMap(\.shape.dims)
        guard shapes.count == op.inputs.count else {
            return [OutputSpec(dtype: dtype, shape: .unknown)]
        }
        let broadcastRank = zip(equation.inputs, shapes).map { $1.count - $0.letters.count }.max() ?? 0
        var size: [EinsumLabel: Int?] = [:]
        for (subscripts, dims) in zip(equation.inputs, shapes) {
            let labels = try equation.labels(subscripts, rank: dims.count, broadcastRank: broadcastRank)
            for (label, dimension) in zip(labels, dims) {
                guard let dimension else {
                    if size[label] == nil { size[label] = .some(nil) }
                    continue
                }
                switch (label, size[label] ?? nil) {
                case (_, nil), (.broadcast, 1?): size[label] = dimension
                case (_, dimension?),
                    (.broadcast, _) where dimension == 1:
                    break
                case (_, let known?):
                    throw ScopeFlowError(
                        .shapeMismatch,
                        "Einsum '\(op.opName)' (\(equation.equation)): the dimensions labelled \(label) have sizes "
                            + "\(known) and \(dimension); they must agree.",
                        names: [op.opName])
                }
            }
        }
        let outputRank = equation.output.letters.count + (equation.output.ellipsisAt == nil ? 0 : broadcastRank)
        let labels = try equation.labels(equation.output, rank: outputRank, broadcastRank: broadcastRank)
        return [OutputSpec(dtype: dtype, shape: Shape(labels.map { size[$0] ?? 1 }))]
    }
}
