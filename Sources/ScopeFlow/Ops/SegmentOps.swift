/// Sums the slices of `data` into `numSegments` rows by `segmentIDs` (TF's
/// `tf.math.unsorted_segment_sum`, op `UnsortedSegmentSum`): row `k` of the result is the sum of
/// the slices `data[i, …]` whose id is `k`, zero where no id is `k`.
///
/// ```swift
/// let summed = try unsortedSegmentSum(rows, segmentIDs: ids, numSegments: 5)
/// // rows = [[1, 2], [3, 4], [5, 6]], ids = [0, 3, 0] → [[6, 8], [0, 0], [0, 0], [3, 4], [0, 0]]
/// ```
///
/// - Parameters:
///   - segmentIDs: int32 or int64 ids, of the shape of `data`'s leading dimensions.
///   - numSegments: the number of rows of the result, an int32 or int64 scalar.
/// - Throws: ``ScopeFlowError/Code/dtypeMismatch`` for ids or a count that are not integers;
///   running it, ``ScopeFlowError/Code/invalidArgument`` for an id outside `0..<numSegments`.
public func unsortedSegmentSum(
    _ data: any TensorConvertible, segmentIDs: any TensorConvertible, numSegments: any TensorConvertible,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (values, ids, count) = (data.tensor, segmentIDs.tensor, numSegments.tensor)
    for (tensor, argument) in [(ids, "segmentIDs"), (count, "numSegments")] {
        try requireDType(tensor, in: [.int32, .int64], argument: argument, opType: "UnsortedSegmentSum")
    }
    return try makeOp(
        "UnsortedSegmentSum", name: name, defaultName: "UnsortedSegmentSum", inputs: [values, ids, count],
        attrs: ["T": .type(values.dtype), "Tindices": .type(ids.dtype), "Tnumsegments": .type(count.dtype)],
        location: SourceLocation(fileID: file, line: line), shape: .unsortedSegmentSum
    ).output(0)
}

/// ``unsortedSegmentSum(_:segmentIDs:numSegments:name:file:line:)`` into a number of rows known
/// when the graph is built, given as an int32 `Const`.
public func unsortedSegmentSum(
    _ data: any TensorConvertible, segmentIDs: any TensorConvertible, numSegments: Int, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    guard numSegments >= 0, numSegments <= Int(Int32.max) else {
        throw ScopeFlowError(
            .invalidArgument, "numSegments must be in 0...\(Int32.max) for unsortedSegmentSum, not \(numSegments).")
    }
    let count = try (try data.tensor.graph).asDefault { try constant(Int32(numSegments)) }
    return try unsortedSegmentSum(data, segmentIDs: segmentIDs, numSegments: count, name: name, file: file, line: line)
}
