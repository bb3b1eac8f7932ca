// How control-flow contexts see each other when one is built inside another (TF's
// `GetWhileContext`, `GetControlPivot`, `AddName`, `util.GetOutputContext`), and how a context
// becomes the current one (TF's `ctxt.Enter()` / `ctxt.Exit()`).

/// A context that another context may be built inside: besides ``ControlFlowContext`` it tells
/// the inner one its pivot and learns the tensors the inner one hands out.
///
/// A while loop built inside a context asks it for these; every context that may enclose a loop
/// conforms (``WhileContext`` and ``CondContext`` do).
protocol EnclosingControlFlowContext: ControlFlowContext {
    /// The tensor whose op ops without inputs wait for, so that they run only when the context
    /// runs (TF's `GetControlPivot`); nil before the context has one.
    var controlPivot: Tensor? { get }
    /// Records `tensor`, built by an inner context for this one, as a value of this context
    /// (TF's `AddName`, called by the inner context's `ExitResult`).
    func addName(_ tensor: Tensor)
    /// Records `context`, just built inside this one (TF's `_nested_contexts`), for export.
    func addNestedContext(_ context: any ControlFlowContext)
    /// The contexts built inside this one, in the order they were built.
    var nestedContexts: [any ControlFlowContext] { get }
}

extension ControlFlowContext {
    /// The innermost while loop this context is or is built in (TF's `GetWhileContext`).
    var enclosingWhileContext: WhileContext? {
        var context: (any ControlFlowContext)? = self
        while let current = context {
            if let loop = current as? WhileContext { return loop }
            context = current.outerContext
        }
        return nil
    }

    /// This context and the ones it is built in, innermost first.
    var contextChain: [any ControlFlowContext] {
        var chain: [any ControlFlowContext] = []
        var context: (any ControlFlowContext)? = self
        while let current = context {
            chain.append(current)
            context = current.outerContext
        }
        return chain
    }
}

/// Whether two optional contexts are the same object (TF compares contexts by identity).
func isSameContext(_ a: (any ControlFlowContext)?, _ b: (any ControlFlowContext)?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (let a?, let b?): return a === b
    default: return false
    }
}

// `isLoopEnter` and `isLoopExit` (TF's `IsLoopEnter`, `IsLoopExit`) are declared with the
// executor's frame layout (Session/FrameLayout.swift), which reads them too.
extension Operation {
    /// Whether the op brings a loop invariant into a loop (TF's `IsLoopConstantEnter`).
    var isLoopConstantEnter: Bool {
        guard isLoopEnter, case .bool(let isConstant)? = attrs["is_constant"] else { return false }
        return isConstant
    }

    /// The context the op's outputs belong to (TF's `util.GetOutputContext`): its own, except that
    /// a loop's `Exit` hands its output to the context around the loop.
    var outputContext: (any ControlFlowContext)? {
        let context = controlFlowContext
        return isLoopExit ? context?.outerContext : context
    }
}

extension Graph {
    /// Runs `body` with `context` as the context new ops of this graph join (TF's `ctxt.Enter()`
    /// before and `ctxt.Exit()` after; nil leaves every context).
    func withControlFlowContext<R>(_ context: (any ControlFlowContext)?, _ body: () throws -> R) rethrows -> R {
        var scopes = BuildContext.effective.scopes(of: self)
        scopes.controlFlowContext = context
        return try BuildContext.with(self, scopes: scopes, body)
    }

    /// The context new ops of this graph join in this task (TF's `graph._get_control_flow_context()`).
    var currentControlFlowContext: (any ControlFlowContext)? {
        BuildContext.effective.scopes(of: self).controlFlowContext
    }
}
