/// One run of a ``FramedProgram``: the slots' values and deadness, and the run's stacks and
/// `TensorArray`s.
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
        let slots = program.slots
        for step in steps {
            if step.code == .loop {
                try runLoop(step.payload, &variables)
                continue
            }
            var isDead = false
            for position in step.controlStart..<step.end where opDead[slots[position]] {
                isDead = true
                break
            }
            if !isDead {
                for position in step.guardStart..<step.outputStart where slots[position] >= 0 && dead[slots[position]] {
                    isDead = true
                    break
                }
            }
            switch step.code {
            case .merge:
                var live = -1
                for position in step.argumentStart..<step.guardStart {
                    let slot = slots[position]
                    if slot < 0 || !dead[slot] {
                        live = position - step.argumentStart
                        break
                    }
                }
                if isDead || live < 0 {
                    markDead(step)
                } else {
                    set(slots[step.outputStart], try value(slots[step.argumentStart + live], variables))
                    set(slots[step.outputStart + 1], HostTensor(scalar: Int32(live)))
                    opDead[step.op] = false
                }
                continue
            case .loopMerge:
                let source = iteration == 0 ? 0 : 1
                let slot = slots[step.argumentStart + source]
                if isDead || (slot >= 0 && dead[slot]) {
                    markDead(step)
                } else {
                    set(slots[step.outputStart], try value(slot, variables))
                    set(slots[step.outputStart + 1], HostTensor(scalar: Int32(source)))
                    opDead[step.op] = false
                }
                continue
            case .trigger:
                opDead[step.op] = false
                continue
            case .exit:
                let slot = slots[step.argumentStart]
                let inputDead = slot >= 0 && dead[slot]
                if !isDead, !inputDead { set(slots[step.outputStart], try value(slot, variables)) }
                opDead[step.op] = isDead || inputDead
                continue
            default:
                break
            }
            if !isDead {
                for position in step.argumentStart..<step.guardStart where slots[position] >= 0 && dead[slots[position]]
                {
                    isDead = true
                    break
                }
            }
            if isDead {
                markDead(step)
                continue
            }
            opDead[step.op] = false
            try execute(step, slots, &variables)
        }
    }

    /// Runs a live step whose arguments are all live.
    private mutating func execute(_ step: FramedProgram.Step, _ slots: [Int], _ variables: inout [HostTensor?]) throws {
        while arguments.popLast() != nil {}
        for position in step.argumentStart..<step.guardStart {
            arguments.append(try value(slots[position], variables))
        }
        let op = step.op
        do {
            switch step.code {
            case .constant:
                set(slots[step.outputStart], program.values[step.payload])
            case .forward:
                set(slots[step.outputStart], arguments[0])
            case .noOp, .merge, .loopMerge, .trigger, .exit, .loop:
                break
            case .switchValue:
                let taken = try Self.predicate(arguments[1], of: program.ops[op]) ? 1 : 0
                set(slots[step.outputStart + taken], arguments[0])
                dead[slots[step.outputStart + 1 - taken]] = true
                values[slots[step.outputStart + 1 - taken]] = nil
            case .kernel:
                let outputs = try program.kernels[step.payload](arguments)
                guard outputs.count == step.controlStart - step.outputStart else {
                    throw Plan.outputCountError(program.ops[op], count: outputs.count)
                }
                for (index, value) in outputs.enumerated() { set(slots[step.outputStart + index], value) }
            case .single:
                set(slots[step.outputStart], try program.singleKernels[step.payload](&arguments))
            case .assign:
                let value = arguments[0]
                if step.payload >= 0, value.shape != program.shapes[step.payload] {
                    throw Plan.updateShapeError(
                        program.ops[op], variableShape: program.shapes[step.payload], valueShape: value.shape)
                }
                variables[step.variable] = value
                set(slots[step.outputStart], value)
            case .update:
                let current = try read(step.variable, variables)
                guard current.shape == arguments[0].shape else {
                    throw Plan.updateShapeError(
                        program.ops[op], variableShape: current.shape, valueShape: arguments[0].shape)
                }
                let updated = try program.kernels[step.payload]([current, arguments[0]])[0]
                variables[step.variable] = updated
                set(slots[step.outputStart], updated)
            case .apply:
                let updated = try program.kernels[step.payload](arguments)
                for reference in 0..<step.variable {
                    variables[~slots[step.argumentStart + reference]] = updated[reference]
                }
                set(slots[step.outputStart], updated[0])
            case .resource:
                let outputs = try resources.run(program.ops[op], arguments)
                for (index, value) in outputs.enumerated() { set(slots[step.outputStart + index], value) }
            }
        } catch {
            throw Plan.naming(program.ops[op], in: error)
        }
    }

    private mutating func set(_ slot: Int, _ value: HostTensor) {
        values[slot] = value
        dead[slot] = false
    }

    private mutating func markDead(_ step: FramedProgram.Step) {
        for position in step.outputStart..<step.controlStart {
            let slot = program.slots[position]
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
        guard case .bool(let flags) = value.storage, flags.count == 1 else {
            throw ScopeFlowError(
                .invalidArgument,
                "The predicate of '\(op.name)' (\(op.type)) must be a bool scalar, got a \(value.dtype) tensor of "
                    + "shape \(value.shape); pass a scalar comparison result as the predicate.",
                names: [op.name])
        }
        return flags[0]
    }
}
