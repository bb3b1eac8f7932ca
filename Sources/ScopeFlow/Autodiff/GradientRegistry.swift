/// Builds the gradients of one op's inputs from the gradients of its outputs,
/// as a function registered with TF's `@ops.RegisterGradient` does.
///
/// It receives the forward op and one gradient per output (nil where no
/// gradient reached a non-float output) and returns one gradient per input,
/// nil where the input gets none (an index, a shape, a bool condition …).
/// It runs inside the op's `gradients/<op name>_grad/` name scope.
typealias GradientFunction = @Sendable (Operation, [Tensor?]) throws -> [Tensor?]

/// Maps op types to their gradient functions. Each op family contributes its
/// own table, kept beside its constructors in `Ops/*Gradients.swift`.
enum GradientRegistry {
    /// Every gradient function, by op type.
    static let functions: [String: GradientFunction] = {
        var table: [String: GradientFunction] = [:]
        for family in [arithmetic, math, activations, linearAlgebra, reductions, shapes, joins, slices, neuralNet] {
            table.merge(family) { first, _ in first }
        }
        return table
    }()

    /// Op types through which no gradient flows (TF's `ops.NotDifferentiable`,
    /// and gradients that always return None such as `ArgMax`'s).
    static let nonDifferentiable: Set<String> = [
        "Const", "Placeholder", "Shape", "ShapeN", "Size", "Rank", "ZerosLike", "OnesLike", "Range", "StopGradient",
        "Equal", "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual", "LogicalAnd", "LogicalOr", "LogicalNot",
        "OneHot", "ArgMax", "ArgMin", "Floor", "Ceil", "BroadcastGradientArgs",
        "RandomStandardNormal", "RandomUniform", "RandomUniformInt", "TruncatedNormal",
        "VariableV2", "Assign", "AssignAdd", "AssignSub", "NoOp",
    ]

    /// The gradient function of `op`, nil for a non-differentiable op.
    /// - Throws: ``ScopeFlowError/Code/unimplemented`` for an op type with neither.
    static func function(for op: Operation) throws -> GradientFunction? {
        if let function = functions[op.type] { return function }
        if nonDifferentiable.contains(op.type) { return nil }
        throw ScopeFlowError(
            .unimplemented,
            "No gradient defined for op type \(op.type) (op '\(op.name)'); wrap the tensor in stopGradient(_:) "
                + "if no gradient should flow through it, or build the model from ops ScopeFlow can differentiate.",
            names: [op.name])
    }
}
