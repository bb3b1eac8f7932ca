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

/// How many rows `elems` has (TF's `dimension_value(shape[0]) or shape(elems)[0]`) and a
/// ``TensorArray`` of that size holding them.
private func unstackedRows(of elems: Tensor, file: String, line: Int) throws -> (TensorArraySize, TensorArray) {
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
private func lessThan(_ x: Tensor, _ count: TensorArraySize, file: String, line: Int) throws -> Tensor {
    try nameScope(nil, defaultName: "Less") { scope in
        let y = try count.tensor(name: "y", file: file, line: line)
        return try less(x, y, name: scope, file: file, line: line)
    }
}

extension TensorArraySize {
    /// A loop's `maximumIterations`: the number or the tensor.
    fileprivate var limit: IterationLimit {
        switch self {
        case .count(let count): return .count(count)
        case .tensor(let tensor): return .tensor(tensor)
        }
    }

    /// The size as a tensor: a `Const` named `name` for a number.
    fileprivate func tensor(name: String, file: String, line: Int) throws -> Tensor {
        switch self {
        case .count(let count): return try constant(Int32(count), name: name, file: file, line: line)
        case .tensor(let tensor): return tensor
        }
    }

}
