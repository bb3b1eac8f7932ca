/// Reverses the first `seqLengths[b]` slices along `seqAxis` of each slice `b` along `batchAxis`,
/// leaving the rest in place (TF's `tf.reverse_sequence`, op `ReverseSequence`): how a
/// bidirectional RNN runs its backward cell over sequences of different lengths.
///
/// ```swift
/// // x = [[1, 2, 3], [4, 5, 6]], lengths = [2, 3]
/// let y = try reverseSequence(x, seqLengths: lengths, seqAxis: 1)   // [[2, 1, 3], [6, 5, 4]]
/// ```
///
/// - Parameters:
///   - seqLengths: an int32 or int64 vector, one length per index along `batchAxis`, each at
///     most the size of dimension `seqAxis`.
///   - seqAxis: the dimension that is reversed.
///   - batchAxis: the dimension along which the lengths vary.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when an axis is outside the input's rank,
///   ``ScopeFlowError/Code/shapeMismatch`` when `seqLengths` is not a vector of one entry per index
///   along `batchAxis`; running it, ``ScopeFlowError/Code/invalidArgument`` for a length below 0 or
///   above the size of dimension `seqAxis`, or equal axes.
public func reverseSequence(
    _ input: any TensorConvertible, seqLengths: any TensorConvertible, seqAxis: Int, batchAxis: Int = 0,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (x, lengths) = (input.tensor, seqLengths.tensor)
    return try makeOp(
        "ReverseSequence", name: name, defaultName: "ReverseSequence", inputs: [x, lengths],
        attrs: [
            "T": .type(x.dtype), "Tlen": .type(lengths.dtype), "seq_dim": .int(seqAxis), "batch_dim": .int(batchAxis),
        ], location: SourceLocation(fileID: file, line: line), shape: .reverseSequence
    ).output(0)
}

extension ShapeFunction {
    /// `ReverseSequence`: the input's shape, its `batch_dim` merged with the length of `seq_lengths`.
    static let reverseSequence = ShapeFunction(inputTypes: ["T": 0, "Tlen": 1]) { op in
        try op.requireInputs(2)
        let (x, lengths) = (op.inputs[0], op.inputs[1])
        try requireDType(lengths, in: [.int32, .int64], argument: "seq_lengths", opType: op.opType)
        try requireRank(lengths, 1, opName: op.opName)
        guard let seqDim = op.attrs["seq_dim"]?.intValue else {
            throw ScopeFlowError(
                .invalidArgument, "ReverseSequence op '\(op.opName)' has no attribute 'seq_dim'; set it.",
                names: [op.opName])
        }
        let batchDim = op.attrs["batch_dim"]?.intValue ?? 0
        guard var dims = x.shape.dims else { return [OutputSpec(dtype: x.dtype, shape: .unknown)] }
        for (axis, role) in [(batchDim, "batch_dim"), (seqDim, "seq_dim")]
        where axis >= dims.count || axis < -dims.count {
            throw ScopeFlowError(
                .invalidArgument,
                "\(role) must be < input rank: \(axis) vs. \(dims.count) (op '\(op.opName)'); pick a dimension of "
                    + "the input.",
                names: [op.opName])
        }
        let batch = batchDim < 0 ? batchDim + dims.count : batchDim
        dims[batch] = try op.merge(dims[batch], lengths.shape.dims?.first ?? nil)
        return [OutputSpec(dtype: x.dtype, shape: Shape(dims))]
    }
}
