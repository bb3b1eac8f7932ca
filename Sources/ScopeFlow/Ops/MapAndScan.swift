/// Applies `fn` to every row of `elems` and stacks the results (TF1's `tf.map_fn` in graph mode,
/// name scope `map`): the rows are unstacked into a ``TensorArray``, a ``whileLoop`` reads row
/// `i`, writes `fn(row)` into a second array, and the results are stacked after the loop
/// (`map/TensorArrayStack/TensorArrayGatherV3`).
///
/// ```swift
/// let doubled = try mapFn({ row in try row * 2.0 + 1.0 }, x)   // [4, 3] -> [4, 3]
/// ```
/// - Parameters:
///   - dtype: The results' dtype when it differs from `elems`'.
///   - inferShape: Whether every result must have one shape.
/// - Returns: The results, one row per row of `elems`.
public func mapFn(
    _ fn: (Tensor) throws -> Tensor, _ elems: Tensor, dtype: DType? = nil, parallelIterations: Int = 10,
    backProp: Bool = true, swapMemory: Bool = false, inferShape: Bool = true, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try nameScope(name, defaultName: "map", values: [elems]) { _ in
        let (count, rows) = try unstackedRows(of: elems, file: file, line: line)
        let start = try constant(Int32(0), file: file, line: line)
        let results = try TensorArray(
            dtype: dtype ?? elems.dtype, size: count, inferShape: inferShape, file: file, line: line)
        let exits = try whileLoop(
            cond: { vars in try lessThan(vars[0], count, file: file, line: line) },
            body: { vars in
                let value = try fn(rows.read(vars[0], file: file, line: line))
                let written = try results.withFlow(vars[1]).write(vars[0], value, file: file, line: line)
                return [try vars[0] + 1, written.flow]
            },
            loopVars: [start, results.flow], parallelIterations: parallelIterations, backProp: backProp,
            swapMemory: swapMemory, maximumIterations: count.limit, file: file, line: line)
        return try results.withFlow(exits[1]).stack(file: file, line: line)
    }
}

/// The running results of `fn` over the rows of `elems`, stacked (TF1's `tf.scan` in graph mode,
/// name scope `scan`): `a₀ = initializer` (or row 0, which is then also the first result),
/// `aᵢ = fn(aᵢ₋₁, rowᵢ)`, every `aᵢ` written to a ``TensorArray`` in a ``whileLoop`` and stacked.
///
/// ```swift
/// let cumulative = try scan({ acc, row in try acc + row }, x)   // running sums of the rows
/// ```
/// - Parameter reverse: Scan from the last row to the first.
public func scan(
    _ fn: (Tensor, Tensor) throws -> Tensor, _ elems: Tensor, initializer: Tensor? = nil,
    parallelIterations: Int = 10, backProp: Bool = true, swapMemory: Bool = false, inferShape: Bool = true,
    reverse: Bool = false, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try nameScope(name, defaultName: "scan", values: [elems]) { _ in
        let (count, rows) = try unstackedRows(of: elems, file: file, line: line)
        guard case .count(let rowCount) = count else {
            throw ScopeFlowError(
                .unimplemented,
                "scan over \(elems.name) needs a known number of rows (shape \(elems.shape)); set the first "
                    + "dimension of its shape.",
                names: [elems.name])
        }
        let first = reverse ? rowCount - 1 : 0
        let initial = try initializer ?? rows.read(first, file: file, line: line)
        var results = try TensorArray(
            dtype: initial.dtype, size: count, elementShape: inferShape ? initial.shape : .unknown,
            inferShape: inferShape, file: file, line: line)
        if initializer == nil { results = try results.write(first, initial, file: file, line: line) }
        let skipped = initializer == nil ? 1 : 0
        let start = reverse ? rowCount - 1 - skipped : skipped
        let location = SourceLocation(fileID: file, line: line)
        let exits = try whileLoop(
            cond: { vars in
                reverse
                    ? try scalarComparison("GreaterEqual", vars[0], 0, location: location)
                    : try lessThan(vars[0], count, file: file, line: line)
            },
            body: { vars in
                let row = try rows.read(vars[0], file: file, line: line)
                let next = try fn(vars[1], row)
                let written = try results.withFlow(vars[2]).write(vars[0], next, file: file, line: line)
                return [try reverse ? vars[0] - 1 : vars[0] + 1, next, written.flow]
            },
            initialValues: [.literal(HostTensor(scalar: Int32(start))), .tensor(initial), .tensor(results.flow)],
            parallelIterations: parallelIterations, backProp: backProp, swapMemory: swapMemory,
            maximumIterations: count.limit, file: file, line: line)
        return try results.withFlow(exits[2]).stack(file: file, line: line)
    }
}
