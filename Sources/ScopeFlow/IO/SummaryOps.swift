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
        try tagged("HistogramSummary", name, tensor.tensor, location: SourceLocation(fileID: file, line: line)) {
            opName in
            guard tensor.tensor.dtype.isNumeric else {
                throw ScopeFlowError(
                    .dtypeMismatch, "HistogramSummary '\(opName)' needs numeric values, got \(tensor.tensor.dtype).",
                    names: [opName])
            }
        }
    }

    /// An `ImageSummary` op: the first `maxOutputs` images of `tensor` (`[batch, height, width,
    /// channels]`, 1, 3 or 4 channels, float16, float32 or float64) as PNG images tagged
    /// `name/image/0` … (`name/image` when `maxOutputs` is 1), as `tf.compat.v1.summary.image`
    /// builds it. Each float image is rescaled on its own: by 255 / max when it has no negative
    /// value, else by 127 / max |value| around 128; non-finite pixels are red (`bad_color`).
    ///
    /// ```swift
    /// _ = try Summary.image("filters", filterImages, maxOutputs: 8)
    /// ```
    ///
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `maxOutputs` is below 1 or the
    ///   tensor's static shape is not 4-D with 1, 3 or 4 channels, ``ScopeFlowError/Code/dtypeMismatch``
    ///   for a tensor that is not floating-point (ScopeFlow has no uint8 tensors).
    public static func image(
        _ name: String, _ tensor: any TensorConvertible, maxOutputs: Int = 3, file: String = #fileID, line: Int = #line
    ) throws -> Tensor {
        let images = tensor.tensor
        let attrs: AttrMap = [
            "max_images": .int(maxOutputs),
            "bad_color": .uint8Tensor(Kernels.imageSummaryBadColor, shape: [Kernels.imageSummaryBadColor.count]),
        ]
        return try tagged(
            "ImageSummary", name, images, tagInput: "tag", attrs: attrs,
            location: SourceLocation(fileID: file, line: line)
        ) { opName in
            guard images.dtype.isFloatingPoint else {
                throw ScopeFlowError(
                    .dtypeMismatch,
                    "ImageSummary '\(opName)' needs float16, float32 or float64 images, got \(images.dtype); cast "
                        + "them to float32 (ScopeFlow has no uint8 tensors).", names: [opName])
            }
            guard maxOutputs >= 1 else {
                throw ScopeFlowError(
                    .invalidArgument, "ImageSummary '\(opName)' has maxOutputs \(maxOutputs); it must be at least 1.",
                    names: [opName])
            }
            let channels = images.shape.dims?.last ?? nil
            if images.shape.rank.map({ $0 != 4 }) ?? false || channels.map({ ![1, 3, 4].contains($0) }) ?? false {
                throw ScopeFlowError(
                    .invalidArgument,
                    "ImageSummary '\(opName)' needs images [batch, height, width, channels] with 1, 3 or 4 channels, "
                        + "got shape \(images.shape.bracketed).", names: [opName])
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
                throw ScopeFlowError(
                    .dtypeMismatch, "MergeSummary '\(opName)' input \(input.name) is not a string.",
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

    /// Builds the tag (a string Const named after the op's tag input, `tags` or `tag`) and the
    /// summary op under the name scope `name`, as TF's `summary_scope`.
    private static func tagged(
        _ type: String, _ name: String, _ values: Tensor, tagInput: String = "tags", attrs: AttrMap = [:],
        location: SourceLocation, check: (String) throws -> Void
    ) throws -> Tensor {
        try nameScope(name, values: [values]) { scope in
            let tag = String(scope.dropLast())
            let tags = try constant(HostTensor(scalar: tag), name: tagInput, file: location.fileID, line: location.line)
            var opAttrs = attrs
            opAttrs["T"] = .type(values.dtype)
            let op = try values.graph.addOperation(
                type: type, name: scope, defaultName: type, inputs: [tags, values],
                attrs: opAttrs, location: location
            ) { opName in
                try check(opName)
                return [OutputSpec(dtype: .string, shape: .scalar)]
            }
            try values.graph.addToCollection(collectionKey, .tensor(op.output(0)))
            return op.output(0)
        }
    }
}
