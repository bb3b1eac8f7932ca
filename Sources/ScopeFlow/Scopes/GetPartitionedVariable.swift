/// Creates or returns the partitioned variable `name` in the current variable scope: TF's
/// `tf.compat.v1.get_variable` under a `partitioner` (which returns a `PartitionedVariable`).
///
/// `partitioner` (default: the variable scope's) cuts the variable along one axis into parts
/// `name/part_0`, `name/part_1` …, each a ``Variable`` in the usual collections that knows its
/// place in the whole (``Variable/saveSliceInfo``); the parts' sizes differ by at most one, the
/// first ones larger. An initializer runs once per part, with the part's shape and its
/// ``PartitionInfo``; a tensor or value initializer is sliced (`name/part_i/PartitionedInitializer/Slice`).
///
/// Reuse follows the scope as for ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)``;
/// a reused variable must be asked for with a compatible shape, the same dtype and, when a
/// partitioner is in force, the same partitions. Under `.reuse` the partitioner may be left out.
///
/// ```swift
/// let emb = try variableScope("model", partitioner: fixedSizePartitioner(numShards: 3)) { _ in
///     try getPartitionedVariable("embedding", shape: [10, 8])
/// }
/// emb.parts.map(\.shape)   // [(4, 8), (3, 8), (3, 8)]
/// ```
/// - Throws: ``ScopeFlowError`` with `.invalidArgument` for no partitioner, a partitioner's bad
///   answer (TF's checks), a scalar or not fully defined shape, a plain variable of that name, or
///   a partitioning that differs from the stored one; `.alreadyExists`, `.doesNotExist`,
///   `.shapeMismatch` and `.dtypeMismatch` as `getVariable`.
public func getPartitionedVariable(
    _ name: String, shape: Shape? = nil, dtype: DType? = nil, initializer: Initializer? = nil,
    regularizer: Regularizer? = nil, trainable: Bool = true, collections: [String]? = nil,
    partitioner: Partitioner? = nil, file: String = #fileID, line: Int = #line
) throws -> PartitionedVariable {
    let context = BuildContext.effective
    let scope = context.scopes.variableScope
    let fullName = Names.path(scope.name, name)
    let location = SourceLocation(fileID: file, line: line)
    return try locatingErrors(at: location) {
        if let shape { try ShapeCheck.validate(shape, of: fullName) }
        if scope.customGetter != nil {
            throw ScopeFlowError(
                .unimplemented,
                "getPartitionedVariable is not available in a variable scope with a custom getter (as TF's "
                    + "_get_partitioned_variable); \(fullName) would bypass the getter.",
                names: [fullName])
        }
        let request = PartitionedRequest(
            name: fullName, shape: shape ?? .unknown, dtype: dtype ?? scope.dtype,
            initializer: initializer ?? scope.initializer, regularizer: regularizer ?? scope.regularizer,
            trainable: trainable, collections: collections, reuse: scope.reuse,
            partitioner: partitioner ?? scope.partitioner)
        return try nameScope(nil) { _ in
            try context.graph.partitionedVariable(request, callerScopes: context.scopes, location: location)
        }
    }
}

/// What a ``getPartitionedVariable(_:shape:dtype:initializer:regularizer:trainable:collections:partitioner:file:line:)``
/// call asks for, with the scope's defaults filled in.
struct PartitionedRequest {
    let name: String
    var shape: Shape
    var dtype: DType
    let initializer: Initializer?
    let regularizer: Regularizer?
    let trainable: Bool
    let collections: [String]?
    let reuse: Reuse
    let partitioner: Partitioner?
}

/// The partitioned variables of a graph, by full variable-scope name (TF's `_partitioned_vars`).
struct PartitionedVariables: GraphSideTable {
    var byName: [String: PartitionedVariable] = [:]
}

extension Graph {
    /// TF's `_VariableStore._get_partitioned_variable`: the stored partitioned variable when reuse
    /// allows, else a new one made of parts created by ``sharedVariable``.
    func partitionedVariable(
        _ request: PartitionedRequest, callerScopes: ScopeState, location: SourceLocation
    ) throws -> PartitionedVariable {
        let name = request.name
        let existing = withSideTable(PartitionedVariables.self) { $0.byName[name] }
        guard let partitioner = request.partitioner else {
            if request.reuse == .reuse, let existing { return try checkReuse(of: existing, request, partitions: nil) }
            throw ScopeFlowError(
                .invalidArgument,
                "No partitioner was specified for \(name); pass partitioner: or open the variable scope with one.",
                names: [name])
        }
        if state.withLock({ $0.sharedVariables[ExactName(name)] != nil }) {
            throw ScopeFlowError(
                .invalidArgument,
                "A partitioner was provided, but an unpartitioned version of the variable was found: \(name).  "
                    + "Perhaps a variable of the same name was already created without partitioning?",
                names: [name])
        }
        var request = request
        if let tensor = request.initializer?.initialTensor {
            guard let merged = request.shape.merged(with: tensor.shape) else {
                throw ScopeFlowError(
                    .shapeMismatch,
                    "Shapes \(request.shape) and \(tensor.shape) are incompatible: the shape of \(name) and of its "
                        + "initial value \(tensor.name).",
                    names: [name])
            }
            request.shape = merged
        }
        guard let fullShape = request.shape.knownDims else {
            throw ScopeFlowError(
                .undefinedShape,
                "Shape of a new partitioned variable must be fully defined, but instead was \(request.shape) "
                    + "(variable \(name)).",
                names: [name])
        }
        let partitions = try partitioner.partitions(of: name, shape: fullShape, dtype: request.dtype)
        if let existing {
            guard request.reuse != .inherit else {
                throw ScopeFlowError(
                    .alreadyExists,
                    "Partitioned variable with name \(name) already exists. Did you mean to set reuse: .reuse or "
                        + ".auto in variableScope?",
                    names: [name])
            }
            return try checkReuse(of: existing, request, partitions: partitions)
        }
        if request.reuse == .reuse {
            throw ScopeFlowError(
                .doesNotExist,
                "PartitionedVariable \(name) does not exist, or was not created with getPartitionedVariable(). Did "
                    + "you mean to set reuse: .inherit or .auto in variableScope?",
                names: [name])
        }
        let axis = partitions.firstIndex { $0 > 1 } ?? 0
        let count = partitions[axis]
        try checkStoredParts(of: name, count: count)
        var parts: [Variable] = []
        for (index, (offset, partShape)) in Self.slices(of: fullShape, count: count, axis: axis).enumerated() {
            let partName = "\(name)/part_\(index)"
            let slice = SaveSliceInfo(fullName: name, fullShape: fullShape, varOffset: offset, varShape: partShape)
            let (initializer, shape, dtype) = try ScopeFlow.nameScope(partName + "/PartitionedInitializer") { _ in
                try Self.partInitializer(request, offset: offset, shape: partShape, location: location)
            }
            let isNew = state.withLock { $0.sharedVariables[ExactName(partName)] == nil }
            let part = try ScopeFlow.nameScope(nil) { _ in
                try sharedVariable(
                    partName, shape: shape, dtype: dtype, initializer: initializer, reuse: request.reuse,
                    trainable: request.trainable, collections: request.collections, location: location,
                    callerScopes: callerScopes, slice: slice)
            }
            if isNew, let penalty = request.regularizer {
                try part.addLazyRegularizationLoss(penalty)
            }
            parts.append(part)
        }
        let dtype = parts[0].dtype
        let made = PartitionedVariable(
            name: name, shape: fullShape, dtype: dtype, parts: parts, partitions: partitions)
        return withSideTable(PartitionedVariables.self) { table in
            if let first = table.byName[name] { return first }
            table.byName[name] = made
            return made
        }
    }

    /// TF's reuse checks of a stored partitioned variable: shape, dtype, and partitions when known.
    private func checkReuse(
        of existing: PartitionedVariable, _ request: PartitionedRequest, partitions: [Int]?
    ) throws -> PartitionedVariable {
        let name = request.name
        guard request.shape.isCompatible(with: Shape(known: existing.shape)) else {
            throw ScopeFlowError(
                .shapeMismatch,
                "Trying to reuse partitioned variable \(name), but specified shape \(request.shape) and found shape "
                    + "\(Shape(known: existing.shape)).",
                names: [name])
        }
        guard request.dtype == existing.dtype else {
            throw ScopeFlowError(
                .dtypeMismatch,
                "Trying to reuse partitioned variable \(name), but specified dtype \(request.dtype) and found dtype "
                    + "\(existing.dtype).",
                names: [name])
        }
        if let partitions, partitions != existing.partitions {
            throw ScopeFlowError(
                .invalidArgument,
                "Trying to reuse partitioned variable \(name), but specified partitions \(partitions) and found "
                    + "partitions \(existing.partitions).",
                names: [name])
        }
        return existing
    }

    /// TF's check that parts stored earlier under `name` (by `getVariable` calls) match `count`.
    private func checkStoredParts(of name: String, count: Int) throws {
        let (first, last, extra) = state.withLock { state in
            (
                state.sharedVariables[ExactName("\(name)/part_0")] != nil,
                state.sharedVariables[ExactName("\(name)/part_\(count - 1)")] != nil,
                state.sharedVariables[ExactName("\(name)/part_\(count)")] != nil
            )
        }
        guard first else { return }
        if !last {
            throw ScopeFlowError(
                .invalidArgument,
                "Partitioner returned a different partitioning than what was already found.  Partitioner returned "
                    + "\(count) shards, and shard \(name)/part_0 was found, but \(name)/part_\(count - 1) was not.",
                names: [name])
        }
        if extra {
            throw ScopeFlowError(
                .invalidArgument,
                "Partitioner returned a different partitioning than what was already found.  Partitioner returned "
                    + "\(count) shards, and shard \(name)/part_0 was found, but so was the extra shard "
                    + "\(name)/part_\(count).",
                names: [name])
        }
    }

    /// TF's `_iter_slices`: the offset and shape of each of `count` parts of `shape` along `axis`,
    /// the first `shape[axis] % count` parts one longer.
    static func slices(of shape: [Int], count: Int, axis: Int) -> [(offset: [Int], shape: [Int])] {
        let excess = shape[axis] % count
        let shortest = shape[axis] / count
        var offset = Array(repeating: 0, count: shape.count)
        var result: [(offset: [Int], shape: [Int])] = []
        for index in 0..<count {
            var partShape = shape
            partShape[axis] = shortest + (index < excess ? 1 : 0)
            result.append((offset, partShape))
            offset[axis] += partShape[axis]
        }
        return result
    }

    /// A part's initializer, shape and dtype, built in its `PartitionedInitializer` name scope: a
    /// tensor or value is sliced there; other initializers run later for the part's shape.
    private static func partInitializer(
        _ request: PartitionedRequest, offset: [Int], shape: [Int], location: SourceLocation
    ) throws -> (Initializer?, Shape?, DType) {
        let (file, line) = (location.fileID, location.line)
        switch request.initializer?.kind {
        case .tensor(let tensor)?:
            let part = try slice(tensor, begin: offset, size: shape, file: file, line: line)
            return (.tensor(part), nil, part.dtype)
        case .value(let value)?:
            let whole = try constant(value.converted(to: request.dtype), file: file, line: line)
            let part = try slice(whole, begin: offset, size: shape, file: file, line: line)
            return (.tensor(part), nil, request.dtype)
        default:
            return (request.initializer, Shape(known: shape), request.dtype)
        }
    }
}
