/// Everything ScopeFlow knows about one TensorFlow op type, in one value: how
/// the interpreter runs it, its compiled form, how gradients flow through it,
/// what the plan does with it, whether shape functions may fold it at build
/// time, its outputs and its shape function (which `rawOp` builds it with).
///
/// Each op family lists its definitions in one file of `Definitions/`;
/// ``OpRegistry`` collects them. Adding an op is adding one entry there (its
/// kernel and gradient helpers live in their own layers, and the entry names
/// them). Op constructors (`Ops/`) know nothing of definitions.
struct OpDefinition: Sendable {
    /// TensorFlow's op type name (`"MatMul"`).
    let type: String
    /// How the interpreter runs the op; nil for an op the plan handles itself
    /// (see ``OpExecution``).
    let kernel: KernelForm?
    /// The op's form in compiled plans, nil when it has none (a plan containing
    /// it then stays on the interpreter).
    let compiled: CompiledForm?
    /// How gradients flow through the op.
    let gradient: GradientRule
    /// What a plan does with the op besides running its kernel.
    let execution: OpExecution
    /// Whether shape functions may evaluate the op at build time when all its
    /// inputs are small known integer values (see `BuildTimeConstants.swift`).
    let foldsAtBuildTime: Bool
    /// How many outputs of which dtypes the op has, from its attributes (GraphDef import).
    let outputs: OutputSignature
    /// The op's shape function, shared with its constructor: `rawOp` builds any op that has one.
    let shape: ShapeFunction?
    /// TF's defaults for the op's optional attributes (`transpose_a: false` …), which `rawOp`
    /// adds where the caller gave none.
    let attrDefaults: AttrMap
    /// Where the definition is written (`Module/File.swift:line`), for the
    /// registry's duplicate report.
    let definedAt: SourceLocation

    /// Defines an op type.
    ///
    /// - Parameters:
    ///   - type: TensorFlow's op type name.
    ///   - kernel: the interpreter's kernel.
    ///   - compiled: the compiled-plan form.
    ///   - execution: the plan's role for the op; ``OpExecution/stateless`` for a pure kernel.
    ///   - foldsAtBuildTime: whether shape functions may fold small integer results.
    ///   - outputs: its outputs' count and dtypes; one output of its `dtype` or `T` type by default.
    ///   - shape: its shape function, the one its constructor uses.
    ///   - attrDefaults: TF's defaults of its optional attributes.
    ///   - gradient: how gradients flow.
    init(
        _ type: String, kernel: KernelForm?, compiled: CompiledForm? = nil, execution: OpExecution = .stateless,
        foldsAtBuildTime: Bool = false, outputs: OutputSignature = .standard,
        shape: ShapeFunction? = nil, attrDefaults: AttrMap = [:], gradient: GradientRule,
        file: String = #fileID, line: Int = #line
    ) {
        self.type = type
        self.kernel = kernel
        self.compiled = compiled
        self.gradient = gradient
        self.execution = execution
        self.foldsAtBuildTime = foldsAtBuildTime
        self.outputs = outputs
        self.shape = shape
        self.attrDefaults = attrDefaults
        definedAt = SourceLocation(fileID: file, line: line)
    }

    /// Defines a differentiable op type whose gradient function is the trailing closure,
    /// written beside the op's other parts.
    init(
        _ type: String, kernel: KernelForm?, compiled: CompiledForm? = nil, execution: OpExecution = .stateless,
        foldsAtBuildTime: Bool = false, outputs: OutputSignature = .standard,
        shape: ShapeFunction? = nil, attrDefaults: AttrMap = [:], file: String = #fileID, line: Int = #line,
        gradient: @escaping GradientFunction
    ) {
        self.init(
            type, kernel: kernel, compiled: compiled, execution: execution, foldsAtBuildTime: foldsAtBuildTime,
            outputs: outputs, shape: shape, attrDefaults: attrDefaults, gradient: .function(gradient),
            file: file, line: line)
    }

    /// The names of the parts this definition has, for the registry listing.
    var partNames: [String] {
        var parts: [String] = []
        switch kernel {
        case .general: parts.append("kernel")
        case .singleOutput: parts.append("kernel(single-output)")
        case nil: break
        }
        switch compiled {
        case .step: parts.append("compiled")
        case .elementwise: parts.append("compiled(elementwise)")
        case nil: break
        }
        switch gradient {
        case .function, .sparseFunction: parts.append("gradient")
        case .notDifferentiable: parts.append("not-differentiable")
        case .undefined: break
        }
        if !execution.isStateless { parts.append("execution(\(execution))") }
        if foldsAtBuildTime { parts.append("folds") }
        if shape != nil { parts.append("shape") }
        if attrDefaults.count > 0 { parts.append("defaults(\(attrDefaults.keys.sorted().joined(separator: ",")))") }
        if let signature = outputs.listingName { parts.append("outputs(\(signature))") }
        return parts
    }
}

/// How the interpreter runs an op.
enum KernelForm: Sendable {
    /// A kernel with any number of outputs.
    case general(KernelFactory)
    /// A kernel with exactly one output and the fast `inout` calling form; its
    /// general form wraps it.
    case singleOutput(SingleOutputKernelFactory)

    /// The general form of the kernel.
    var factory: KernelFactory {
        switch self {
        case .general(let factory):
            return factory
        case .singleOutput(let single):
            return { context in
                let kernel = try single(context)
                return { inputs in
                    var arguments = inputs
                    return [try kernel(&arguments)]
                }
            }
        }
    }
}

/// An op's form in compiled plans.
enum CompiledForm: Sendable {
    /// A step built from the op's request.
    case step(CompiledOpBuilder)
    /// An elementwise op: a step of its own, or a link of an element chain.
    case elementwise(CompiledElementwise.ElementOp)

    /// The builder of the op's own step.
    var builder: CompiledOpBuilder {
        switch self {
        case .step(let builder): return builder
        case .elementwise(let element): return element.step
        }
    }
}

/// Builds the gradients of one op's inputs from the gradients of its outputs,
/// as a function registered with TF's `@ops.RegisterGradient` does.
///
/// It receives the forward op and one gradient per output (nil where no
/// gradient reached a non-float output) and returns one gradient per input,
/// nil where the input gets none (an index, a shape, a bool condition …).
/// It runs inside the op's `gradients/<op name>_grad/` name scope.
typealias GradientFunction = @Sendable (Operation, [Tensor?]) throws -> [Tensor?]

/// A gradient function that takes and returns ``Gradient``s, so an ``IndexedSlices`` passes
/// through it or comes out of it (TF's gradient of `GatherV2`, of `Identity`); a
/// ``GradientFunction`` gets its IndexedSlices converted to dense tensors first.
typealias SparseGradientFunction = @Sendable (Operation, [Gradient?]) throws -> [Gradient?]

/// How gradients flow through an op.
enum GradientRule: Sendable {
    /// The op's gradient function (TF's `@ops.RegisterGradient`).
    case function(GradientFunction)
    /// The op's gradient function, taking and returning IndexedSlices where TF's does.
    case sparseFunction(SparseGradientFunction)
    /// No gradient flows through the op (TF's `ops.NotDifferentiable`, or a
    /// gradient that always returns None).
    case notDifferentiable
    /// ScopeFlow has no gradient for the op yet: differentiating through it is
    /// an ``ScopeFlowError/Code/unimplemented`` error.
    case undefined
}

/// What a plan does with an op besides running its kernel.
enum OpExecution: Sendable, CustomStringConvertible {
    /// A pure function of its inputs: its kernel runs, and a plan folds it when
    /// all its inputs are constants.
    case stateless
    /// A stateful random op: one kernel (and one Philox stream) per session,
    /// never folded, never compiled.
    case random
    /// A training op (`ApplyAdam` …) or row update (`ScatterSub`) writing its first `references`
    /// inputs, which are variables; its kernel is the op's.
    case training(TrainingOp)
    /// `Placeholder`: must be fed.
    case placeholder
    /// `VariableV2`: the session's variable slot.
    case variable
    /// `Assign`, `AssignAdd`, `AssignSub`: write the variable of their first input.
    case assign
    /// `IsVariableInitialized`: whether the variable of its input holds a value, which plans (with
    /// control flow or without) answer without reading the variable.
    case initializedCheck
    /// `NoOp`: runs nothing; as a target, runs its control inputs.
    case noOp
    /// A control-flow primitive (`Switch`, `Merge`, `Enter`, `Exit`, `NextIteration`,
    /// `LoopCond`, `ControlTrigger`): the plan's frame executor moves values and deadness itself.
    case controlFlow
    /// A stack or `TensorArray` op: the frame executor keeps the run's resources and runs it.
    case resource

    /// Whether this is ``stateless``.
    var isStateless: Bool { if case .stateless = self { true } else { false } }
    /// Whether this is ``random``.
    var isRandom: Bool { if case .random = self { true } else { false } }
    /// The training op, for ``training(_:)``.
    var trainingOp: TrainingOp? { if case .training(let op) = self { op } else { nil } }

    var description: String {
        switch self {
        case .stateless: return "stateless"
        case .random: return "random"
        case .training(let op): return "training(\(op.references))"
        case .placeholder: return "placeholder"
        case .variable: return "variable"
        case .assign: return "assign"
        case .initializedCheck: return "initializedCheck"
        case .noOp: return "noOp"
        case .controlFlow: return "controlFlow"
        case .resource: return "resource"
        }
    }
}
