/// The tensors of the first function whose predicate is true, of `default` when none is (TF1's
/// `tf.case` with a default).
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
///   - exclusive: TF's `exclusive`: at most one predicate may be true. Checked when the graph runs,
///     as TF checks it: the predicates stacked (`case/preds_c`), counted (`case/num_true_conds`)
///     and compared with 1 in an `Assert` (`case/Assert/AssertGuard/…`) that the conds wait for.
///   - name: The name scope (default `case`).
/// - Throws: ``ScopeFlowError/Code/unimplemented`` for a nil `default` (TF then makes the last
///   pair's function the default, guarded by another `Assert`);
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
    guard let defaultFn = `default` else {
        throw ScopeFlowError(
            .unimplemented,
            "case without a default needs TF's default-raising Assert branch, which ScopeFlow does not build yet; "
                + "pass a default.")
    }
    let predicates = pairs.map(\.0)
    return try nameScope(name, defaultName: "case", values: predicates) { _ in
        guard exclusive else { return try chainedCond(pairs[...], defaultFn: defaultFn, file: file, line: line) }
        let check = try assertAtMostOneTrue(predicates, location: SourceLocation(fileID: file, line: line))
        return try controlDependencies([check]) {
            try chainedCond(pairs[...], defaultFn: defaultFn, file: file, line: line)
        }
    }
}

/// TF's `_assert_at_most_n_true(predicates, 1, "Input error: exclusive=True")`: the guarded `Assert`
/// that fails when more than one predicate is true.
private func assertAtMostOneTrue(_ predicates: [Tensor], location: SourceLocation) throws -> Operation {
    let stacked = try stack(predicates, name: "preds_c")
    let count = try reduceSum(cast(stacked, to: .int32), name: "num_true_conds")
    let holds = try lessEqual(count, constant(HostTensor(scalar: Int32(1)), name: "n_true_conds"))
    let names = predicates.map(\.name).joined(separator: ", ")
    let message = "Input error: exclusive=True: more than 1 conditions (\(names)) evaluated as True:"
    return try assertThat(holds, [.text(message), .tensor(stacked)], summarize: predicates.count, location: location)
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
