/// Repeats `body` while `cond` is true (TF1's `tf.compat.v1.while_loop`, built as TF's v1 control
/// flow: `Enter`, `Merge`, `LoopCond`, `Switch`, `Identity`, `NextIteration` and `Exit` ops in a
/// name scope `while`, `while_1` …).
///
/// `cond` and `body` run once, at build time, on the loop variables as they are inside the loop
/// (`cond` on the `Merge` outputs, `body` on `Identity` outputs); the ops they build make up the
/// loop. A tensor from outside the loop that they read enters it through a constant `Enter`, once
/// per tensor. Loops nest: a `whileLoop` in `body` builds an inner loop (`while/while/…`).
///
/// ``gradients(_:_:gradYs:name:gateGradients:)`` differentiates through the loop as TF does (unless
/// `backProp` is false): it counts the loop's iterations (`gradients/f_count`), saves the forward
/// values the gradient needs on stacks (`f_acc`), and runs the gradient in a loop of its own
/// (`gradients/while/…`) as many times.
///
/// ```swift
/// // i = 0; acc = 1; while i < 10 { i += 1; acc *= 2 }
/// let results = try whileLoop(
///     cond: { vars in try less(vars[0], constant(Int32(10))) },
///     body: { vars in [try vars[0] + 1, try vars[1] * 2] },
///     loopVars: [try constant(Int32(0)), try constant(Float(1))])
/// // results[0]: while/Exit:0 (10), results[1]: while/Exit_1:0 (1024)
/// ```
///
/// - Parameters:
///   - cond: The loop condition: a bool scalar computed from the loop variables.
///   - body: The next value of each loop variable, in order, each of its variable's dtype.
///   - loopVars: The initial values; at least one.
///   - shapeInvariants: The shape each loop variable keeps across iterations (nil dimensions may
///     vary); by default each keeps its initial shape, and a body changing it is an error.
///   - parallelIterations: How many iterations may run at once (at least 1).
///   - backProp: Whether gradients may flow through the loop.
///   - swapMemory: Whether the loop's gradient may keep its saved tensors in host memory.
///   - maximumIterations: A bound on the number of iterations: the loop also stops after that many
///     (TF adds an `iteration_counter` loop variable, compared with `Less` and `LogicalAnd`).
///   - name: The name scope of the loop's ops (`while` by default).
/// - Returns: The value of each loop variable when `cond` became false (the loop's `Exit` outputs).
/// - Throws: ``ScopeFlowError`` with `.invalidArgument` for no loop variables, a
///   `parallelIterations` below 1, a non-scalar `maximumIterations`, or shape invariants or body
///   results that do not match the loop variables in number; `.dtypeMismatch` when the body
///   returns another dtype than a variable's (TF 2.21 builds that loop and fails when it runs);
///   `.shapeMismatch` when a variable's shape does not fit its invariant initially or after an
///   iteration; `.unimplemented` for a reference loop variable.
// Never inlined: the Swift 6.3 optimizer crashes (an ownership verifier error, "Found outside of
// lifetime use") when it inlines this function into a caller's closure in a release build (foldl).
@inline(never)
public func whileLoop(
    cond: ([Tensor]) throws -> Tensor, body: ([Tensor]) throws -> [Tensor], loopVars: [Tensor],
    shapeInvariants: [Shape]? = nil, parallelIterations: Int = 10, backProp: Bool = true, swapMemory: Bool = false,
    maximumIterations: IterationLimit? = nil, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> [Tensor] {
    try whileLoop(
        cond: cond, body: body, initialValues: loopVars.map(LoopVariable.tensor), shapeInvariants: shapeInvariants,
        parallelIterations: parallelIterations, backProp: backProp, swapMemory: swapMemory,
        maximumIterations: maximumIterations, name: name, file: file, line: line)
}

/// A loop variable's initial value: a tensor, or a number TF's Python code passes as an `int`,
/// which becomes a `Const` in the loop's name scope (`scan/while/Const`) when the loop converts it.
enum LoopVariable {
    case tensor(Tensor)
    case literal(HostTensor)

    /// The initial values as tensors, each literal a `Const` in the current name scope.
    static func materialize(_ values: [LoopVariable], file: String, line: Int) throws -> [Tensor] {
        try values.map { value in
            switch value {
            case .tensor(let tensor): return tensor
            case .literal(let literal): return try constant(literal, file: file, line: line)
            }
        }
    }
}

/// ``whileLoop(cond:body:loopVars:shapeInvariants:parallelIterations:backProp:swapMemory:maximumIterations:name:file:line:)``
/// with initial values that may be literals, converted where TF converts them: after the
/// iteration counter.
@inline(never)
func whileLoop(
    cond: ([Tensor]) throws -> Tensor, body: ([Tensor]) throws -> [Tensor], initialValues: [LoopVariable],
    shapeInvariants: [Shape]? = nil, parallelIterations: Int = 10, backProp: Bool = true, swapMemory: Bool = false,
    maximumIterations: IterationLimit? = nil, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> [Tensor] {
    guard parallelIterations >= 1 else {
        throw ScopeFlowError(
            .invalidArgument, "parallelIterations must be a positive integer, not \(parallelIterations).")
    }
    let given = initialValues.compactMap { if case .tensor(let tensor) = $0 { tensor } else { nil } }
    return try nameScope(name, defaultName: "while", values: given) { _ in
        guard !initialValues.isEmpty else {
            throw ScopeFlowError(.invalidArgument, "whileLoop needs loopVars: give at least one initial value.")
        }
        func checkedBody(_ vars: [Tensor]) throws -> [Tensor] {
            let results = try body(vars)
            try requireBodyResults(results, for: vars)
            return results
        }
        guard let maximumIterations else {
            let loopVars = try LoopVariable.materialize(initialValues, file: file, line: line)
            try requireLoopVariables(loopVars, shapeInvariants: shapeInvariants)
            let invariants = shapeInvariants ?? loopVars.map(\.shape)
            let context = WhileContext(
                maximumIterations: nil, parallelIterations: parallelIterations, backProp: backProp,
                swapMemory: swapMemory)
            let exits = try context.buildLoop(
                cond: cond, body: checkedBody, loopVars: loopVars, shapeInvariants: invariants, file: file,
                line: line)
            BuildContext.effective.graph.registerIfOutermost(context)
            return exits
        }
        let limit = try maximumIterations.tensor(file: file, line: line)
        let counter = try constant(
            HostTensor(scalar: 0.0), dtype: limit.dtype, name: "iteration_counter", file: file, line: line)
        let loopVars = try LoopVariable.materialize(initialValues, file: file, line: line)
        try requireLoopVariables(loopVars, shapeInvariants: shapeInvariants)
        let invariants = shapeInvariants ?? loopVars.map(\.shape)
        let context = WhileContext(
            maximumIterations: limit, parallelIterations: parallelIterations, backProp: backProp,
            swapMemory: swapMemory)
        let exits = try context.buildLoop(
            cond: { vars in
                let withinLimit = try less(vars[0], limit, file: file, line: line)
                return try logicalAnd(withinLimit, cond(Array(vars.dropFirst())), file: file, line: line)
            },
            body: { vars in
                let nextCount = try vars[0] + 1
                return try [nextCount] + checkedBody(Array(vars.dropFirst()))
            },
            loopVars: [counter] + loopVars, shapeInvariants: [Shape.scalar] + invariants, file: file, line: line)
        BuildContext.effective.graph.registerIfOutermost(context)
        return Array(exits.dropFirst())
    }
}

/// ``whileLoop(cond:body:loopVars:shapeInvariants:parallelIterations:backProp:swapMemory:maximumIterations:name:file:line:)``
/// with one loop variable.
///
/// ```swift
/// let ten = try whileLoop(
///     cond: { i in try less(i, constant(Int32(10))) }, body: { i in try i + 1 }, loopVar: constant(Int32(0)))
/// ```
public func whileLoop(
    cond: (Tensor) throws -> Tensor, body: (Tensor) throws -> Tensor, loopVar: Tensor, shapeInvariant: Shape? = nil,
    parallelIterations: Int = 10, backProp: Bool = true, swapMemory: Bool = false,
    maximumIterations: IterationLimit? = nil, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try whileLoop(
        cond: { try cond($0[0]) }, body: { [try body($0[0])] }, loopVars: [loopVar],
        shapeInvariants: shapeInvariant.map { [$0] }, parallelIterations: parallelIterations, backProp: backProp,
        swapMemory: swapMemory, maximumIterations: maximumIterations, name: name, file: file, line: line)[0]
}

/// The most iterations a ``whileLoop(cond:body:loopVars:shapeInvariants:parallelIterations:backProp:swapMemory:maximumIterations:name:file:line:)``
/// runs: a number (an integer literal, TF's Python `int`), or a scalar integer tensor.
public enum IterationLimit: Sendable, ExpressibleByIntegerLiteral {
    /// A number, which becomes a `Const` named `maximum_iterations` in the loop's name scope
    /// (int32, or int64 when it does not fit).
    case count(Int)
    /// A scalar tensor computed elsewhere.
    case tensor(Tensor)

    public init(integerLiteral value: Int) { self = .count(value) }

    /// The limit as a scalar tensor.
    fileprivate func tensor(file: String, line: Int) throws -> Tensor {
        let limit: Tensor
        switch self {
        case .count(let count):
            let scalar = Int32(exactly: count).map { HostTensor(scalar: $0) } ?? HostTensor(scalar: Int64(count))
            limit = try constant(scalar, name: "maximum_iterations", file: file, line: line)
        case .tensor(let tensor):
            limit = tensor
        }
        guard limit.shape.rank == 0 else {
            throw ScopeFlowError(
                .invalidArgument,
                "maximumIterations must be a scalar. Received shape: \(limit.shape) (\(limit.name)); pass a "
                    + "scalar tensor or a number.",
                names: [limit.name])
        }
        return limit
    }
}

/// Checks what a loop is built from: loop variables, no references among them, and one shape
/// invariant per variable.
private func requireLoopVariables(_ loopVars: [Tensor], shapeInvariants: [Shape]?) throws {
    guard !loopVars.isEmpty else {
        throw ScopeFlowError(.invalidArgument, "whileLoop needs loopVars: give at least one initial value.")
    }
    if let reference = loopVars.first(where: \.isReference) {
        throw ScopeFlowError(
            .unimplemented,
            "Loop variable \(reference.name) is a reference; a loop over it needs RefIdentity, which ScopeFlow "
                + "does not build yet. Pass its value instead (the Variable itself reads as its snapshot).",
            names: [reference.name])
    }
    if let shapeInvariants, shapeInvariants.count != loopVars.count {
        throw ScopeFlowError(
            .invalidArgument,
            "shapeInvariants has \(shapeInvariants.count) shapes for \(loopVars.count) loop variables; give one "
                + "shape per loop variable, in order.")
    }
}

/// Checks that the body returned one tensor per loop variable, each of its variable's dtype.
private func requireBodyResults(_ results: [Tensor], for vars: [Tensor]) throws {
    guard results.count == vars.count else {
        throw ScopeFlowError(
            .invalidArgument,
            "The body of whileLoop returned \(results.count) tensors for \(vars.count) loop variables; return the "
                + "next value of every loop variable, in order.",
            names: results.map(\.name))
    }
    for (index, (result, variable)) in zip(results, vars).enumerated() where result.dtype != variable.dtype {
        throw ScopeFlowError(
            .dtypeMismatch,
            "The body of whileLoop returned \(result.name) of dtype \(result.dtype) for loop variable \(index), "
                + "which is \(variable.dtype); return a value of the variable's dtype (cast(_:to:)).",
            names: [result.name, variable.name])
    }
}
