/// `ReverseSequence(input, seq_lengths)`: for each index `b` along `batch_dim`, the first
/// `seq_lengths[b]` slices along `seq_dim` in reverse order, the rest as they are; with TF's
/// checks of the dimensions and lengths, in TF's order and words.
func reverseSequenceKernel(_ context: KernelContext) throws -> Kernel {
    let batchDim = context.int("batch_dim", default: 0)
    let seqDim = try context.attr("seq_dim").intValue ?? -1
    guard batchDim >= 0 else { throw context.arrayError(.invalidArgument, "Invalid batch_dim \(batchDim)") }
    guard seqDim >= 0 else { throw context.arrayError(.invalidArgument, "Invalid seq_dim \(seqDim)") }
    return { inputs in
        try context.checkInputCount(inputs, 2)
        let (input, lengthsTensor) = (inputs[0], inputs[1])
        guard lengthsTensor.shape.count == 1 else {
            throw context.arrayError(
                .invalidArgument, "seq_lengths must be 1-dim, not \(lengthsTensor.shape.count)")
        }
        let lengths = try context.indexValues(lengthsTensor, "seq_lengths")
        let shape = input.shape
        guard batchDim != seqDim else {
            throw context.arrayError(.invalidArgument, "batch_dim == seq_dim == \(seqDim)")
        }
        guard seqDim < shape.count else {
            throw context.arrayError(.invalidArgument, "seq_dim must be < input rank ( \(seqDim) vs. \(shape.count))")
        }
        guard batchDim < shape.count else {
            throw context.arrayError(
                .invalidArgument, "batch_dim must be < input rank ( \(batchDim) vs. \(shape.count))")
        }
        guard lengths.count == shape[batchDim] else {
            throw context.arrayError(
                .invalidArgument,
                "Length of seq_lengths != input.dims(\(batchDim)), (\(lengths.count) vs. \(shape[batchDim]))")
        }
        for (d, length) in lengths.enumerated() {
            guard length >= 0 else { throw context.arrayError(.invalidArgument, "seq_lens(\(d)) < 0") }
            guard length <= shape[seqDim] else {
                throw context.arrayError(.invalidArgument, "seq_lens(\(d)) > input.dims(\(seqDim))")
            }
        }
        guard (2...5).contains(shape.count) else {
            throw context.arrayError(
                .invalidArgument, "ReverseSequenceOp : Unhandled input dimensions: \(shape.count)")
        }
        let strides = rowMajorStrides(shape)
        let source = (0..<input.count).map { position in
            let b = position / strides[batchDim] % shape[batchDim]
            let s = position / strides[seqDim] % shape[seqDim]
            let length = lengths[b]
            return s < length ? position + (length - 1 - 2 * s) * strides[seqDim] : position
        }
        return [HostTensor(uncheckedStorage: try input.storage.accept(PickVisitor(source: source)), shape: shape)]
    }
}

/// Element `i` of the result is element `source[i]` of the visited array.
struct PickVisitor: StorageVisitor {
    let source: [Int]
    func visit<T: HostScalar>(_ values: [T]) -> HostTensor.Storage { T.storage(source.map { values[$0] }) }
}
