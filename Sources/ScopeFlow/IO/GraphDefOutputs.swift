/// The outputs of an imported `NodeDef`: how many and of which type, from its op type and attrs
/// as TensorFlow's op registry defines them, with every count attr checked as TF's op checks do.
enum GraphDefOutputs {
    /// The most outputs one imported node may declare through a count attr (`num_split`, `num`,
    /// `N`, `num_partitions`): far more than any real graph uses, small enough that a forged
    /// count cannot make the import allocate gigabytes.
    static let maximumCount = 1 << 20

    private static let boolResults: Set<String> = [
        "Equal", "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual", "LogicalAnd", "LogicalOr", "LogicalNot",
        "IsNan", "IsInf", "IsFinite",
    ]
    private static let stringResults: Set<String> = [
        "ScalarSummary", "HistogramSummary", "MergeSummary", "TensorSummary", "TensorSummaryV2", "ImageSummary",
        "AudioSummary", "AudioSummaryV2",
    ]
    private static let noResults: Set<String> = ["NoOp", "Assert", "SaveV2", "Save", "SaveSlices", "Print"]
    /// Ops whose output count is an int attr, with the least value TF's op definition allows.
    private static let countAttrs: [String: (attr: String, minimum: Int)] = [
        "Split": ("num_split", 1), "SplitV": ("num_split", 1), "Unpack": ("num", 0), "ShapeN": ("N", 1),
        "ConcatOffset": ("N", 2), "DynamicPartition": ("num_partitions", 1),
    ]
    private static let twoResults: Set<String> = [
        "BroadcastGradientArgs", "SoftmaxCrossEntropyWithLogits", "SparseSoftmaxCrossEntropyWithLogits",
    ]
    /// Ops whose output type is a type attr other than `dtype`/`T`, with TF's default.
    private static let typeAttrs: [String: (attr: String, fallback: DType)] = [
        "Cast": ("DstT", .float32), "Shape": ("out_type", .int32), "ShapeN": ("out_type", .int32),
        "Size": ("out_type", .int32), "Rank": ("out_type", .int32), "ArgMax": ("output_type", .int64),
        "ArgMin": ("output_type", .int64), "ConcatOffset": ("shape_type", .int32), "Range": ("Tidx", .int32),
        "Gather": ("Tparams", .float32), "GatherV2": ("Tparams", .float32),
    ]

    /// The output specs of node `nodeName` (op `op`): count and dtypes from its type and attrs,
    /// shapes as recorded in `_output_shapes` when present.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a count attr out of range or
    ///   disagreeing with `_output_shapes`; ``ScopeFlowError/Code/unimplemented`` when the output
    ///   type cannot be told.
    static func specs(op: String, attrs: AttrMap, shapes: [Shape]?, nodeName: String) throws -> [OutputSpec] {
        func invalid(_ what: String) -> ScopeFlowError {
            ScopeFlowError(.invalidArgument, "Node '\(nodeName)' (op \(op)) \(what).", names: [nodeName])
        }
        var count: Int
        if let countAttr = countAttrs[op] {
            let (attr, minimum) = countAttr
            guard let value = attrs[attr]?.intValue else { throw invalid("has no int attr '\(attr)'") }
            guard (minimum...maximumCount).contains(value) else {
                throw invalid("has \(attr) = \(value); it must be from \(minimum) to \(maximumCount)")
            }
            count = value
        } else if op == "RestoreV2" || op == "IdentityN" {
            count = listedTypes(op: op, attrs: attrs)?.count ?? 0
        } else {
            count = noResults.contains(op) ? 0 : twoResults.contains(op) ? 2 : 1
        }
        if let shapes {
            guard countAttrs[op] == nil || shapes.count == count else {
                throw invalid("records \(shapes.count) output shapes but its attrs give \(count) outputs")
            }
            count = shapes.count
        }
        let dtypes = try outputTypes(op: op, attrs: attrs, count: count, nodeName: nodeName)
        let constantShape = attrs["value"]?.tensorValue.map { Shape(known: $0.shape) }
        return dtypes.enumerated().map { i, dtype in
            OutputSpec(dtype: dtype, shape: shapes?[i] ?? constantShape ?? .unknown)
        }
    }

    /// The per-output types of an op that lists them (`RestoreV2`'s `dtypes`, `IdentityN`'s `T`).
    private static func listedTypes(op: String, attrs: AttrMap) -> [DType]? {
        guard op == "RestoreV2" || op == "IdentityN", case .types(let types)? = attrs[op == "RestoreV2" ? "dtypes" : "T"]
        else { return nil }
        return types
    }

    private static func outputTypes(op: String, attrs: AttrMap, count: Int, nodeName: String) throws -> [DType] {
        if count == 0 { return [] }
        if let types = listedTypes(op: op, attrs: attrs), types.count == count { return types }
        let dtype: DType
        if boolResults.contains(op) {
            dtype = .bool
        } else if stringResults.contains(op) {
            dtype = .string
        } else if let typeAttr = typeAttrs[op] {
            dtype = attrs[typeAttr.attr]?.typeValue ?? typeAttr.fallback
        } else if let type = attrs["dtype"]?.typeValue ?? attrs["T"]?.typeValue {
            dtype = type
        } else {
            throw ScopeFlowError(
                .unimplemented, "Cannot tell the output type of node '\(nodeName)' (op \(op)); it has no dtype or T attr.",
                names: [nodeName])
        }
        return Array(repeating: dtype, count: count)
    }
}
