/// The tensors of the first function whose predicate is true, of `default` when none is (TF1's
/// `tf.case`, non-exclusive, with a default).
///
/// Built as TF builds it: under the name scope `name` (default `case`), a chain of nested
/// ``cond(_:trueFn:falseFn:name:file:line:)``s, the first pair's cond outermost, each later pair's
/// cond inside the false branch of the one before (`case/cond`, `case/cond/cond` …), `default`
/// in the innermost false branch.
///
/// ```swift
/// let y = try `case`(
///     [(p, { [try x * 2.0] }), (q, { [try x * 3.0] })], default: { [try negative(x)] })
/// // y[0] is case/cond/Merge:0
/// ```
///
/// - Parameters:
///   - pairs: (bool scalar predicate, function building the tensors) pairs, tested in order.
///   - default: Builds the tensors for when no predicate is true.
///   - exclusive: TF's `exclusive`: whether at most one predicate may be true, checked when the
///     graph runs.
///   - name: The name scope (default `case`).
/// - Throws: ``ScopeFlowError/Code/unimplemented`` for `exclusive: true` or a nil `default`: TF
///   checks those at run time with `Assert` ops, which ScopeFlow does not have yet;
///   ``ScopeFlowError/Code/invalidArgument`` for no pairs or a predicate that is not bool; what
///   ``cond(_:trueFn:falseFn:name:file:line:)`` throws.
public func `case`(
    _ pairs: [(Tensor, () throws -> [Tensor])], default: (() throws -> [Tensor])?, exclusive: Bool = false,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> [Tensor] {
    guard !pairs.isEmpty else {
        throw ScopeFlowError(.invalidArgument, "case needs at least one (predicate, function) pair.")
    }
    for (pred, _) in pairs where pred.dtype != .bool {
        throw ScopeFlowError(
            .invalidArgument, "pred must be Tensor of type bool: \(pred.name) is \(pred.dtype).", names: [pred.name])
    }
    guard let defaultFn = `default`, !exclusive else {
        throw ScopeFlowError(
            .unimplemented,
            "case with exclusive: true or without a default needs TF's Assert op, which ScopeFlow does not have yet; "
                + "pass a default and exclusive: false.")
    }
    return try nameScope(name, defaultName: "case", values: pairs.map(\.0)) { _ in
        try chainedCond(pairs[...], defaultFn: defaultFn, file: file, line: line)
    }
}

/// The cond of the first of `pairs`, whose false branch is the chain of the rest.
private func chainedCond(
    _ pairs: ArraySlice<(Tensor, () throws -> [Tensor])>, defaultFn: () throws -> [Tensor], file: String,
    line: Int
) throws -> [Tensor] {
    guard let (pred, function) = pairs.first else { return try defaultFn() }
    return try cond(
        pred, trueFn: function,
        falseFn: { try chainedCond(pairs.dropFirst(), defaultFn: defaultFn, file: file, line: line) },
        file: file, line: line)
}
