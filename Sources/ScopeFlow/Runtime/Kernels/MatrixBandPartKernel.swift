/// `MatrixBandPart(input, num_lower, num_upper)`: each innermost matrix with the elements outside
/// its band set to zero; a negative bound keeps the whole triangle, as TF's kernel does.
func matrixBandPartKernel(_ context: KernelContext) throws -> Kernel {
    { inputs in
        try context.checkInputCount(inputs, 3)
        let input = inputs[0]
        let rank = input.shape.count
        guard rank >= 2 else {
            throw context.arrayError(
                .invalidArgument, "input must be at least 2-dim, received shape: \(tfShape(input.shape)).")
        }
        let (rows, columns) = (input.shape[rank - 2], input.shape[rank - 1])
        let lower = try context.indexScalar(inputs[1], "num_lower")
        let upper = try context.indexScalar(inputs[2], "num_upper")
        guard lower <= rows else {
            throw context.arrayError(
                .invalidArgument,
                "num_lower must be negative or less or equal to number of rows (\(rows)) got: \(lower).")
        }
        guard upper <= columns else {
            throw context.arrayError(
                .invalidArgument,
                "num_upper must be negative or less or equal to number of columns (\(columns)) got: \(upper).")
        }
        let band = BandMask(rows: rows, columns: columns, lower: lower, upper: upper)
        return [try dispatchNumeric(input, context, band)]
    }
}

/// Keeps element (row, column) of each matrix where `row - column <= lower` and
/// `column - row <= upper` (a negative bound leaves that side unbounded).
private struct BandMask: NumericVisitor {
    let rows: Int
    let columns: Int
    let lower: Int
    let upper: Int

    func visit<T: NumericElement>(_ x: [T], _ a: HostTensor) throws -> HostTensor {
        var result = x
        for position in result.indices {
            let column = position % columns
            let row = position / columns % rows
            let inBand = (lower < 0 || row - column <= lower) && (upper < 0 || column - row <= upper)
            if !inBand { result[position] = .zero }
        }
        return HostTensor(uncheckedStorage: T.storage(result), shape: a.shape)
    }
}
