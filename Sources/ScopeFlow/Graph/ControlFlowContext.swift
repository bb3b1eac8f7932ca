/// A cond branch or while-loop body being built (TF's `ControlFlowContext`).
///
/// While a context is current (``ScopeState/controlFlowContext``), every op built in its graph
/// belongs to it, and the graph hands the new op to ``addOp(_:)`` right after creating it, with
/// the op's own name as the name scope, as TF's `_control_flow_post_processing` does: the context
/// then routes inputs from outside through its `Switch` (cond) or `Enter` (loop) ops and ties an
/// op without inputs to its pivot, so the op runs only when the branch is taken or the loop
/// iterates.
protocol ControlFlowContext: AnyObject, Sendable {
    /// The context this one was built in, nil at the top level.
    var outerContext: (any ControlFlowContext)? { get }
    /// The context's name (`cond/`, `while/` …), as TF's `context.name`.
    var name: String { get }
    /// TF's `AddOp`: adopts `op`, just built inside this context.
    func addOp(_ op: Operation) throws
    /// TF's `AddValue`: the tensor ops inside this context read in place of `value`, which may
    /// come from outside it (a `Switch` output for a cond, an `Enter` for a loop).
    func addValue(_ value: Tensor) throws -> Tensor
    /// TF's `AddInnerOp`: notes `op`, built in a context nested in this one.
    func addInnerOp(_ op: Operation) throws
}
