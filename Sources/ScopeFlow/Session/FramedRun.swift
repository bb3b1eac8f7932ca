/// One run of a ``FramedProgram``: the slots' values and deadness, and the run's stacks and
/// `TensorArray`s.
///
/// A loop runs its steps once per iteration, so the walk touches no array that would check its
/// uniqueness or retain its buffer: values and deadness live in buffers the run owns, and the
/// program's tables are read through pointers taken once per run.
///
/// A slot holding a scalar keeps it unboxed in ``scalars`` (``FramedScalar``); its entry in
/// ``values`` is then nil or the same scalar boxed, made when a kernel first read it. Moves copy
/// the unboxed form, steps with a ``FramedScalarOp`` compute on it, and a `Switch` reads its
/// predicate from it, so a loop of scalar ops neither allocates nor counts references.
final class FramedRun {
    private let program: FramedProgram
    private let variableOps: [Int: Operation]
    private let values: UnsafeMutablePointer<HostTensor?>
    private let scalars: UnsafeMutablePointer<FramedScalar>
    /// Each constant's unboxed form (``FramedScalar/boxed`` for a tensor that is not a scalar).
    private let constantScalars: [FramedScalar]
    private let dead: UnsafeMutablePointer<Bool>
    private let opDead: UnsafeMutablePointer<Bool>
    // Only this run's own calls touch these, one at a time: no dynamic exclusivity checks.
    @exclusivity(unchecked) private var arguments: [HostTensor] = []
    @exclusivity(unchecked) private var resources = RunResources()
    /// The epoch the compiled segments' variable copies are checked against: advanced whenever
    /// a step outside them writes a variable (a segment that writes one advances it itself).
    @exclusivity(unchecked) private(set) var segmentEpoch: Int
    /// The type of the last live value of each slot, when the run records them (nil: it does not).
    private let recordedTypes: UnsafeMutablePointer<SlotType?>?

    /// A run of `program`; `recordsTypes` keeps the type of each slot's last live value for
    /// ``recordedSlotTypes()``, `segmentEpoch` is the plan's (see ``segmentEpoch``).
    init(program: FramedProgram, variableOps: [Int: Operation], recordsTypes: Bool = false, segmentEpoch: Int = 0) {
        self.program = program
        self.variableOps = variableOps
        self.segmentEpoch = segmentEpoch
        if recordsTypes {
            recordedTypes = .allocate(capacity: program.slotCount)
            recordedTypes!.initialize(repeating: nil, count: program.slotCount)
        } else {
            recordedTypes = nil
        }
        values = .allocate(capacity: program.slotCount)
        values.initialize(repeating: nil, count: program.slotCount)
        scalars = .allocate(capacity: program.slotCount)
        scalars.initialize(repeating: .boxed, count: program.slotCount)
        constantScalars = program.values.map(FramedScalar.init(unboxing:))
        dead = .allocate(capacity: program.slotCount)
        dead.initialize(repeating: false, count: program.slotCount)
        opDead = .allocate(capacity: max(program.ops.count, 1))
        opDead.initialize(repeating: false, count: max(program.ops.count, 1))
        for (slot, value) in program.constants { values[slot] = value }
    }

    deinit {
        if let recordedTypes {
            recordedTypes.deinitialize(count: program.slotCount)
            recordedTypes.deallocate()
        }
        values.deinitialize(count: program.slotCount)
        values.deallocate()
        scalars.deallocate()
        dead.deallocate()
        opDead.deallocate()
    }

    /// The program's tables, read through pointers for the length of a run.
    private struct Tables {
        let steps: UnsafeBufferPointer<FramedProgram.Step>
        let slots: UnsafeBufferPointer<Int>
        let kernels: UnsafeBufferPointer<Kernel>
        let singleKernels: UnsafeBufferPointer<SingleOutputKernel>
        let constants: UnsafeBufferPointer<HostTensor>
        let constantScalars: UnsafeBufferPointer<FramedScalar>
    }

    /// Runs the root frame with `feeds` in their slots and returns the fetched values.
    /// - Throws: what a kernel throws, naming its op; ``ScopeFlowError/Code/invalidArgument`` when a
    ///   fetched tensor is dead (it is in a cond branch the run did not take).
    func run(
        feeds: [(slot: Int, value: HostTensor)], fetches: [(slot: Int, tensor: Tensor)], variables: inout [HostTensor?]
    ) throws -> [HostTensor] {
        for (slot, value) in feeds { set(slot, value) }
        try program.steps.withUnsafeBufferPointer { steps in
            try program.slots.withUnsafeBufferPointer { slots in
                try program.kernels.withUnsafeBufferPointer { kernels in
                    try program.singleKernels.withUnsafeBufferPointer { singleKernels in
                        try program.values.withUnsafeBufferPointer { constants in
                            try constantScalars.withUnsafeBufferPointer { constantScalars in
                                let tables = Tables(
                                    steps: steps, slots: slots, kernels: kernels, singleKernels: singleKernels,
                                    constants: constants, constantScalars: constantScalars)
                                try runSteps(
                                    program.frames[0].firstStep..<program.frames[0].endStep, iteration: 0, tables,
                                    &variables)
                            }
                        }
                    }
                }
            }
        }
        return try fetches.map { slot, tensor in
            if slot < 0 { return try read(~slot, variables) }
            guard !dead[slot],
                values[slot] != nil || scalars[slot].kind != .boxed || program.referenceVariables[slot] != nil
            else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "Fetched tensor \(tensor.name) has no value in this run: it is computed in a cond branch "
                        + "the run did not take (its input from a Switch is dead). Fetch the cond's result (its "
                        + "Merge) instead, or feed the predicate that takes this branch.",
                    names: [tensor.name])
            }
            return try value(slot, variables)
        }
    }

    /// Runs a loop frame from its `Enter`s to the iteration in which nothing flows on. A frame
    /// with random ops first runs its counting steps alone, as TF's executor runs a loop's control
    /// ahead of its bodies, so that the draws of the first `parallel_iterations` iterations come
    /// in TF's order (``PhiloxStream/reverseNext(_:)``).
    private func runLoop(_ index: Int, _ tables: Tables, _ variables: inout [HostTensor?]) throws {
        let frame = program.frames[index]
        if let counting = frame.countingSteps {
            let iterations = try iterate(frame, counting, tables, &variables)
            for stream in frame.randomStreams { stream.reverseNext(min(iterations, frame.parallelIterations)) }
        }
        defer { for stream in frame.randomStreams { stream.endReversal() } }
        try iterate(frame, frame.firstStep..<frame.endStep, tables, &variables)
    }

    /// Enters a loop frame and runs `steps` of it once per iteration until no `NextIteration` is
    /// live; returns the number of bodies run.
    @discardableResult
    private func iterate(
        _ frame: FramedProgram.Frame, _ steps: some Collection<Int>, _ tables: Tables,
        _ variables: inout [HostTensor?]
    ) throws -> Int {
        for entry in frame.entries {
            if entry.input < 0 || !dead[entry.input] {
                try move(entry.input, to: entry.output, variables)
            } else {
                clear(entry.output)
            }
        }
        for slot in frame.exitSlots { clear(slot) }
        for slot in frame.nextSlots { dead[slot] = true }
        return try frame.nextSlots.withUnsafeBufferPointer { nextSlots in
            var iteration = 0
            while true {
                try runSteps(steps, iteration: iteration, tables, &variables)
                guard nextSlots.contains(where: { !dead[$0] }) else { return iteration }
                iteration += 1
            }
        }
    }

    /// Runs the steps of one frame once: one iteration of a loop, or the whole root frame.
    private func runSteps(
        _ range: some Collection<Int>, iteration: Int, _ tables: Tables, _ variables: inout [HostTensor?]
    ) throws {
        let slots = tables.slots
        // Steps a compiled segment just ran for: skipped.
        var skipped = 0
        for stepIndex in range {
            if skipped > 0 {
                skipped -= 1
                continue
            }
            let step = tables.steps[stepIndex]
            if step.code == .loop {
                try runLoop(step.payload, tables, &variables)
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
                    markDead(step, slots)
                } else {
                    try move(slots[step.argumentStart + live], to: slots[step.outputStart], variables)
                    if slots[step.outputStart + 1] >= 0 {
                        set(slots[step.outputStart + 1], FramedScalar(Int32(live)))
                    }
                    opDead[step.op] = false
                }
                continue
            case .loopMerge:
                let source = iteration == 0 ? 0 : 1
                let slot = slots[step.argumentStart + source]
                if isDead || (slot >= 0 && dead[slot]) {
                    markDead(step, slots)
                } else {
                    try move(slot, to: slots[step.outputStart], variables)
                    if slots[step.outputStart + 1] >= 0 {
                        set(slots[step.outputStart + 1], FramedScalar(Int32(source)))
                    }
                    opDead[step.op] = false
                }
                continue
            case .trigger:
                opDead[step.op] = false
                continue
            case .exit:
                let slot = slots[step.argumentStart]
                let inputDead = slot >= 0 && dead[slot]
                if !isDead, !inputDead { try move(slot, to: slots[step.outputStart], variables) }
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
            if step.code == .compiled {
                if try runSegment(step, isDead: isDead, slots, &variables) {
                    skipped = program.segments[step.payload].stepCount
                }
                continue
            }
            if isDead {
                markDead(step, slots)
                continue
            }
            opDead[step.op] = false
            switch step.code {
            case .constant:
                // Only this step writes the slot: the constant (unboxed when it is a scalar, its
                // boxed form then made once), or nothing when the step is dead.
                let slot = slots[step.outputStart]
                scalars[slot] = tables.constantScalars[step.payload]
                if scalars[slot].kind == .boxed, values[slot] == nil { values[slot] = tables.constants[step.payload] }
                dead[slot] = false
            case .forward:
                try move(slots[step.argumentStart], to: slots[step.outputStart], variables)
            case .noOp:
                break
            case .switchValue:
                let taken = try predicate(slots[step.argumentStart + 1], step, variables) ? 1 : 0
                try move(slots[step.argumentStart], to: slots[step.outputStart + taken], variables)
                clear(slots[step.outputStart + 1 - taken])
            case .switchReference:
                // Routes the variable's reference: the taken output is live and holds no value.
                let taken = try predicate(slots[step.argumentStart + 1], step, variables) ? 1 : 0
                dead[slots[step.outputStart + taken]] = false
                clear(slots[step.outputStart + 1 - taken])
            case .initialized:
                set(slots[step.outputStart], HostTensor(scalar: variables[step.variable] != nil))
            default:
                if let scalarOp = step.scalarOp,
                    let result = scalarOp.apply(
                        try scalar(slots[step.argumentStart], variables),
                        try scalar(slots[step.argumentStart + 1], variables))
                {
                    set(slots[step.outputStart], result)
                } else {
                    try execute(step, tables, &variables)
                }
            }
        }
    }

    /// Runs a live step that calls a kernel or writes a variable.
    private func execute(_ step: FramedProgram.Step, _ tables: Tables, _ variables: inout [HostTensor?]) throws {
        let slots = tables.slots
        while arguments.popLast() != nil {}
        for position in step.argumentStart..<step.guardStart {
            arguments.append(try value(slots[position], variables))
        }
        let op = step.op
        do {
            switch step.code {
            case .kernel:
                let outputs = try tables.kernels[step.payload](arguments)
                guard outputs.count == step.controlStart - step.outputStart else {
                    throw Plan.outputCountError(program.ops[op], count: outputs.count)
                }
                for (index, value) in outputs.enumerated() { set(slots[step.outputStart + index], value) }
            case .single:
                set(slots[step.outputStart], try tables.singleKernels[step.payload](&arguments))
            case .assign:
                let value = arguments[0]
                if step.payload >= 0, value.shape != program.shapes[step.payload] {
                    throw Plan.updateShapeError(
                        program.ops[op], variableShape: program.shapes[step.payload], valueShape: value.shape)
                }
                variables[step.variable] = value
                segmentEpoch &+= 1
                set(slots[step.outputStart], value)
            case .update:
                let current = try read(step.variable, variables)
                guard current.shape == arguments[0].shape else {
                    throw Plan.updateShapeError(
                        program.ops[op], variableShape: current.shape, valueShape: arguments[0].shape)
                }
                let updated = try tables.kernels[step.payload]([current, arguments[0]])[0]
                variables[step.variable] = updated
                segmentEpoch &+= 1
                set(slots[step.outputStart], updated)
            case .apply:
                let updated = try tables.kernels[step.payload](arguments)
                for reference in 0..<step.variable {
                    variables[~slots[step.argumentStart + reference]] = updated[reference]
                }
                segmentEpoch &+= 1
                set(slots[step.outputStart], updated[0])
            case .resource:
                let outputs = try resources.run(program.ops[op], arguments)
                for (index, value) in outputs.enumerated() { set(slots[step.outputStart + index], value) }
            case .constant, .forward, .noOp, .switchValue, .switchReference, .initialized, .merge, .loopMerge, .trigger,
                .exit, .loop, .compiled:
                break
            }
        } catch {
            throw Plan.naming(program.ops[op], in: error)
        }
    }

    @inline(__always)
    private func set(_ slot: Int, _ value: HostTensor) {
        values[slot] = value
        scalars[slot] = .boxed
        dead[slot] = false
    }

    @inline(__always)
    private func set(_ slot: Int, _ value: FramedScalar) {
        values[slot] = nil
        scalars[slot] = value
        dead[slot] = false
    }

    /// Copies the live value of `source` (a slot, or `~variable`) to slot `target`, unboxed when it is.
    @inline(__always)
    private func move(_ source: Int, to target: Int, _ variables: [HostTensor?]) throws {
        if source < 0 {
            set(target, try read(~source, variables))
        } else if scalars[source].kind != .boxed {
            values[target] = values[source]
            scalars[target] = scalars[source]
            dead[target] = false
        } else {
            set(target, try value(source, variables))
        }
    }

    /// Makes `slot` dead and drops its value (after recording its type, when the run records them).
    @inline(__always)
    private func clear(_ slot: Int) {
        if let recordedTypes, let type = type(of: slot) { recordedTypes[slot] = type }
        dead[slot] = true
        values[slot] = nil
        scalars[slot] = .boxed
    }

    private func markDead(_ step: FramedProgram.Step, _ slots: UnsafeBufferPointer<Int>) {
        for position in step.outputStart..<step.controlStart where slots[position] >= 0 { clear(slots[position]) }
        if step.op >= 0 { opDead[step.op] = true }
    }

    /// The live value of `slot` (or `~variable`) as a tensor: a variable's (negative slot, or a
    /// `RefSwitch` output that passes the variable's reference on) read now, the value the slot
    /// holds, or its unboxed scalar boxed once and kept beside its unboxed form.
    @inline(__always)
    private func value(_ slot: Int, _ variables: [HostTensor?]) throws -> HostTensor {
        if slot < 0 { return try read(~slot, variables) }
        if let value = values[slot] { return value }
        if scalars[slot].kind == .boxed { return try read(program.referenceVariables[slot]!, variables) }
        let boxed = scalars[slot].boxedTensor
        values[slot] = boxed
        return boxed
    }

    /// The live value of `slot` (or `~variable`) unboxed, or ``FramedScalar/boxed`` when it is no
    /// scalar of a kind ``FramedScalar`` holds. A slot's scalar is unboxed once and kept; a
    /// variable's reference is read each time.
    @inline(__always)
    private func scalar(_ slot: Int, _ variables: [HostTensor?]) throws -> FramedScalar {
        if slot < 0 { return FramedScalar(unboxing: try read(~slot, variables)) }
        if scalars[slot].kind == .boxed {
            guard let value = values[slot] else { return FramedScalar(unboxing: try value(slot, variables)) }
            scalars[slot] = FramedScalar(unboxing: value)
        }
        return scalars[slot]
    }

    private func read(_ slot: Int, _ variables: [HostTensor?]) throws -> HostTensor {
        guard let value = variables[slot] else { throw Plan.uninitializedError(variableOps[slot]) }
        return value
    }

    /// The bool scalar in `slot` that a `Switch` routes on.
    private func predicate(_ slot: Int, _ step: FramedProgram.Step, _ variables: [HostTensor?]) throws -> Bool {
        if slot >= 0, case let flag = try scalar(slot, variables), flag.kind == .bool { return flag.bits != 0 }
        let op = program.ops[step.op]
        var shown = "a variable"
        if slot >= 0 {
            let value = try value(slot, variables)
            shown = "a \(value.dtype) tensor of shape \(value.shape)"
        }
        throw ScopeFlowError(
            .invalidArgument,
            "The predicate of '\(op.name)' (\(op.type)) must be a bool scalar, got \(shown); pass a scalar "
                + "comparison result as the predicate.",
            names: [op.name])
    }

    /// Runs the compiled segment of `step` in place of the steps that follow it; false when the
    /// segment was not compiled for these values (then those steps run one by one).
    private func runSegment(
        _ step: FramedProgram.Step, isDead: Bool, _ slots: UnsafeBufferPointer<Int>, _ variables: inout [HostTensor?]
    ) throws -> Bool {
        let segment = program.segments[step.payload]
        if isDead {
            for position in step.outputStart..<step.controlStart { clear(slots[position]) }
            for op in segment.ops { opDead[op] = true }
            return true
        }
        // The run's argument buffer, reused: no allocation per segment per iteration.
        while arguments.popLast() != nil {}
        for position in step.argumentStart..<step.guardStart {
            arguments.append(try value(slots[position], variables))
        }
        guard let results = segment.plan.run(feedValues: arguments, variables: &variables, epoch: &segmentEpoch)
        else { return false }
        for (position, result) in zip(step.outputStart..<step.controlStart, results) { set(slots[position], result) }
        for op in segment.ops { opDead[op] = false }
        return true
    }

    /// The type of the value `slot` holds now, nil when it holds none.
    private func type(of slot: Int) -> SlotType? {
        if let value = values[slot] { return SlotType(dtype: value.dtype, shape: value.shape) }
        let dtype: DType
        switch scalars[slot].kind {
        case .boxed: return nil
        case .float32: dtype = .float32
        case .float64: dtype = .float64
        case .int32: dtype = .int32
        case .int64: dtype = .int64
        case .bool: dtype = .bool
        }
        return SlotType(dtype: dtype, shape: [])
    }

    /// The type of each slot's last live value in this run (nil where the run does not record
    /// types, or where no value reached the slot).
    func recordedSlotTypes() -> [SlotType?] {
        guard let recordedTypes else { return Array(repeating: nil, count: program.slotCount) }
        return (0..<program.slotCount).map { type(of: $0) ?? recordedTypes[$0] }
    }
}
