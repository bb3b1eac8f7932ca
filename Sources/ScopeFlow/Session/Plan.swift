/// A fed tensor of a ``Plan``: the slot its value goes to.
struct PlanFeed: Sendable {
    let slot: Int
    let tensor: Tensor
}

/// A compiled run signature: the pruned, ordered steps of one
/// (fetches, feeds, targets) combination with every slot pre-resolved.
/// Running it touches no dictionary and builds no string unless it fails.
///
/// A plan keeps the values of the run in progress, so one run at a time uses it: the session
/// checks it out for a run (``inUse``, changed only under the session's lock) and makes a second
/// plan of the same signature for a run that finds it busy. That protocol is what makes the
/// unchecked `Sendable` sound.
final class Plan: @unchecked Sendable {
    /// True while a run holds the plan; read and written only under the session's lock.
    var inUse = false
    /// True for a plan made because the signature's first plan was busy: it goes back to the
    /// session's spare plans after its run.
    var isSpare = false
    /// The variable slots and random streams the plan touches, in lock order, and whether it
    /// writes them (see ``ResourceLock``).
    let resources: [(key: ResourceLock.Key, exclusive: Bool)]
    /// The variable slots some step assigns or updates.
    let writtenVariables: [Int]
    /// The session's locks for ``resources``, once a run looked them up; read and written only
    /// under the session's lock.
    var claims: [ResourceLock.Claim]?
    private let program: PlanProgram
    /// The program of a plan with control flow, run by ``FramedRun``; after its first run, its
    /// stretches of compilable steps run as compiled segments (``FramedSegmentation``).
    private var framed: FramedProgram?
    /// The epoch a framed plan's segments check their variable copies against (see
    /// ``FramedRun/segmentEpoch``), and the session epoch it last saw: a change of the session's
    /// means another plan wrote variables.
    private var segmentEpoch = 0
    private var sessionEpochSeen: Int?
    /// The fetches of a framed plan, with their slots.
    private let framedFetches: [(slot: Int, tensor: Tensor)]
    /// The fed tensors, ordered as the plan key orders them.
    let feeds: [PlanFeed]
    /// The run signature in words: fetches, feeds and targets by name.
    let signature: String
    /// The slot of each fetched tensor (`~v` for variable `v`).
    private let fetchSlots: [Int]
    /// The output slots of the ops run as targets: a compiled plan computes them even though nothing reads them.
    private let targetSlots: [Int]
    /// The `VariableV2` op of each variable slot the plan uses, for error messages.
    private let variableOps: [Int: Operation]
    /// The value of every slot during a run; between runs only the constants' slots hold values.
    private var values: [HostTensor?]
    /// The slots that are not constants: cleared after every run.
    private let transientSlots: [Int]
    private let slotCount: Int
    /// True when some step assigns or updates a variable.
    private let writesVariables: Bool
    /// The plan compiled from its first run, when every value it computes is float32.
    private var compiled: CompiledPlan?
    /// Why the plan was not compiled after its first run, in words.
    private(set) var interpretedBecause: String?
    /// True once the plan was offered to ``CompiledPlanBuilder`` (or compiling is turned off).
    private var compileTried: Bool
    /// The type of each slot in the run being recorded, only during that run.
    private var slotTypes: [SlotType?] = []

    /// ``RuntimeOptions/compilesPlans`` off keeps every plan on the interpreter.
    private static var compilingIsOff: Bool { !RuntimeOptions.current.compilesPlans }

    init(
        program: PlanProgram, signature: String, feeds: [PlanFeed], fetchSlots: [Int], targetSlots: [Int],
        variableOps: [Int: Operation], slotCount: Int, compiles: Bool
    ) {
        self.signature = signature
        self.targetSlots = targetSlots
        compileTried = !compiles || Plan.compilingIsOff
        if !compiles {
            interpretedBecause = "the session was created with compilesPlans: false"
        } else if Plan.compilingIsOff {
            interpretedBecause = "RuntimeOptions.compilesPlans is off (SCOPEFLOW_COMPILED_PLANS=off for the CLI)"
        }
        self.program = program
        framed = nil
        framedFetches = []
        self.feeds = feeds
        self.fetchSlots = fetchSlots
        self.variableOps = variableOps
        var values = [HostTensor?](repeating: nil, count: slotCount)
        for (slot, value) in program.constants { values[slot] = value }
        transientSlots = values.indices.filter { values[$0] == nil }
        self.values = values
        self.slotCount = slotCount
        writesVariables = program.steps.contains { $0.kind.writesVariable }
        var written = Set<Int>()
        for step in program.steps {
            switch step.kind {
            case .assign, .update: written.insert(step.variable)
            case .apply:
                for reference in 0..<step.variable { written.insert(~program.slots[step.inputStart + reference]) }
            case .kernel, .single, .initialized: break
            }
        }
        writtenVariables = written.sorted()
        resources = Plan.resources(variables: Set(variableOps.keys), written: written, ops: program.ops)
    }

    /// A plan with control flow: `framed` runs on the frame executor, on every run; the first run
    /// records the slots' types and, when `compiles`, its compilable stretches become segments.
    init(
        framed: FramedProgram, signature: String, feeds: [PlanFeed], fetches: [(slot: Int, tensor: Tensor)],
        variableOps: [Int: Operation], compiles: Bool
    ) {
        self.signature = signature
        self.feeds = feeds
        self.framed = framed
        framedFetches = fetches
        program = PlanProgram()
        fetchSlots = fetches.map(\.slot)
        targetSlots = []
        self.variableOps = variableOps
        values = []
        transientSlots = []
        slotCount = framed.slotCount
        let written = framed.writtenVariables
        writesVariables = !written.isEmpty
        writtenVariables = written.sorted()
        resources = Plan.resources(variables: Set(variableOps.keys), written: written, ops: framed.ops)
        compileTried = !compiles || Plan.compilingIsOff
        interpretedBecause = Plan.framedDescription(framed, segments: nil)
    }

    /// How a framed plan runs, in words; `segments` are its compiled runs (nil before they were sought).
    private static func framedDescription(_ framed: FramedProgram, segments: [FramedSegmentation.CompiledRun]?)
        -> String
    {
        let loops = framed.frames.dropFirst().map { frame in
            let scalarOps = framed.steps[frame.firstStep..<frame.endStep].count { $0.scalarOp != nil }
            return "loop '\(frame.name)' \(frame.endStep - frame.firstStep) per iteration"
                + (scalarOps == 0 ? "" : " (\(scalarOps) computed by the executor itself on scalar operands)")
        }
        var described =
            "the plan holds control flow (cond, while loop, TensorArray); it runs on the frame executor (it keeps "
            + "scalars unboxed, moving and comparing them without reference counting): "
            + (["\(framed.frames[0].endStep) steps once"] + loops).joined(separator: ", ")
        if let segments {
            let covered = segments.reduce(0) { $0 + $1.steps.count }
            described +=
                "; \(segments.count) compiled segment\(segments.count == 1 ? "" : "s") run \(covered) of its "
                + "\(framed.steps.count - segments.count) steps"
        }
        return described
    }

    /// The locks a plan takes: its variables (exclusive when written) and random ops' streams.
    private static func resources(variables: Set<Int>, written: Set<Int>, ops: [Operation])
        -> [(key: ResourceLock.Key, exclusive: Bool)]
    {
        let variableResources = variables.union(written).map {
            (key: ResourceLock.Key.variable($0), exclusive: written.contains($0))
        }
        let randomResources = ops.filter { OpRegistry.isRandom($0.type) }.map {
            (key: ResourceLock.Key.statefulKernel($0.id), exclusive: true)
        }
        return (variableResources + randomResources).sorted { $0.key < $1.key }
    }

    /// The steps of the compiled form, nil when the plan is not compiled.
    var compiledStepCount: Int? { compiled?.stepCount }

    /// How many kernel steps the interpreter runs (for a plan with control flow: the steps of
    /// all frames, each loop body counted once).
    var stepCount: Int { framed?.steps.count ?? program.steps.count }

    /// Runs the plan once.
    ///
    /// The first run is interpreted and records the type of every value; the plan
    /// is then compiled when it can be, and later runs with the same feed and
    /// variable shapes take the compiled form.
    ///
    /// - Parameters:
    ///   - feedValues: one value per entry of ``feeds``, in the same order.
    ///   - variables: the session's variable storage, read and written in place.
    ///   - epoch: the session's variable epoch (see ``SessionState/variableEpoch``), advanced
    ///     by one when the run may have changed a variable (never by more).
    func run(feedValues: [HostTensor], variables: inout [HostTensor?], epoch: inout Int) throws -> [HostTensor] {
        if let framed {
            for (feed, value) in zip(feeds, feedValues) { try Plan.check(value, fedTo: feed.tensor) }
            if sessionEpochSeen != epoch { segmentEpoch &+= 1 }
            let run = FramedRun(
                program: framed, variableOps: variableOps, recordsTypes: !compileTried, segmentEpoch: segmentEpoch)
            defer {
                if writesVariables { epoch &+= 1 }
                segmentEpoch = run.segmentEpoch
                sessionEpochSeen = epoch
            }
            let results = try run.run(
                feeds: zip(feeds, feedValues).map { ($0.slot, $1) }, fetches: framedFetches, variables: &variables)
            if !compileTried {
                compileTried = true
                let (program, segments) = FramedSegmentation(
                    program: framed, types: run.recordedSlotTypes(), variables: variables, fetchSlots: fetchSlots
                ).segmentedProgram()
                self.framed = program
                interpretedBecause = Plan.framedDescription(program, segments: segments)
            }
            return results
        }
        if let compiled {
            for (feed, value) in zip(feeds, feedValues) { try Plan.check(value, fedTo: feed.tensor) }
            if let results = compiled.run(feedValues: feedValues, variables: &variables, epoch: &epoch) {
                return results
            }
        }
        // Even a run that fails part-way may have written some variables.
        defer { if writesVariables { epoch &+= 1 } }
        guard !compileTried else {
            return try interpret(feedValues: feedValues, variables: &variables, recording: false)
        }
        slotTypes = Array(repeating: nil, count: slotCount)
        defer { slotTypes = [] }
        let results = try interpret(feedValues: feedValues, variables: &variables, recording: true)
        compileTried = true
        for (slot, value) in program.constants { slotTypes[slot] = SlotType(dtype: value.dtype, shape: value.shape) }
        switch CompiledPlanBuilder(
            program: program, feedCount: feeds.count, fetchSlots: fetchSlots, targetSlots: targetSlots,
            slotTypes: slotTypes, variables: variables
        ).build() {
        case .success(let plan): compiled = plan
        case .failure(let failure): interpretedBecause = failure.reason
        }
        return results
    }

    /// Runs the plan's steps one kernel at a time, recording each value's type when `recording`.
    private func interpret(feedValues: [HostTensor], variables: inout [HostTensor?], recording: Bool) throws
        -> [HostTensor]
    {
        var values: [HostTensor?] = []
        swap(&values, &self.values)
        defer {
            for slot in transientSlots { values[slot] = nil }
            swap(&values, &self.values)
        }
        for (feed, value) in zip(feeds, feedValues) {
            try Plan.check(value, fedTo: feed.tensor)
            values[feed.slot] = value
            if recording { slotTypes[feed.slot] = SlotType(dtype: value.dtype, shape: value.shape) }
        }
        try program.steps.withUnsafeBufferPointer { steps in
            try program.slots.withUnsafeBufferPointer { slots in
                try program.isLastRead.withUnsafeBufferPointer { isLastRead in
                    try execute(steps, slots, isLastRead, &values, &variables, recording: recording)
                }
            }
        }
        return try fetchSlots.map { $0 >= 0 ? values[$0]! : try read(~$0, variables) }
    }

    /// The hot loop: every step in order. A value read for the last time moves
    /// out of its slot; kernel outputs move into theirs.
    private func execute(
        _ steps: UnsafeBufferPointer<PlanStep>, _ slots: UnsafeBufferPointer<Int>,
        _ isLastRead: UnsafeBufferPointer<Bool>, _ values: inout [HostTensor?], _ variables: inout [HostTensor?],
        recording: Bool
    ) throws {
        var arguments: [HostTensor] = []
        arguments.reserveCapacity(program.maxArity)
        for index in steps.indices {
            let step = steps[index]
            // Popping one by one releases each value directly; removeAll goes
            // through the runtime's generic array destruction.
            while arguments.popLast() != nil {}
            for position in step.inputStart..<step.outputStart {
                let slot = slots[position]
                if slot < 0 {
                    arguments.append(try read(~slot, variables))
                } else if isLastRead[position] {
                    arguments.append(values[slot].take()!)
                } else {
                    arguments.append(values[slot]!)
                }
            }
            switch step.kind {
            case .kernel:
                var outputs = try call(program.kernels[step.payload], arguments, step: index)
                guard outputs.count == step.end - step.outputStart else {
                    throw Plan.outputCountError(program.ops[index], count: outputs.count)
                }
                for position in (step.outputStart..<step.end).reversed() {
                    values[slots[position]] = outputs.removeLast()
                }
            case .single:
                values[slots[step.outputStart]] = try call(program.singleKernels[step.payload], &arguments, step: index)
            case .assign:
                let value = arguments[0]
                if step.payload >= 0, value.shape != program.shapes[step.payload] {
                    throw Plan.updateShapeError(
                        program.ops[index], variableShape: program.shapes[step.payload], valueShape: value.shape)
                }
                variables[step.variable] = value
                values[slots[step.outputStart]] = value
            case .update:
                let current = try read(step.variable, variables)
                guard current.shape == arguments[0].shape else {
                    throw Plan.updateShapeError(
                        program.ops[index], variableShape: current.shape, valueShape: arguments[0].shape)
                }
                let kernel = program.kernels[step.payload]
                let updated = try call(kernel, [current, arguments[0]], step: index)[0]
                variables[step.variable] = updated
                values[slots[step.outputStart]] = updated
            case .apply:
                let updated = try call(program.kernels[step.payload], arguments, step: index)
                for reference in 0..<step.variable {
                    variables[~slots[step.inputStart + reference]] = updated[reference]
                }
                values[slots[step.outputStart]] = updated[0]
            case .initialized:
                values[slots[step.outputStart]] = HostTensor(scalar: variables[step.variable] != nil)
            }
            if recording {
                for position in step.outputStart..<step.end {
                    let value = values[slots[position]]
                    slotTypes[slots[position]] = value.map { SlotType(dtype: $0.dtype, shape: $0.shape) }
                }
            }
        }
    }

    /// Calls the kernel of step `index`; the op is looked up only when the kernel fails.
    private func call(_ kernel: Kernel, _ arguments: [HostTensor], step index: Int) throws -> [HostTensor] {
        do {
            return try kernel(arguments)
        } catch {
            throw Plan.naming(program.ops[index], in: error)
        }
    }

    /// Calls the single-output kernel of step `index`, which may move its arguments out.
    private func call(_ kernel: SingleOutputKernel, _ arguments: inout [HostTensor], step index: Int) throws
        -> HostTensor
    {
        do {
            return try kernel(&arguments)
        } catch {
            throw Plan.naming(program.ops[index], in: error)
        }
    }

    /// The value of variable `slot`.
    /// - Throws: ``ScopeFlowError/Code/uninitialized`` when nothing was assigned to it yet.
    private func read(_ slot: Int, _ variables: [HostTensor?]) throws -> HostTensor {
        guard let value = variables[slot] else { throw Plan.uninitializedError(variableOps[slot]) }
        return value
    }
}
