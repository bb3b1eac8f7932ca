/// The outputs of an imported `NodeDef`: how many and of which type, from its op type and attrs
/// as TensorFlow's op registry defines them, with every count attr checked as TF's op checks do.
enum GraphDefOutputs {
    /// The most outputs one imported node may declare through a count attr (`num_split`, `num`,
    /// `N`, `num_partitions`): far more than any real graph uses, small enough that a forged
    /// count cannot make the import allocate gigabytes.
    static let maximumCount = 1 << 20

    /// The output specs of node `nodeName` (op `op`): count and dtypes from its type and attrs,
    /// shapes as recorded in `_output_shapes` when present.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a count attr out of range or
    ///   disagreeing with `_output_shapes`; ``ScopeFlowError/Code/unimplemented`` when the output
    ///   type cannot be told.
    static func specs(op: String, attrs: AttrMap, shapes: [Shape]?, nodeName: String) throws -> [OutputSpec] {
        func invalid(_ what: String) -> ScopeFlowError {
            ScopeFlowError(.invalidArgument, "Node '\(nodeName)' (op \(op)) \(what).", names: [nodeName])
        }
        let signature = OpRegistry[op]?.outputs ?? .standard
        var count: Int
        switch signature.count {
        case .fixed(let fixed):
            count = fixed
        case .attr(let attr, let minimum):
            guard let value = attrs[attr]?.intValue else { throw invalid("has no int attr '\(attr)'") }
            guard (minimum...maximumCount).contains(value) else {
                throw invalid("has \(attr) = \(value); it must be from \(minimum) to \(maximumCount)")
            }
            count = value
        case .listed(let attr):
            count = listedTypes(attr, attrs)?.count ?? 0
        }
        if let shapes {
            if case .attr = signature.count, shapes.count != count {
                throw invalid("records \(shapes.count) output shapes but its attrs give \(count) outputs")
            }
            count = shapes.count
        }
        let dtypes = try outputTypes(signature.element, op: op, attrs: attrs, count: count, nodeName: nodeName)
        let constantShape = attrs["value"]?.tensorValue.map { Shape(known: $0.shape) }
        return dtypes.enumerated().map { i, dtype in
            OutputSpec(dtype: dtype, shape: shapes?[i] ?? constantShape ?? .unknown)
        }
    }

    /// The types of the type-list attribute `attr` (`RestoreV2`'s `dtypes`, `IdentityN`'s `T`).
    private static func listedTypes(_ attr: String, _ attrs: AttrMap) -> [DType]? {
        guard case .types(let types)? = attrs[attr] else { return nil }
        return types
    }

    private static func outputTypes(
        _ element: OutputSignature.Element, op: String, attrs: AttrMap, count: Int, nodeName: String
    ) throws -> [DType] {
        if count == 0 { return [] }
        let dtype: DType
        switch element {
        case .each(let elements):
            return try elements.prefix(count).flatMap {
                try outputTypes($0, op: op, attrs: attrs, count: 1, nodeName: nodeName)
            }
        case .listed(let attr):
            if let types = listedTypes(attr, attrs), types.count == count { return types }
            fallthrough
        case .typeAttr:
            guard let type = attrs["dtype"]?.typeValue ?? attrs["T"]?.typeValue else {
                throw ScopeFlowError(
                    .unimplemented,
                    "Cannot tell the output type of node '\(nodeName)' (op \(op)); it has no dtype or T attr.",
                    names: [nodeName])
            }
            dtype = type
        case .attr(let attr, let fallback):
            dtype = attrs[attr]?.typeValue ?? fallback
        case .fixed(let fixed):
            dtype = fixed
        }
        return Array(repeating: dtype, count: count)
    }
}
