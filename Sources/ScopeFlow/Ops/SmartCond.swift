/// `trueFn()` or `falseFn()` when `pred`'s value is known while building, else a
/// ``cond(_:trueFn:falseFn:name:file:line:)`` (TF's `smart_cond`).
///
/// A `Const` predicate picks its branch at once and builds no cond, as TF's `smart_cond`
/// evaluates it with `constant_value`; a placeholder or any computed predicate builds the cond.
///
/// ```swift
/// let y = try smartCond(constant(true), trueFn: { try x * 2.0 }, falseFn: { try x + 1.0 })   // mul:0
/// let z = try smartCond(isTraining, trueFn: { try x * 2.0 }, falseFn: { try x + 1.0 })       // cond/Merge:0
/// ```
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `pred` is not a bool scalar, or what
///   ``cond(_:trueFn:falseFn:name:file:line:)`` throws.
public func smartCond(
    _ pred: Tensor, trueFn: () throws -> [Tensor], falseFn: () throws -> [Tensor], name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> [Tensor] {
    guard pred.dtype == .bool else {
        throw ScopeFlowError(
            .invalidArgument, "smartCond's pred must be a bool tensor, got \(pred.name) of type \(pred.dtype).",
            names: [pred.name])
    }
    guard let values = pred.constantValue?.bools, values.count == 1 else {
        return try cond(pred, trueFn: trueFn, falseFn: falseFn, name: name, file: file, line: line)
    }
    return try values[0] ? trueFn() : falseFn()
}

/// ``smartCond(_:trueFn:falseFn:name:file:line:)`` for branches giving one tensor each.
public func smartCond(
    _ pred: Tensor, trueFn: () throws -> Tensor, falseFn: () throws -> Tensor, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try smartCond(pred, trueFn: { [try trueFn()] }, falseFn: { [try falseFn()] }, name: name, file: file, line: line)[0]
}

/// `trueFn()` when `pred` is true, else `falseFn()`: TF's `smart_cond` on a Python bool, which
/// builds only the branch taken.
public func smartCond<R>(_ pred: Bool, trueFn: () throws -> R, falseFn: () throws -> R) rethrows -> R {
    try pred ? trueFn() : falseFn()
}
