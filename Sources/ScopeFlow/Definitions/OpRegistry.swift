/// Every op type ScopeFlow defines, by TensorFlow type name: the one table the
/// interpreter, compiled plans, gradients, build-time folding and `rawOp` read.
enum OpRegistry {
    /// Every family's definitions, in the order they are listed.
    static let allDefinitions: [OpDefinition] =
        OpDefinitions.arithmetic + OpDefinitions.math + OpDefinitions.activations + OpDefinitions.linearAlgebra
        + OpDefinitions.reductions + OpDefinitions.shapes + OpDefinitions.joins + OpDefinitions.slices
        + OpDefinitions.neuralNet + OpDefinitions.random + OpDefinitions.state + OpDefinitions.training
        + OpDefinitions.summaries + OpDefinitions.logging + OpDefinitions.controlFlow + OpDefinitions.resources
        + OpDefinitions.imported + OpDefinitions.cumulative + OpDefinitions.floatClasses + OpDefinitions.indexing
        + OpDefinitions.partitions + OpDefinitions.einsum

    /// The definitions by type. A type defined twice keeps its first definition;
    /// ``duplicates`` lists the others (a test fails on any).
    static let definitions: [String: OpDefinition] = {
        var table: [String: OpDefinition] = [:]
        for definition in allDefinitions where table[definition.type] == nil { table[definition.type] = definition }
        return table
    }()

    /// Definitions of a type already defined earlier in ``allDefinitions``.
    static var duplicates: [OpDefinition] {
        var seen: Set<String> = []
        return allDefinitions.filter { !seen.insert($0.type).inserted }
    }

    /// The definition of op type `type`, nil when ScopeFlow does not define it.
    static subscript(type: String) -> OpDefinition? { definitions[type] }

    /// The kernel for an op of `context.opType`, bound to its attributes.
    /// - Throws: ``ScopeFlowError/Code/unimplemented`` for an op type without a CPU kernel.
    static func kernel(for context: KernelContext) throws -> Kernel {
        guard let form = definitions[context.opType]?.kernel else {
            throw ScopeFlowError(
                .unimplemented,
                "ScopeFlow has no CPU kernel for op type \(context.opType) (op '\(context.opName)'); "
                    + "build the model from supported ops.",
                names: [context.opName])
        }
        return try form.factory(context)
    }

    /// The fast single-output form of the kernel for an op of `context.opType`,
    /// or nil when the op type only has the general form.
    static func singleOutputKernel(for context: KernelContext) throws -> SingleOutputKernel? {
        guard case .singleOutput(let factory) = definitions[context.opType]?.kernel else { return nil }
        return try factory(context)
    }

    /// Whether ops of `type` are stateful random ops.
    static func isRandom(_ type: String) -> Bool { definitions[type]?.execution.isRandom ?? false }

    /// The gradient function of `op`, nil for a non-differentiable op. A dense gradient function
    /// gets the IndexedSlices among its output gradients as dense tensors (TF's implicit
    /// conversion, an `UnsortedSegmentSum` in the op's gradient scope).
    /// - Throws: ``ScopeFlowError/Code/unimplemented`` for an op type with neither.
    static func gradient(for op: Operation) throws -> SparseGradientFunction? {
        switch definitions[op.type]?.gradient {
        case .function(let function):
            return { op, grads in try function(op, grads.map { try $0?.asTensor() }).map { $0.map(Gradient.dense) } }
        case .sparseFunction(let function): return function
        case .notDifferentiable: return nil
        case .undefined, nil:
            throw ScopeFlowError(
                .unimplemented,
                "No gradient defined for op type \(op.type) (op '\(op.name)'); wrap the tensor in stopGradient(_:) "
                    + "if no gradient should flow through it, or build the model from ops ScopeFlow can differentiate.",
                names: [op.name])
        }
    }
}

/// Namespace of the op families' definition lists; each family lives in its own file.
enum OpDefinitions {}
