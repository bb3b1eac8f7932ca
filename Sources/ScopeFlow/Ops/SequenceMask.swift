/// The mask of the first `lengths[i]` positions of each row: `mask[i, j] = j < lengths[i]` for
/// `j` in `0..<maxlen` (TF's `tf.sequence_mask`), as `dtype` (bool by default, `.float32` to
/// weight a per-token loss).
///
/// Built as TF 2.21 builds it in the name scope `name` (default `SequenceMask`): `maxlen` a
/// `Const` (or, when nil, the largest length: `Const`, `Max`, `Const_1`, `Maximum`), the
/// positions a `Range` of the `Const`s 0 and 1, the lengths `ExpandDims`ed and `Cast` to int32,
/// a `Less`, and a `Cast` to `dtype` unless it is bool.
///
/// ```swift
/// let lengths = try placeholder(.int32, shape: [4], name: "sequence_length")
/// let mask = try sequenceMask(lengths, maxlen: 7, dtype: .float32)   // SequenceMask/Cast_1, [4, 7]
/// ```
/// - Throws: ``ScopeFlowError/Code/dtypeMismatch`` when `lengths` are not integers;
///   ``ScopeFlowError/Code/invalidArgument`` when `maxlen` is negative or beyond int32.
public func sequenceMask(
    _ lengths: any TensorConvertible, maxlen: Int? = nil, dtype: DType = .bool, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let given = lengths.tensor
    let location = SourceLocation(fileID: file, line: line)
    try requireDType(given, in: [.int32, .int64], argument: "lengths", opType: "SequenceMask")
    if let maxlen, maxlen < 0 || maxlen > Int(Int32.max) {
        throw ScopeFlowError(
            .invalidArgument, "sequence_mask's maxlen must be a non-negative int32, not \(maxlen).", names: [given.name]
        )
    }
    return try nameScope(name, defaultName: "SequenceMask", values: [given]) { _ in
        let limit: Tensor
        if let maxlen {
            limit = try constant(Int32(maxlen), name: "Const")
        } else {
            let longest = try reduceMax(given, file: file, line: line)
            limit = try maximum(constant(HostTensor(scalar: Int64(0)), dtype: given.dtype, name: "Const"), longest)
        }
        let zero = try constant(HostTensor(scalar: Int64(0)), dtype: limit.dtype, name: "Const")
        let one = try constant(HostTensor(scalar: Int64(1)), dtype: limit.dtype, name: "Const")
        let positions = try makeOp(
            "Range", name: nil, defaultName: "Range", inputs: [zero, limit, one], attrs: ["Tidx": .type(limit.dtype)],
            location: location, shape: .range
        ).output(0)
        let column = try expandDims(given, axis: -1, file: file, line: line)
        // TF casts with the raw op, so a `Cast` is made even between equal dtypes.
        let rowLengths = try makeOp(
            "Cast", name: nil, defaultName: "Cast", inputs: [column],
            attrs: ["SrcT": .type(column.dtype), "DstT": .type(limit.dtype), "Truncate": .bool(false)],
            location: location, shape: .cast
        ).output(0)
        let mask = try less(positions, rowLengths, file: file, line: line)
        return try cast(mask, to: dtype, file: file, line: line)
    }
}
