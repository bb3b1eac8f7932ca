/// The tensors of `trueFn` when `pred` is true, of `falseFn` otherwise (TF1's `tf.cond`, built
/// with v1 control flow: `Switch` and `Merge`).
///
/// Both branches are built, each in its own ``CondContext`` under the name scope `name` (`cond`,
/// `cond_1` …): `Switch` of `pred` with itself, its outputs as `switch_t` and `switch_f`, the
/// predicate as `pred_id`, then the ops of `trueFn` and of `falseFn`. A branch reads a tensor
/// from outside through a `Switch` named after the op that reads it (`cond/mul/Switch`); ops
/// without inputs (constants) wait for the branch's pivot. Only the taken branch runs. Each
/// result is a `Merge` of the false and true branch's tensor (`cond/Merge`, `cond/Merge_1` …).
/// A cond may be built inside another cond's branch or inside a while loop's body, whose values
/// it reads through the loop's `Enter`s.
///
/// ```swift
/// let x = try placeholder(.float32, shape: [2], name: "x")
/// let isTraining = try placeholder(.bool, shape: [], name: "is_training")
/// let y = try cond(isTraining, trueFn: { try x * 2.0 }, falseFn: { try x + 1.0 })
/// // y is cond/Merge:0; x reaches the branches through cond/mul/Switch and cond/add/Switch
/// ```
///
/// - Parameters:
///   - pred: A bool scalar.
///   - trueFn: Builds the tensors the cond gives when `pred` is true.
///   - falseFn: Builds as many tensors, of the same dtypes, for when it is false.
///   - name: The cond's name scope (default `cond`).
/// - Returns: One merged tensor per branch result.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when the branches return no tensors or
///   different numbers of them, ``ScopeFlowError/Code/dtypeMismatch`` when their dtypes differ.
public func cond(
    _ pred: Tensor, trueFn: () throws -> [Tensor], falseFn: () throws -> [Tensor], name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> [Tensor] {
    try nameScope(name, defaultName: "cond", values: [pred]) { _ in
        let graph = try pred.graph
        let outer = enclosingContext()
        let location = SourceLocation(fileID: file, line: line)
        let switched = try switchOp(pred, pred, file: file, line: line)
        let pivotTrue = try unaryOp("Identity", switched.outputTrue, name: "switch_t", location: location)
        let pivotFalse = try unaryOp("Identity", switched.outputFalse, name: "switch_f", location: location)
        let predID = try unaryOp("Identity", pred, name: "pred_id", location: location)
        let trueContext = CondContext(pred: predID, pivot: pivotTrue, branch: 1, outer: outer, graph: graph)
        let trueResults = try buildBranch(trueContext, trueFn, graph: graph)
        let falseContext = CondContext(pred: predID, pivot: pivotFalse, branch: 0, outer: outer, graph: graph)
        let falseResults = try buildBranch(falseContext, falseFn, graph: graph)
        try requireMatchingBranches(trueResults, falseResults)
        graph.registerIfOutermost([trueContext, falseContext])
        return try zip(falseResults, trueResults).map { try merge([$0, $1], file: file, line: line).output }
    }
}

/// The tensor of `trueFn` when `pred` is true, of `falseFn` otherwise: ``cond(_:trueFn:falseFn:name:file:line:)``
/// for branches giving one tensor each.
///
/// ```swift
/// let y = try cond(isTraining, trueFn: { try x * 2.0 }, falseFn: { try identity(x) })   // cond/Merge:0
/// ```
public func cond(
    _ pred: Tensor, trueFn: () throws -> Tensor, falseFn: () throws -> Tensor, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try cond(pred, trueFn: { [try trueFn()] }, falseFn: { [try falseFn()] }, name: name, file: file, line: line)[0]
}

/// The cond branch or while loop new ops join now, nil at the top level.
private func enclosingContext() -> (any ControlFlowContext)? {
    BuildContext.effective.scopes.controlFlowContext
}

/// Builds one branch: runs `function` with `context` current and returns the tensors the merge
/// takes from it, each made available to the enclosing context (TF's `BuildCondBranch` and
/// `ExitResult`).
private func buildBranch(
    _ context: CondContext, _ function: () throws -> [Tensor], graph: Graph
) throws -> [Tensor] {
    let results = try graph.withControlFlowContext(context) { try function().map(context.branchResult) }
    if let outer = context.outerContext as? EnclosingControlFlowContext { results.forEach(outer.addName) }
    return results
}

/// Checks that both branches give the same number of tensors, at least one, with one dtype per
/// position (TF's structure and dtype checks).
private func requireMatchingBranches(_ trueResults: [Tensor], _ falseResults: [Tensor]) throws {
    guard trueResults.count == falseResults.count else {
        throw ScopeFlowError(
            .invalidArgument,
            "Incompatible return values of 'trueFn' and 'falseFn': trueFn returned \(trueResults.count) tensors, "
                + "falseFn \(falseResults.count). Return the same number of tensors from both branches.")
    }
    guard !trueResults.isEmpty else {
        throw ScopeFlowError(
            .invalidArgument, "'trueFn' and 'falseFn' must return at least one result; return the tensors to merge.")
    }
    for (t, f) in zip(trueResults, falseResults) where t.dtype != f.dtype {
        throw ScopeFlowError(
            .dtypeMismatch,
            "Outputs of 'trueFn' and 'falseFn' must have the same type(s). Received \(t.dtype) from 'trueFn' "
                + "and \(f.dtype) from 'falseFn'. Cast one of them (cast(_:to:)) so both branches give one dtype.",
            names: [t.name, f.name])
    }
}
