/// The steps of a plan with control flow (`cond`, `whileLoop`, or a TF graph holding them), run by
/// ``FramedRun``: TF's executor semantics in a fixed order.
///
/// Values live in slots as in a ``PlanProgram``; besides its value, each slot may be *dead*: the
/// untaken output of a `Switch`, and everything computed from one. An op with a dead input or a
/// dead control input does not run and its outputs are dead; a `Merge` forwards its first live
/// input, and is dead only when all are. A while loop is a child frame: its `Enter`s take their
/// values from the parent frame once, then its steps run once per iteration, its `Merge`s reading
/// the `Enter`s in iteration 0 and the `NextIteration`s after, until no `NextIteration` is live;
/// its `Exit`s keep the last live value they saw.
///
/// Steps are plain integers (``Step``) over flat arrays, as in ``PlanProgram``, so a loop's
/// iterations walk them without retaining anything but the values they move; scalars move and
/// compute unboxed (``FramedScalar``), without reference counting.
struct FramedProgram {
    /// What one step does, as the builder describes it.
    enum Kind {
        /// Runs a plan action (kernel, single-output kernel, assign, update, training apply).
        case action(PlanAction)
        /// Writes a constant (a `Const` that is tied to a branch or loop by a control input).
        case constant(HostTensor)
        /// `Switch`: argument 0 to output 1 when argument 1 is true, else to output 0.
        case switchValue
        /// `RefSwitch` of variable `variable`'s reference: makes output 1 or 0 live without
        /// reading the variable; a step that reads that output reads the variable then.
        case switchReference(variable: Int)
        /// `IsVariableInitialized`: whether variable `variable` holds a value, never reading it.
        case initialized(variable: Int)
        /// `Merge`: the first live argument and its index.
        case merge
        /// A loop's `Merge`: argument 0 (the `Enter`) in iteration 0, argument 1 (the
        /// `NextIteration`) after.
        case loopMerge
        /// Passes argument 0 on (`LoopCond`, `NextIteration`).
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
        /// Runs compiled segment `index` (``FramedSegment``) in place of the steps that follow it.
        case compiled(Int)
    }

    /// One step: its kind, an index into the kind's table, and ranges of ``slots``.
    struct Step: BitwiseCopyable {
        enum Code: UInt8 {
            case kernel, single, constant, assign, update, apply
            case switchValue, switchReference, initialized, merge, loopMerge, forward, exit, noOp, trigger, loop
            case resource, compiled
        }

        let code: Code
        /// The kernel (`kernel`, `update`, `apply`), single-output kernel, constant, shape
        /// (`assign`, -1 when unchecked), child frame (`loop`) or segment (`compiled`) index.
        let payload: Int
        /// The variable slot of `assign` / `update` / `switchReference` / `initialized`; the
        /// reference count of `apply`.
        let variable: Int
        /// `slots[argumentStart..<guardStart]` are the arguments, `[guardStart..<outputStart]`
        /// slots that only make the step dead, `[outputStart..<controlStart]` the outputs and
        /// `[controlStart..<end]` the ops (indices into ``ops``) it waits for.
        let argumentStart: Int
        let guardStart: Int
        let outputStart: Int
        let controlStart: Int
        let end: Int
        /// The step's op (index into ``ops``); -1 for a loop.
        let op: Int
        /// What a `kernel` / `single` step computes itself when its arguments are unboxed scalars.
        let scalarOp: FramedScalarOp?
    }

    /// An `Enter`: at the start of its loop, `output` takes `input`'s value (or deadness).
    struct Entry: BitwiseCopyable {
        let input: Int
        let output: Int
    }

    struct Frame {
        let name: String
        /// The frame's steps: ``steps``[`firstStep..<endStep`].
        let firstStep: Int
        var endStep: Int
        var entries: [Entry] = []
        /// The `NextIteration` output slots: the loop goes on while one is live.
        var nextSlots: [Int] = []
        /// The `Exit` output slots, dead until a live value reaches them.
        var exitSlots: [Int] = []
        /// The `Enter`s' `parallel_iterations`: how many iterations TF's executor runs at once.
        var parallelIterations = 10
        /// The generators of the frame's own random ops, which draw for TF's iteration order.
        var randomStreams: [PhiloxStream] = []
        /// The steps that decide whether the loop goes on (``countingSteps(of:)``), when the frame
        /// has random ops and they have no side effects.
        var countingSteps: [Int]?
    }

    /// The root frame first.
    private(set) var frames: [Frame] = []
    /// Every frame's steps, one frame after the other.
    private(set) var steps: [Step] = []
    /// Every op that has a step or an `Enter`, for deadness of control edges and error messages.
    var ops: [Operation] = []
    /// Values set when the plan is built (`Const`s outside control flow).
    var constants: [(slot: Int, value: HostTensor)] = []
    var slotCount: Int
    private(set) var slots: [Int] = []
    private(set) var kernels: [Kernel] = []
    private(set) var singleKernels: [SingleOutputKernel] = []
    private(set) var values: [HostTensor] = []
    private(set) var shapes: [[Int]] = []
    /// The variable slots some step writes.
    private(set) var writtenVariables = Set<Int>()
    /// The variable whose reference each `switchReference` output slot holds (its value is nil).
    private(set) var referenceVariables: [Int: Int] = [:]
    /// The compiled segments that `compiled` steps run.
    private(set) var segments: [FramedSegment] = []

    init(slotCount: Int) { self.slotCount = slotCount }

    /// Starts the next frame: the steps appended until the next call are its own.
    mutating func beginFrame(named name: String) {
        frames.append(Frame(name: name, firstStep: steps.count, endStep: steps.count))
    }

    /// Records an `Enter` of the current frame and its loop's `parallel_iterations`.
    mutating func appendEntry(_ entry: Entry, parallelIterations: Int) {
        frames[frames.count - 1].entries.append(entry)
        frames[frames.count - 1].parallelIterations = parallelIterations
    }

    /// The variable whose reference `slot` holds: a variable slot (negative) or a
    /// `switchReference` output; nil for a slot that holds a value.
    func variable(passedOnBy slot: Int) -> Int? { slot < 0 ? ~slot : referenceVariables[slot] }

    /// Records the generator of a random op of the current frame.
    mutating func appendRandomStream(_ stream: PhiloxStream) {
        frames[frames.count - 1].randomStreams.append(stream)
    }

    /// Finds the counting steps of every loop frame with random ops.
    mutating func findCountingSteps() {
        for index in frames.indices.dropFirst() where !frames[index].randomStreams.isEmpty {
            frames[index].countingSteps = countingSteps(of: frames[index])
        }
    }

    /// Records the output slot of a `NextIteration` of the current frame.
    mutating func appendNextSlot(_ slot: Int) { frames[frames.count - 1].nextSlots.append(slot) }

    /// Records the output slot of an `Exit` of the current frame.
    mutating func appendExitSlot(_ slot: Int) { frames[frames.count - 1].exitSlots.append(slot) }

    /// Appends a step to the current frame; `scalarOp` is what an action computes on unboxed
    /// scalar arguments without its kernel.
    mutating func append(
        _ kind: Kind, arguments: [Int], guards: [Int], outputs: [Int], controls: [Int], op: Int,
        scalarOp: FramedScalarOp? = nil
    ) {
        var payload = -1
        var variable = -1
        let code: Step.Code
        switch kind {
        case .action(let action):
            switch action {
            case .kernel(let kernel):
                (code, payload) = (.kernel, kernels.count)
                kernels.append(kernel)
            case .single(let kernel):
                (code, payload) = (.single, singleKernels.count)
                singleKernels.append(kernel)
            case .constant(let value):
                (code, payload) = (.constant, values.count)
                values.append(value)
            case .assign(let slot, let shape):
                (code, variable) = (.assign, slot)
                if let shape {
                    payload = shapes.count
                    shapes.append(shape)
                }
                writtenVariables.insert(slot)
            case .update(let slot, let kernel):
                (code, payload, variable) = (.update, kernels.count, slot)
                kernels.append(kernel)
                writtenVariables.insert(slot)
            case .apply(let kernel, let references):
                (code, payload, variable) = (.apply, kernels.count, references)
                kernels.append(kernel)
                for slot in arguments.prefix(references) where slot < 0 { writtenVariables.insert(~slot) }
            }
        case .constant(let value):
            (code, payload) = (.constant, values.count)
            values.append(value)
        case .switchValue: code = .switchValue
        case .switchReference(let slot):
            (code, variable) = (.switchReference, slot)
            for output in outputs { referenceVariables[output] = slot }
        case .initialized(let slot): (code, variable) = (.initialized, slot)
        case .merge: code = .merge
        case .loopMerge: code = .loopMerge
        case .forward: code = .forward
        case .exit: code = .exit
        case .noOp: code = .noOp
        case .trigger: code = .trigger
        case .loop(let child): (code, payload) = (.loop, child)
        case .resource: code = .resource
        case .compiled(let segment): (code, payload) = (.compiled, segment)
        }
        let argumentStart = slots.count
        slots += arguments
        let guardStart = slots.count
        slots += guards
        let outputStart = slots.count
        slots += outputs
        let controlStart = slots.count
        slots += controls
        frames[frames.count - 1].endStep += 1
        steps.append(
            Step(
                code: code, payload: payload, variable: variable, argumentStart: argumentStart, guardStart: guardStart,
                outputStart: outputStart, controlStart: controlStart, end: slots.count, op: op,
                scalarOp: code == .kernel || code == .single ? scalarOp : nil))
    }

    /// Appends compiled segment `segment` as a step of the current frame, ahead of the steps it
    /// stands for (which the program keeps, for a run whose values the segment was not compiled for).
    mutating func appendSegment(
        _ segment: FramedSegment, arguments: [Int], guards: [Int], outputs: [Int], controls: [Int]
    ) {
        append(
            .compiled(segments.count), arguments: arguments, guards: guards, outputs: outputs, controls: controls,
            op: -1)
        segments.append(segment)
    }

    /// What `step` does, with its tables' entries: the kind that appends it again.
    func kind(of step: Step) -> Kind {
        switch step.code {
        case .kernel: .action(.kernel(kernels[step.payload]))
        case .single: .action(.single(singleKernels[step.payload]))
        case .constant: .constant(values[step.payload])
        case .assign: .action(.assign(variable: step.variable, shape: step.payload >= 0 ? shapes[step.payload] : nil))
        case .update: .action(.update(variable: step.variable, kernel: kernels[step.payload]))
        case .apply: .action(.apply(kernels[step.payload], references: step.variable))
        case .switchValue: .switchValue
        case .switchReference: .switchReference(variable: step.variable)
        case .initialized: .initialized(variable: step.variable)
        case .merge: .merge
        case .loopMerge: .loopMerge
        case .forward: .forward
        case .exit: .exit
        case .noOp: .noOp
        case .trigger: .trigger
        case .loop: .loop(step.payload)
        case .resource: .resource
        case .compiled: .compiled(step.payload)
        }
    }

    /// The slots `step` reads (arguments and guards), writes, and the ops it waits for.
    func arguments(of step: Step) -> ArraySlice<Int> { slots[step.argumentStart..<step.guardStart] }
    func guards(of step: Step) -> ArraySlice<Int> { slots[step.guardStart..<step.outputStart] }
    func outputs(of step: Step) -> ArraySlice<Int> { slots[step.outputStart..<step.controlStart] }
    func controls(of step: Step) -> ArraySlice<Int> { slots[step.controlStart..<step.end] }
}
