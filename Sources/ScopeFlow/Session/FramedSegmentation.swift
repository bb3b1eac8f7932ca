/// Finds the runs of a ``FramedProgram``'s steps that compile into ``FramedSegment``s, from the
/// slot types of one recorded run, and builds the program that runs them compiled.
///
/// A run is a stretch of consecutive steps of one frame that are all kernels, variable writes or
/// `Identity`s (no control-flow primitive, random op, stack or `TensorArray` op, nor a scalar op
/// the executor computes unboxed, such as a loop's float counter) and that share
/// their *liveness*: the set of `Switch` outputs they depend on, not counting dependencies that a
/// `Merge` joins again. Steps with the same set are live or dead together in every run. A run is
/// handed to ``CompiledPlanBuilder``; where one of its steps has no compiled form, it is split
/// around that step and the parts are tried again.
struct FramedSegmentation {
    /// A run that compiled: the steps it stands for and the slots of its segment step.
    struct CompiledRun {
        let steps: ArraySlice<Int>
        let segment: FramedSegment
        let arguments: [Int]
        let guards: [Int]
        let outputs: [Int]
        let controls: [Int]
    }

    private enum Attempt {
        case compiled(CompiledRun)
        /// The step at this position of the run keeps it from compiling.
        case split(at: Int)
        case none
    }

    private let program: FramedProgram
    private let types: [SlotType?]
    private let variables: [HostTensor?]
    /// Slots read by something other than a step: the run's fetches and the loops' `Enter`s.
    private var readElsewhere: Set<Int> = []
    /// The steps that read each slot (as an argument or a guard).
    private var readers: [Int: [Int]] = [:]
    /// The values of constant slots: the plan's constants and the outputs of constant steps.
    private var constantValues: [Int: HostTensor] = [:]
    /// The liveness of each step (an index into the interned sets of ``livenessClasses()``).
    private var liveness: [Int] = []
    /// The steps that decide how often a loop with random ops runs: they stay as they are.
    private var countingSteps: Set<Int> = []

    init(program: FramedProgram, types: [SlotType?], variables: [HostTensor?], fetchSlots: [Int]) {
        self.program = program
        self.types = types
        self.variables = variables
        readElsewhere = Set(fetchSlots.filter { $0 >= 0 })
        for frame in program.frames {
            for entry in frame.entries where entry.input >= 0 { readElsewhere.insert(entry.input) }
            countingSteps.formUnion(frame.countingSteps ?? [])
        }
        for (slot, value) in program.constants { constantValues[slot] = value }
        for (index, step) in program.steps.enumerated() {
            for slot in program.arguments(of: step) + program.guards(of: step) where slot >= 0 {
                readers[slot, default: []].append(index)
            }
            if step.code == .constant, case .constant(let value) = program.kind(of: step) {
                constantValues[program.outputs(of: step).first!] = value
            }
        }
        liveness = livenessClasses()
    }

    /// The program with every run that compiles replaced by a segment step (ahead of the steps it
    /// stands for), and the runs that compiled.
    func segmentedProgram() -> (program: FramedProgram, runs: [CompiledRun]) {
        var compiled: [Int: CompiledRun] = [:]
        var orders: [[Int]] = []
        for frame in program.frames {
            let (order, runs) = arrange(frame)
            orders.append(order)
            for run in runs {
                for made in compile(run[...]) { compiled[made.steps.first!] = made }
            }
        }
        var result = FramedProgram(slotCount: program.slotCount)
        result.ops = program.ops
        result.constants = program.constants
        for (frame, order) in zip(program.frames, orders) {
            result.beginFrame(named: frame.name)
            for entry in frame.entries { result.appendEntry(entry, parallelIterations: frame.parallelIterations) }
            for stream in frame.randomStreams { result.appendRandomStream(stream) }
            for index in order {
                if let made = compiled[index] {
                    result.appendSegment(
                        made.segment, arguments: made.arguments, guards: made.guards, outputs: made.outputs,
                        controls: made.controls)
                }
                let step = program.steps[index]
                result.append(
                    program.kind(of: step), arguments: Array(program.arguments(of: step)),
                    guards: Array(program.guards(of: step)), outputs: Array(program.outputs(of: step)),
                    controls: Array(program.controls(of: step)), op: step.op, scalarOp: step.scalarOp)
            }
            for slot in frame.nextSlots { result.appendNextSlot(slot) }
            for slot in frame.exitSlots { result.appendExitSlot(slot) }
        }
        result.findCountingSteps()
        return (result, compiled.values.sorted { $0.steps.first! < $1.steps.first! })
    }

    /// The order `frame`'s steps run in once segmented, and its runs: stretches of candidate
    /// steps with the same liveness. A run may reach past steps that are not candidates (a stack
    /// push, a `TensorArray` write, a loop's `NextIteration`) when none of its later steps depends
    /// on them: those steps then move after the run, which only makes the run's values ready
    /// earlier. A step that writes or reads a variable never moves, so no read changes sides of a
    /// write; steps that move keep their order among themselves (random draws included).
    private func arrange(_ frame: FramedProgram.Frame) -> (order: [Int], runs: [[Int]]) {
        var order: [Int] = []
        var runs: [[Int]] = []
        var members: [Int] = []
        var moved: [Int] = []
        var movedSlots = Set<Int>()
        var movedOps = Set<Int>()
        func close() {
            if !members.isEmpty { runs.append(members) }
            order += members + moved
            members = []
            moved = []
            movedSlots = []
            movedOps = []
        }
        for index in frame.firstStep..<frame.endStep {
            let step = program.steps[index]
            if isCandidate(index) {
                let waitsForMoved =
                    (program.arguments(of: step) + program.guards(of: step)).contains { movedSlots.contains($0) }
                    || program.controls(of: step).contains { movedOps.contains($0) }
                if let first = members.first, liveness[first] == liveness[index], !waitsForMoved {
                    members.append(index)
                } else {
                    close()
                    members = [index]
                }
            } else if !members.isEmpty, mayMove(step) {
                moved.append(index)
                movedSlots.formUnion(program.outputs(of: step).filter { $0 >= 0 })
                if step.op >= 0 { movedOps.insert(step.op) }
            } else {
                close()
                order.append(index)
            }
        }
        close()
        return (order, runs)
    }

    /// Whether `step` may run after the candidate steps that follow it: it neither reads nor writes
    /// a variable, and is no loop.
    private func mayMove(_ step: FramedProgram.Step) -> Bool {
        switch step.code {
        case .kernel, .single, .constant, .forward, .noOp, .resource, .exit, .switchValue, .merge, .loopMerge,
            .trigger:
            return !(program.arguments(of: step) + program.guards(of: step)).contains {
                $0 < 0 || program.variable(passedOnBy: $0) != nil
            }
        case .assign, .update, .apply, .switchReference, .initialized, .loop, .compiled:
            return false
        }
    }

    /// Whether step `index` may be part of a segment.
    private func isCandidate(_ index: Int) -> Bool {
        let step = program.steps[index]
        guard step.op >= 0, !countingSteps.contains(index) else { return false }
        let op = program.ops[step.op]
        guard !OpRegistry.isRandom(op.type),
            !program.arguments(of: step).contains(where: { $0 >= 0 && program.variable(passedOnBy: $0) != nil })
        else { return false }
        switch step.code {
        case .kernel, .single, .assign, .update, .apply:
            let outputs = program.outputs(of: step)
            // A scalar step the executor computes itself, unboxed, is cheaper than a segment's copies.
            if step.scalarOp != nil, outputs.allSatisfy({ $0 >= 0 && types[$0]?.shape == [] }) { return false }
            return outputs.allSatisfy { $0 >= 0 && types[$0] != nil }
        case .forward:
            return op.forwardsItsInput && (program.arguments(of: step).first ?? -1) >= 0
        default:
            return false
        }
    }

    /// The segments of `run`: the whole run, or the parts around the step that does not compile.
    private func compile(_ run: ArraySlice<Int>) -> [CompiledRun] {
        guard run.count(where: { program.steps[$0].code != .forward }) >= 2 else { return [] }
        switch attempt(run) {
        case .compiled(let made): return [made]
        case .split(let position): return compile(run[..<position]) + compile(run[(position + 1)...])
        case .none: return []
        }
    }

    /// Builds the ``PlanProgram`` of `run` (its outside inputs as feeds, the values read after it
    /// as fetches) and compiles it.
    private func attempt(_ run: ArraySlice<Int>) -> Attempt {
        let members = Set(run)
        let memberOps = Set(run.map { program.steps[$0].op })
        var produced = Set<Int>()
        var feeds: [Int] = []
        var constants: [Int] = []
        // The outside slots already taken as a feed or a constant.
        var seen = Set<Int>()
        var guards: [Int] = []
        var controls = Set<Int>()
        var outputs: [Int] = []
        for position in run.indices {
            let step = program.steps[run[position]]
            for slot in program.arguments(of: step) where slot >= 0 && !produced.contains(slot) {
                guard seen.insert(slot).inserted else { continue }
                if constantValues[slot] != nil {
                    constants.append(slot)
                    guards.append(slot)
                } else {
                    guard types[slot]?.dtype == .float32 else { return .split(at: position) }
                    feeds.append(slot)
                }
            }
            guards += program.guards(of: step).filter { $0 >= 0 && !produced.contains($0) }
            controls.formUnion(program.controls(of: step).filter { !memberOps.contains($0) })
            for slot in program.outputs(of: step) where slot >= 0 {
                produced.insert(slot)
                guard
                    readElsewhere.contains(slot)
                        || readers[slot, default: []].contains(where: { !members.contains($0) })
                else { continue }
                guard types[slot]?.dtype == .float32 else { return .split(at: position) }
                outputs.append(slot)
            }
        }
        var sub = PlanProgram()
        var subSlots: [Int: Int] = [:]
        var subTypes: [SlotType?] = []
        for slot in feeds {
            subSlots[slot] = subTypes.count
            subTypes.append(types[slot])
        }
        let firstOp = program.ops[program.steps[run.first!].op]
        for slot in constants {
            let value = constantValues[slot]!
            subSlots[slot] = subTypes.count
            subTypes.append(SlotType(dtype: value.dtype, shape: value.shape))
            sub.append(.constant(value), op: firstOp, inputs: [], outputs: [subSlots[slot]!])
        }
        for index in run {
            let step = program.steps[index]
            let inputs = program.arguments(of: step).map { $0 < 0 ? $0 : subSlots[$0]! }
            if step.code == .forward {
                subSlots[program.outputs(of: step).first!] = inputs[0]
                continue
            }
            let stepOutputs = program.outputs(of: step).map { slot in
                subSlots[slot] = subTypes.count
                subTypes.append(types[slot])
                return subTypes.count - 1
            }
            guard case .action(let action) = program.kind(of: step) else { return .none }
            sub.append(action, op: program.ops[step.op], inputs: inputs, outputs: stepOutputs)
        }
        let built = CompiledPlanBuilder(
            program: sub, feedCount: feeds.count, fetchSlots: outputs.map { subSlots[$0]! }, targetSlots: [],
            slotTypes: subTypes, variables: variables
        ).build()
        switch built {
        case .success(let plan):
            let segment = FramedSegment(plan: plan, stepCount: run.count, ops: run.map { program.steps[$0].op })
            return .compiled(
                CompiledRun(
                    steps: run, segment: segment, arguments: feeds, guards: guards, outputs: outputs,
                    controls: controls.sorted()))
        case .failure(let failure):
            guard let op = failure.op,
                let position = run.firstIndex(where: { program.ops[program.steps[$0].op].id == op.id })
            else { return .none }
            return .split(at: position)
        }
    }

    /// Each step's liveness: the `Switch` outputs it depends on (interned sets), found walking the
    /// frames in run order. A `Merge` keeps only what all its inputs share; an `Exit` drops its own
    /// loop's switches; a `Switch`'s outputs each add their own slot.
    private func livenessClasses() -> [Int] {
        var interned: [[Int]: Int] = [[]: 0]
        var sets: [[Int]] = [[]]
        var slotClass: [Int: Int] = [:]
        var opClass: [Int: Int] = [:]
        var stepClass = [Int](repeating: 0, count: program.steps.count)
        func intern(_ elements: some Sequence<Int>) -> Int {
            let set = Array(Set(elements)).sorted()
            if let known = interned[set] { return known }
            interned[set] = sets.count
            sets.append(set)
            return sets.count - 1
        }
        func visit(_ frameIndex: Int) {
            let frame = program.frames[frameIndex]
            let own = frame.firstStep..<frame.endStep
            for entry in frame.entries { slotClass[entry.output] = entry.input < 0 ? 0 : slotClass[entry.input] ?? 0 }
            var producer: [Int: Int] = [:]
            for index in own {
                for slot in program.outputs(of: program.steps[index]) where slot >= 0 { producer[slot] = index }
            }
            for index in own {
                let step = program.steps[index]
                if step.code == .loop {
                    visit(step.payload)
                    continue
                }
                let read = (program.arguments(of: step) + program.guards(of: step)).map {
                    $0 >= 0 ? slotClass[$0] ?? 0 : 0
                }
                let waited = program.controls(of: step).map { opClass[$0] ?? 0 }
                var elements = (read + waited).flatMap { sets[$0] }
                switch step.code {
                case .merge, .loopMerge:
                    let known = program.arguments(of: step).compactMap { $0 >= 0 ? slotClass[$0] : 0 }
                    var shared = known.first.map { Set(sets[$0]) } ?? []
                    for other in known.dropFirst() { shared.formIntersection(sets[other]) }
                    elements = Array(shared) + waited.flatMap { sets[$0] }
                case .exit:
                    elements.removeAll { producer[$0] != nil }
                default:
                    break
                }
                let stepClassID = intern(elements)
                stepClass[index] = stepClassID
                if step.op >= 0 { opClass[step.op] = stepClassID }
                for slot in program.outputs(of: step) where slot >= 0 {
                    let isSwitch = step.code == .switchValue || step.code == .switchReference
                    slotClass[slot] = isSwitch ? intern(elements + [slot]) : stepClassID
                }
            }
        }
        visit(0)
        return stepClass
    }
}
