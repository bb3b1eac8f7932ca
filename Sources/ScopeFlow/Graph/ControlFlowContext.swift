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
    /// TF's `AddOp`: adopts `op`, just built inside this context.
    func addOp(_ op: Operation) throws
}
