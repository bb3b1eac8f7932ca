/// TF1 summary ops (`tf.compat.v1.summary`): each yields a scalar string tensor
/// holding a serialized `Summary`, which ``FileWriter/addSummary(_:globalStep:)`` writes.
///
/// ```swift
/// _ = try Summary.scalar("loss", loss)       // tag "loss" (uniquified like an op name)
/// _ = try Summary.histogram("weights", w)
/// let merged = try Summary.mergeAll()!        // one op for every summary in the graph
/// ```
public enum Summary {
    /// The collection summary ops are added to (TF's `GraphKeys.SUMMARIES`).
    public static let collectionKey = "summaries"

    /// A `ScalarSummary` op: the tag is the op's scoped, uniquified name, as in TF1.
    public static func scalar(
        _ name: String, _ tensor: any TensorConvertible, file: String = #fileID, line: Int = #line
    ) throws -> Tensor {
        try tagged("ScalarSummary", name, tensor.tensor, location: SourceLocation(fileID: file, line: line)) { opName in
            guard tensor.tensor.dtype.isNumeric else {
                throw ScopeFlowError(
                    .dtypeMismatch, "ScalarSummary '\(opName)' needs a numeric value, got \(tensor.tensor.dtype).",
                    names: [opName])
            }
            try requireRank(tensor.tensor, 0, opName: opName)
        }
    }

    /// A `HistogramSummary` op over every element of `tensor`.
    public static func histogram(
        _ name: String, _ tensor: any TensorConvertible, file: String = #fileID, line: Int = #line
    ) throws -> Tensor {
        try tagged("HistogramSummary", name, tensor.tensor, location: SourceLocation(fileID: file, line: line)) { opName in
            guard tensor.tensor.dtype.isNumeric else {
                throw ScopeFlowError(
                    .dtypeMismatch, "HistogramSummary '\(opName)' needs numeric values, got \(tensor.tensor.dtype).",
                    names: [opName])
            }
        }
    }

    /// A `MergeSummary` op over `inputs` (serialized summaries).
    public static func merge(
        _ inputs: [Tensor], name: String? = nil, file: String = #fileID, line: Int = #line
    ) throws -> Tensor {
        try makeOp(
            "MergeSummary", name: name, defaultName: "Merge/MergeSummary", inputs: inputs,
            attrs: ["N": .int(inputs.count)], location: SourceLocation(fileID: file, line: line)
        ) { opName in
            for input in inputs where input.dtype != .string {
                throw ScopeFlowError(.dtypeMismatch, "MergeSummary '\(opName)' input \(input.name) is not a string.",
                                     names: [opName])
            }
            return [OutputSpec(dtype: .string, shape: .scalar)]
        }.output(0)
    }

    /// Merges every summary of the default graph's "summaries" collection; nil when there are none.
    public static func mergeAll(file: String = #fileID, line: Int = #line) throws -> Tensor? {
        let inputs = try collection(collectionKey).compactMap { item -> Tensor? in
            if case .tensor(let tensor) = item { return tensor } else { return nil }
        }
        return inputs.isEmpty ? nil : try merge(inputs, file: file, line: line)
    }

    /// Builds `tags` (a string Const) and the summary op under the name scope `name`, as TF's `summary_scope`.
    private static func tagged(
        _ type: String, _ name: String, _ values: Tensor, location: SourceLocation, check: (String) throws -> Void
    ) throws -> Tensor {
        try nameScope(name, values: [values]) { scope in
            let tag = String(scope.dropLast())
            let tags = try constant(HostTensor(scalar: tag), name: "tags", file: location.fileID, line: location.line)
            let op = try values.graph.addOperation(
                type: type, name: scope, defaultName: type, inputs: [tags, values],
                attrs: ["T": .type(values.dtype)], location: location
            ) { opName in
                try check(opName)
                return [OutputSpec(dtype: .string, shape: .scalar)]
            }
            try values.graph.addToCollection(collectionKey, .tensor(op.output(0)))
            return op.output(0)
        }
    }
}
