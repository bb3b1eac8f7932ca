/// Folds `fn` over the rows of `elems` from the first to the last (TF1's `tf.foldl` in graph mode,
/// name scope `foldl`): the rows are unstacked into a ``TensorArray`` and a ``whileLoop``
/// reads one per iteration; the accumulator starts at `initializer`, or at row 0 (then the loop
/// starts at row 1).
///
/// ```swift
/// let x = try placeholder(.float32, shape: [4, 3], name: "x")
/// let total = try foldl({ acc, row in try acc + row }, x)   // foldl/while/Exit_2: the rows' sum
/// ```
///
/// - Returns: The accumulator after the last row.
public func foldl(
    _ fn: (Tensor, Tensor) throws -> Tensor, _ elems: Tensor, initializer: Tensor? = nil,
    parallelIterations: Int = 10, backProp: Bool = true, swapMemory: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try nameScope(name, defaultName: "foldl", values: [elems]) { _ in
        let (count, rows) = try unstackedRows(of: elems, file: file, line: line)
        let accumulator = try initializer ?? rows.read(0, file: file, line: line)
        let start = try constant(Int32(initializer == nil ? 1 : 0), file: file, line: line)
        return try whileLoop(
            cond: { vars in try lessThan(vars[0], count, file: file, line: line) },
            body: { vars in
                let row = try rows.read(vars[0], file: file, line: line)
                let next = try fn(vars[1], row)
                return [try vars[0] + 1, next]
            },
            loopVars: [start, accumulator], parallelIterations: parallelIterations, backProp: backProp,
            swapMemory: swapMemory, maximumIterations: count.limit, file: file, line: line)[1]
    }
}

/// Folds `fn` over the rows of `elems` from the last to the first (TF1's `tf.foldr` in graph mode,
/// name scope `foldr`): like ``foldl(_:_:initializer:parallelIterations:backProp:swapMemory:name:file:line:)``
/// with the loop counting down (`i > 0`, `i - 1` then the read); without `initializer` the
/// accumulator starts at the last row.
///
/// ```swift
/// let folded = try foldr({ acc, row in try acc * 0.5 + row }, x, initializer: zeros(shape: [3]))
/// ```
public func foldr(
    _ fn: (Tensor, Tensor) throws -> Tensor, _ elems: Tensor, initializer: Tensor? = nil,
    parallelIterations: Int = 10, backProp: Bool = true, swapMemory: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try nameScope(name, defaultName: "foldr", values: [elems]) { _ in
        let (count, rows) = try unstackedRows(of: elems, file: file, line: line)
        let start: LoopVariable
        let accumulator: Tensor
        switch (count, initializer) {
        case (.count(let rowCount), let initializer?):
            (start, accumulator) = (.literal(HostTensor(scalar: Int32(rowCount))), initializer)
        case (.count(let rowCount), nil):
            accumulator = try rows.read(rowCount - 1, file: file, line: line)
            start = .literal(HostTensor(scalar: Int32(rowCount - 1)))
        case (.tensor(let rowCount), let initializer?):
            (start, accumulator) = (.tensor(rowCount), initializer)
        case (.tensor(let rowCount), nil):
            let last = try rowCount - 1
            (start, accumulator) = (.tensor(last), try rows.read(last, file: file, line: line))
        }
        return try whileLoop(
            cond: { vars in
                try scalarComparison("Greater", vars[0], 0, location: SourceLocation(fileID: file, line: line))
            },
            body: { vars in
                let index = try vars[0] - 1
                let row = try rows.read(index, file: file, line: line)
                return [index, try fn(vars[1], row)]
            },
            initialValues: [start, .tensor(accumulator)], parallelIterations: parallelIterations,
            backProp: backProp, swapMemory: swapMemory, maximumIterations: count.limit, file: file, line: line)[1]
    }
}

/// How many rows `elems` has (TF's `dimension_value(shape[0]) or shape(elems)[0]`) and a
/// ``TensorArray`` of that size holding them.
func unstackedRows(of elems: Tensor, file: String, line: Int) throws -> (TensorArraySize, TensorArray) {
    let count: TensorArraySize
    if let rows = elems.shape.dims?.first ?? nil, rows != 0 {
        count = .count(rows)
    } else {
        count = .tensor(try shape(elems, file: file, line: line)[0])
    }
    let rows = try TensorArray(dtype: elems.dtype, size: count, file: file, line: line).unstack(
        elems, file: file, line: line)
    return (count, rows)
}

/// `x < count` as Python's operator builds it: a number becomes the `Const` `y` in the op's name
/// scope.
func lessThan(_ x: Tensor, _ count: TensorArraySize, file: String, line: Int) throws -> Tensor {
    try nameScope(nil, defaultName: "Less") { scope in
        let y = try count.tensor(name: "y", file: file, line: line)
        return try less(x, y, name: scope, file: file, line: line)
    }
}

extension TensorArraySize {
    /// A loop's `maximumIterations`: the number or the tensor.
    var limit: IterationLimit {
        switch self {
        case .count(let count): return .count(count)
        case .tensor(let tensor): return .tensor(tensor)
        }
    }

    /// The size as a tensor: a `Const` named `name` for a number.
    func tensor(name: String, file: String, line: Int) throws -> Tensor {
        switch self {
        case .count(let count): return try constant(Int32(count), name: name, file: file, line: line)
        case .tensor(let tensor): return tensor
        }
    }

}
