/// `Cumsum(x, axis)` and `Cumprod(x, axis)`: running sums or products along `axis`, with the
/// attributes `exclusive` (each element leaves itself out) and `reverse` (run from the end).
func cumulativeKernel(isProduct: Bool) -> KernelFactory {
    { context in
        let exclusive = context.attrs["exclusive"]?.boolValue ?? false
        let reverse = context.attrs["reverse"]?.boolValue ?? false
        return { inputs in
            try context.checkInputCount(inputs, 2)
            let x = inputs[0]
            guard !x.shape.isEmpty else {
                throw context.arrayError(
                    .invalidArgument, "input must be at least rank 1, but is a scalar; pass a vector or higher rank.")
            }
            let axis = try context.normalizedAxis(context.indexScalar(inputs[1], "axis"), rank: x.shape.count)
            let scan = CumulativeScan(
                isProduct: isProduct, exclusive: exclusive, reverse: reverse, length: x.shape[axis],
                inner: x.shape[(axis + 1)...].reduce(1, *))
            return [try dispatchNumeric(x, context, scan)]
        }
    }
}

/// One running sum or product per line along the scanned axis, as TF's `ScanOp` computes it:
/// in the element type, from the first (or, with `reverse`, the last) element of each line.
private struct CumulativeScan: NumericVisitor {
    let isProduct: Bool
    let exclusive: Bool
    let reverse: Bool
    let length: Int
    let inner: Int

    func visit<T: NumericElement>(_ x: [T], _ a: HostTensor) throws -> HostTensor {
        var result = [T](repeating: .zero, count: x.count)
        let lineCount = length == 0 ? 0 : x.count / length
        let steps = reverse ? Array((0..<length).reversed()) : Array(0..<length)
        for line in 0..<lineCount {
            let base = line / inner * length * inner + line % inner
            var running: T = isProduct ? .one : .zero
            for step in steps {
                let position = base + step * inner
                let next = isProduct ? T.multiply(running, x[position]) : T.add(running, x[position])
                result[position] = exclusive ? running : next
                running = next
            }
        }
        return HostTensor(uncheckedStorage: T.storage(result), shape: a.shape)
    }
}
