/// The steps of a plan with control flow (`cond`, `whileLoop`, or a TF graph holding them), run by
/// ``FramedProgram/run(feeds:fetchSlots:variables:)``: TF's executor semantics in a fixed order.
///
/// Values live in slots as in a ``PlanProgram``; besides its value, each slot may be *dead*: the
/// untaken output of a `Switch`, and everything computed from one. An op with a dead input or a
/// dead control input does not run and its outputs are dead; a `Merge` forwards its first live
/// input, and is dead only when all are. A while loop is a child frame: its `Enter`s take their
/// values from the parent frame once, then its steps run once per iteration, its `Merge`s reading
/// the `Enter`s in iteration 0 and the `NextIteration`s after, until no `NextIteration` is live;
/// its `Exit`s keep the last live value they saw.
struct FramedProgram {
    /// What one step does.
    enum Kind {
        /// Runs a plan action (kernel, single-output kernel, assign, update, training apply).
        case action(PlanAction)
        /// Writes a constant (a `Const` that is tied to a branch or loop by a control input).
        case constant(HostTensor)
        /// `Switch`: argument 0 to output 1 when argument 1 is true, else to output 0.
        case switchValue
        /// `Merge`: the first live argument and its index.
        case merge
        /// A loop's `Merge`: argument 0 (the `Enter`) in iteration 0, argument 1 (the
        /// `NextIteration`) after.
        case loopMerge
        /// Passes argument 0 on (`LoopCond`, `NextIteration`, `Identity` of a reference).
        case forward
        /// `Exit`: keeps a live argument in the output slot, which the parent frame reads.
        case exit
        /// `NoOp`: only carries deadness to its control outputs.
        case noOp
        /// `ControlTrigger`: never dead.
        case trigger
        /// Runs child frame `index` to its end.
        case loop(Int)
        /// A stack or `TensorArray` op, on the run's ``RunResources``.
        case resource
    }

    struct Step {
        let kind: Kind
        /// Slots passed to the step (`~v` reads variable `v`).
        let arguments: [Int]
        /// Slots that only make the step dead when they are (a reference input that arrives
        /// through a `RefSwitch`).
        let guards: [Int]
        let outputs: [Int]
        /// Indices (into ``ops``) of the ops this step waits for.
        let controls: [Int]
        /// The step's op, index into ``ops``; -1 for a loop.
        let op: Int
    }

    /// An `Enter`: at the start of its loop, `output` takes `input`'s value (or deadness).
    struct Entry {
        let input: Int
        let output: Int
        let op: Int
    }

    struct Frame {
        let name: String
        var steps: [Step] = []
        var entries: [Entry] = []
        /// The `NextIteration` output slots: the loop goes on while one is live.
        var nextSlots: [Int] = []
        /// The `Exit` output slots, dead until a live value reaches them.
        var exitSlots: [Int] = []
    }

    /// The root frame first.
    var frames: [Frame] = []
    /// Every op that has a step or an `Enter`, for deadness of control edges and error messages.
    var ops: [Operation] = []
    /// Values set when the plan is built (`Const`s outside control flow).
    var constants: [(slot: Int, value: HostTensor)] = []
    var slotCount: Int

    init(slotCount: Int) { self.slotCount = slotCount }

    /// The variable slots some step writes.
    var writtenVariables: Set<Int> {
        var written = Set<Int>()
        for frame in frames {
            for step in frame.steps {
                guard case .action(let action) = step.kind else { continue }
                switch action {
                case .assign(let variable, _), .update(let variable, _): written.insert(variable)
                case .apply(_, let references):
                    for slot in step.arguments.prefix(references) where slot < 0 { written.insert(~slot) }
                case .kernel, .single, .constant: break
                }
            }
        }
        return written
    }
}

/// One run of a ``FramedProgram``: the slots' values and deadness.
struct FramedRun {
    private let program: FramedProgram
    private var values: [HostTensor?]
    private var dead: [Bool]
    private var opDead: [Bool]
    private var arguments: [HostTensor] = []
    private var resources = RunResources()
    private let variableOps: [Int: Operation]

    init(program: FramedProgram, variableOps: [Int: Operation]) {
        self.program = program
        self.variableOps = variableOps
        values = Array(repeating: nil, count: program.slotCount)
        dead = Array(repeating: false, count: program.slotCount)
        opDead = Array(repeating: false, count: program.ops.count)
        for (slot, value) in program.constants { values[slot] = value }
    }

    /// Runs the root frame with `feeds` in their slots and returns the fetched values.
    /// - Throws: what a kernel throws, naming its op; ``ScopeFlowError/Code/invalidArgument`` when a
    ///   fetched tensor is dead (it is in a cond branch the run did not take).
    mutating func run(
        feeds: [(slot: Int, value: HostTensor)], fetches: [(slot: Int, tensor: Tensor)], variables: inout [HostTensor?]
    ) throws -> [HostTensor] {
        for (slot, value) in feeds { values[slot] = value }
        try runSteps(of: 0, iteration: 0, &variables)
        return try fetches.map { slot, tensor in
            if slot < 0 { return try read(~slot, variables) }
            guard !dead[slot], let value = values[slot] else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "Fetched tensor \(tensor.name) has no value in this run: it is computed in a cond branch "
                        + "the run did not take (its input from a Switch is dead). Fetch the cond's result (its "
                        + "Merge) instead, or feed the predicate that takes this branch.",
                    names: [tensor.name])
            }
            return value
        }
    }

    /// Runs a loop frame from its `Enter`s to the iteration in which nothing flows on.
    private mutating func runLoop(_ index: Int, _ variables: inout [HostTensor?]) throws {
        let frame = program.frames[index]
        for entry in frame.entries {
            if entry.input < 0 {
                values[entry.output] = try read(~entry.input, variables)
                dead[entry.output] = false
            } else {
                values[entry.output] = values[entry.input]
                dead[entry.output] = dead[entry.input]
            }
        }
        for slot in frame.exitSlots {
            values[slot] = nil
            dead[slot] = true
        }
        for slot in frame.nextSlots { dead[slot] = true }
        var iteration = 0
        while true {
            try runSteps(of: index, iteration: iteration, &variables)
            guard frame.nextSlots.contains(where: { !dead[$0] }) else { break }
            iteration += 1
        }
    }

    /// Runs every step of one frame once: one iteration of a loop, or the whole root frame.
    private mutating func runSteps(of index: Int, iteration: Int, _ variables: inout [HostTensor?]) throws {
        let steps = program.frames[index].steps
        for step in steps {
            if case .loop(let child) = step.kind {
                try runLoop(child, &variables)
                continue
            }
            var isDead = step.controls.contains { opDead[$0] }
            if !isDead { isDead = step.guards.contains { $0 >= 0 && dead[$0] } }
            switch step.kind {
            case .merge:
                let live = step.arguments.firstIndex { $0 < 0 || !dead[$0] }
                if isDead || live == nil {
                    markDead(step)
                } else {
                    set(step.outputs[0], try value(step.arguments[live!], variables))
                    set(step.outputs[1], HostTensor(scalar: Int32(live!)))
                    opDead[step.op] = false
                }
                continue
            case .loopMerge:
                let source = iteration == 0 ? 0 : 1
                let slot = step.arguments[source]
                if isDead || (slot >= 0 && dead[slot]) {
                    markDead(step)
                } else {
                    set(step.outputs[0], try value(slot, variables))
                    set(step.outputs[1], HostTensor(scalar: Int32(source)))
                    opDead[step.op] = false
                }
                continue
            case .trigger:
                opDead[step.op] = false
                continue
            case .exit:
                let slot = step.arguments[0]
                if !isDead, slot < 0 || !dead[slot] { set(step.outputs[0], try value(slot, variables)) }
                opDead[step.op] = isDead || (slot >= 0 && dead[slot])
                continue
            default:
                break
            }
            if !isDead { isDead = step.arguments.contains { $0 >= 0 && dead[$0] } }
            if isDead {
                markDead(step)
                continue
            }
            opDead[step.op] = false
            try execute(step, &variables)
        }
    }

    /// Runs a live step whose arguments are all live.
    private mutating func execute(_ step: FramedProgram.Step, _ variables: inout [HostTensor?]) throws {
        while arguments.popLast() != nil {}
        for slot in step.arguments { arguments.append(try value(slot, variables)) }
        switch step.kind {
        case .constant(let value):
            set(step.outputs[0], value)
        case .forward:
            set(step.outputs[0], arguments[0])
        case .noOp:
            break
        case .switchValue:
            let taken = try Self.predicate(arguments[1], of: program.ops[step.op]) ? 1 : 0
            set(step.outputs[taken], arguments[0])
            dead[step.outputs[1 - taken]] = true
            values[step.outputs[1 - taken]] = nil
        case .action(let action):
            try perform(action, step, &variables)
        case .resource:
            let outputs = try resources.run(program.ops[step.op], arguments)
            for (slot, value) in zip(step.outputs, outputs) { set(slot, value) }
        case .merge, .loopMerge, .trigger, .exit, .loop:
            break
        }
    }

    private mutating func perform(
        _ action: PlanAction, _ step: FramedProgram.Step, _ variables: inout [HostTensor?]
    ) throws {
        let op = program.ops[step.op]
        do {
            switch action {
            case .kernel(let kernel):
                let outputs = try kernel(arguments)
                guard outputs.count == step.outputs.count else { throw Plan.outputCountError(op, count: outputs.count) }
                for (slot, value) in zip(step.outputs, outputs) { set(slot, value) }
            case .single(let kernel):
                set(step.outputs[0], try kernel(&arguments))
            case .constant(let value):
                set(step.outputs[0], value)
            case .assign(let variable, let shape):
                let value = arguments[0]
                if let shape, value.shape != shape {
                    throw Plan.updateShapeError(op, variableShape: shape, valueShape: value.shape)
                }
                variables[variable] = value
                set(step.outputs[0], value)
            case .update(let variable, let kernel):
                let current = try read(variable, variables)
                guard current.shape == arguments[0].shape else {
                    throw Plan.updateShapeError(op, variableShape: current.shape, valueShape: arguments[0].shape)
                }
                let updated = try kernel([current, arguments[0]])[0]
                variables[variable] = updated
                set(step.outputs[0], updated)
            case .apply(let kernel, let references):
                let updated = try kernel(arguments)
                for reference in 0..<references { variables[~step.arguments[reference]] = updated[reference] }
                set(step.outputs[0], updated[0])
            }
        } catch {
            throw Plan.naming(op, in: error)
        }
    }

    private mutating func set(_ slot: Int, _ value: HostTensor) {
        values[slot] = value
        dead[slot] = false
    }

    private mutating func markDead(_ step: FramedProgram.Step) {
        for slot in step.outputs {
            dead[slot] = true
            values[slot] = nil
        }
        if step.op >= 0 { opDead[step.op] = true }
    }

    private func value(_ slot: Int, _ variables: [HostTensor?]) throws -> HostTensor {
        slot < 0 ? try read(~slot, variables) : values[slot]!
    }

    private func read(_ slot: Int, _ variables: [HostTensor?]) throws -> HostTensor {
        guard let value = variables[slot] else { throw Plan.uninitializedError(variableOps[slot]) }
        return value
    }

    /// The bool scalar a `Switch` routes on.
    private static func predicate(_ value: HostTensor, of op: Operation) throws -> Bool {
        guard value.dtype == .bool, value.count == 1 else {
            throw ScopeFlowError(
                .invalidArgument,
                "The predicate of '\(op.name)' (\(op.type)) must be a bool scalar, got a \(value.dtype) tensor of "
                    + "shape \(value.shape); pass a scalar comparison result as the predicate.",
                names: [op.name])
        }
        return value.bools![0]
    }
}
