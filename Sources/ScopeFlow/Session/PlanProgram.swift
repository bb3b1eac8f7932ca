/// What one op of a plan does, as the plan compiler decides it.
enum PlanAction {
    /// Runs a kernel on the input slots.
    case kernel(Kernel)
    /// Runs a single-output kernel on the input slots (the fast form).
    case single(SingleOutputKernel)
    /// A value computed once, when the plan was built (`Const`, folded ops):
    /// it stays in its slot from run to run, so it takes no step.
    case constant(HostTensor)
    /// Stores input 0 in the variable (`Assign`); `shape` is the shape the value
    /// must have, nil when `validate_shape` is false.
    case assign(variable: Int, shape: [Int]?)
    /// Combines the variable with input 0 through `kernel` (`AssignAdd`, `AssignSub`).
    case update(variable: Int, kernel: Kernel)
    /// Runs a training kernel (`ApplyAdam` …) whose first `references` inputs
    /// are variables; its outputs are their new values, written back in order.
    case apply(Kernel, references: Int)
}

/// One step of a ``PlanProgram``: plain integers only, so walking the steps
/// retains nothing.
struct PlanStep: BitwiseCopyable {
    enum Kind: UInt8 {
        case kernel, single, assign, update, apply
        /// `IsVariableInitialized`: whether the variable slot `variable` holds a value.
        case initialized

        /// Whether a step of this kind writes a variable.
        var writesVariable: Bool { self == .assign || self == .update || self == .apply }
    }

    let kind: Kind
    /// The kernel index (`kernel`, `update`, `apply`), single-output kernel
    /// index (`single`) or shape index (`assign`, -1 when the shape is not checked).
    let payload: Int
    /// The variable slot of `assign`, `update` and `initialized` steps; the number of
    /// leading variable inputs of an `apply` step.
    let variable: Int
    /// The step's input slots are `slots[inputStart..<outputStart]`, its output
    /// slots `slots[outputStart..<end]`.
    let inputStart: Int
    let outputStart: Int
    let end: Int
}

/// The steps of a plan in flat arrays, with every slot pre-resolved.
///
/// A slot `s >= 0` is entry `s` of the run's value array; a slot `~v < 0`
/// reads variable `v` when the step runs, as a TF op reading a variable's
/// reference does.
struct PlanProgram {
    private(set) var steps: [PlanStep] = []
    private(set) var slots: [Int] = []
    /// For each entry of `slots` that is an input: true when it is the slot's
    /// last read in the run, so the value moves to the kernel instead of being copied.
    private(set) var isLastRead: [Bool] = []
    private(set) var kernels: [Kernel] = []
    private(set) var singleKernels: [SingleOutputKernel] = []
    /// The constant values and the slots they stay in.
    private(set) var constants: [(slot: Int, value: HostTensor)] = []
    private(set) var shapes: [[Int]] = []
    /// The op of each step, for error messages.
    private(set) var ops: [Operation] = []
    /// The most inputs any step takes.
    private(set) var maxArity = 0

    /// Appends the step of `op`; a constant only records its value and slot.
    mutating func append(_ action: PlanAction, op: Operation, inputs: [Int], outputs: [Int]) {
        let kind: PlanStep.Kind
        var payload = -1
        var variable = -1
        switch action {
        case .constant(let value):
            constants.append((outputs[0], value))
            return
        case .kernel(let kernel):
            kind = .kernel
            payload = kernels.count
            kernels.append(kernel)
        case .single(let kernel):
            kind = .single
            payload = singleKernels.count
            singleKernels.append(kernel)
        case .assign(let slot, let shape):
            kind = .assign
            variable = slot
            if let shape {
                payload = shapes.count
                shapes.append(shape)
            }
        case .update(let slot, let kernel):
            kind = .update
            variable = slot
            payload = kernels.count
            kernels.append(kernel)
        case .apply(let kernel, let references):
            kind = .apply
            variable = references
            payload = kernels.count
            kernels.append(kernel)
        }
        let inputStart = slots.count
        slots += inputs
        let outputStart = slots.count
        slots += outputs
        steps.append(
            PlanStep(
                kind: kind, payload: payload, variable: variable, inputStart: inputStart, outputStart: outputStart,
                end: slots.count))
        ops.append(op)
        maxArity = max(maxArity, inputs.count)
    }

    /// Appends the step of `op`, an `IsVariableInitialized` of variable slot `variable`: it writes
    /// whether the variable holds a value to `output`, and reads nothing.
    mutating func appendInitializedCheck(variable: Int, op: Operation, output: Int) {
        let inputStart = slots.count
        slots.append(output)
        steps.append(
            PlanStep(
                kind: .initialized, payload: -1, variable: variable, inputStart: inputStart, outputStart: inputStart,
                end: slots.count))
        ops.append(op)
    }

    /// Marks each value slot's last read, once all steps are appended. Slots
    /// in `kept` (the fetches) and constant slots are never moved out.
    mutating func markLastReads(keeping kept: [Int]) {
        isLastRead = Array(repeating: false, count: slots.count)
        var seen = Set(kept + constants.map(\.slot))
        for step in steps.reversed() {
            for position in (step.inputStart..<step.outputStart).reversed() where slots[position] >= 0 {
                isLastRead[position] = seen.insert(slots[position]).inserted
            }
        }
    }
}
