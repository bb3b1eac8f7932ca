/// An op that, when run, fails with TF's `assertion failed: [..] [..]` error (``ScopeFlowError/Code/invalidArgument``)
/// if the bool scalar `condition` is false, listing the first `summarize` values of each of `data`
/// (TF's `tf.Assert`, op `Assert` named `Assert/Assert`). It has no outputs: run it as a target,
/// or make the ops that should wait for it depend on it (`controlDependencies`).
///
/// Named `assertOp` because `assert` is Swift's. When any of `data` is neither string nor int32,
/// TF wraps the op in a `cond` (`Assert/AssertGuard/…`) so that it only reads `data` on failure;
/// ScopeFlow always builds the plain op, which fails and passes exactly as TF's does.
///
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `data` is empty (TF's attr `T` needs at
///   least one type); ``ScopeFlowError/Code/dtypeMismatch`` when `condition` is not bool.
@discardableResult
public func assertOp(
    _ condition: Tensor, _ data: [Tensor], summarize: Int = 3, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Operation {
    try nameScope(name, defaultName: "Assert", values: [condition] + data) { _ in
        try makeOp(
            "Assert", name: nil, defaultName: "Assert", inputs: [condition] + data,
            attrs: ["T": .types(data.map(\.dtype)), "summarize": .int(summarize)],
            location: SourceLocation(fileID: file, line: line), shape: .assertion)
    }
}

/// One item of an assertion's data: a message, or a tensor whose values the failure lists.
enum AssertData {
    case text(String)
    case tensor(Tensor)
}

/// TF's `tf.Assert(condition, data)` as graph mode builds it: in name scope `Assert`, the messages
/// converted once (`Assert/Const`, `Assert/Const_1` …, which nothing reads), then the op
/// `Assert/Assert`, whose message inputs are made again as `Assert/Assert/data_<k>` (`k` the
/// message's place in `data`). When a data tensor is neither int32 nor a string, the op is guarded
/// as TF guards it, so that it reads its data only on failure: a ``cond(_:trueFn:falseFn:name:file:line:)``
/// named `AssertGuard` on `condition` with a `NoOp` when it holds and the `Assert` op otherwise,
/// each branch giving its pivot after the op (`control_dependency`); the guard's `Merge` is returned.
func assertThat(
    _ condition: Tensor, _ data: [AssertData], summarize: Int = 3, location: SourceLocation
) throws -> Operation {
    let needsGuard = data.contains { item in
        if case .tensor(let tensor) = item { return tensor.dtype != .int32 && tensor.dtype != .string }
        return false
    }
    return try nameScope(nil, defaultName: "Assert", values: [condition]) { _ in
        for case .text(let text) in data { _ = try constant(HostTensor(scalar: text), name: "Const") }
        guard needsGuard else { return try assertNode(condition, data, summarize: summarize, location: location) }
        let merged = try cond(
            condition,
            trueFn: { [try pivotAfter(noOp(file: location.fileID, line: location.line))] },
            falseFn: { [try pivotAfter(assertNode(condition, data, summarize: summarize, location: location))] },
            name: "AssertGuard", file: location.fileID, line: location.line)
        return merged[0].op
    }
}

/// The op `Assert` in name scope `Assert`, its messages made as `data_<k>`.
private func assertNode(
    _ condition: Tensor, _ data: [AssertData], summarize: Int, location: SourceLocation
) throws -> Operation {
    try nameScope("Assert") { scope in
        let inputs = try data.enumerated().map { index, item in
            switch item {
            case .text(let text): return try constant(HostTensor(scalar: text), name: "data_\(index)")
            case .tensor(let tensor): return tensor
            }
        }
        return try makeOp(
            "Assert", name: scope, defaultName: "Assert", inputs: [condition] + inputs,
            attrs: ["T": .types(inputs.map(\.dtype)), "summarize": .int(summarize)], location: location,
            shape: .assertion)
    }
}

/// What a cond branch that gives an op gives in its place (TF's `with_dependencies([op], pivot)`):
/// the branch's pivot through an `Identity` named `control_dependency` that waits for `op`.
private func pivotAfter(_ op: Operation) throws -> Tensor {
    guard let context = BuildContext.effective.scopes.controlFlowContext as? CondContext else {
        throw ScopeFlowError(.invalidArgument, "pivotAfter(\(op.name)) is only for ops built in a cond branch.")
    }
    return try controlDependencies([op]) { try identity(context.pivot, name: "control_dependency") }
}

extension ShapeFunction {
    /// `Assert`: no outputs; a bool condition, then at least one data tensor, whose dtypes
    /// the type-list attribute `T` lists. TF checks that the condition is a scalar only when it runs.
    static let assertion = ShapeFunction(inputTypes: [:]) { op in
        try requireDType(op.input(0), in: [.bool], argument: "condition", opType: op.opType)
        let types = op.inputs.dropFirst().map(\.dtype)
        guard !types.isEmpty else {
            throw ScopeFlowError(
                .invalidArgument,
                "Attr 'T' of '\(op.opType)' Op passed list of length 0 less than minimum 1; give it data to report.",
                names: [op.opName])
        }
        guard case .types(let listed)? = op.attrs["T"], listed == types else {
            throw ScopeFlowError(
                .invalidArgument,
                "\(op.opType) op '\(op.opName)' needs attr T listing its data's dtypes "
                    + "[\(types.map(\.name).joined(separator: ", "))].",
                names: [op.opName])
        }
        return []
    }
}
