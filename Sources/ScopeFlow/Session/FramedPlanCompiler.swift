/// Builds the ``FramedProgram`` of a run signature whose ops include control flow.
extension SessionState {
    /// Compiles the plan of a run that needs control-flow ops (`ops`, already pruned).
    mutating func compileFramedPlan(
        ops: [Operation], fetches: [Tensor], feeds: [Tensor], feedSlots: [Int: Int], targets: [Operation]
    ) throws -> Plan {
        let fed = Set(feedSlots.keys)
        let layout = try FrameLayout(ops: ops, fed: fed)
        for fetch in fetches where layout.seenIn(fetch, fed: fed) != 0 {
            throw ScopeFlowError(
                .invalidArgument,
                "Tensor \(fetch.name) is inside a while loop and cannot be fetched: it has one value per "
                    + "iteration. Return it from the loop body as a loop variable (or write it to a TensorArray) "
                    + "and fetch the loop's result.",
                names: [fetch.name])
        }
        var builder = FramedProgramBuilder(feedSlots: feedSlots, slotCount: feeds.count, layout: layout)
        for op in ops where op.type == "VariableV2" {
            let variable = variableSlot(for: op)
            builder.variableOps[variable] = op
            builder.produced[op.output(0).planCode] = ~variable
        }
        builder.assignSlots(ops, fetches: fetches)
        for (index, frame) in layout.frames.enumerated() {
            builder.program.beginFrame(named: frame.name)
            for unit in frame.units {
                switch unit {
                case .frame(let child):
                    builder.appendLoop(child)
                case .op(let op):
                    let made =
                        builder.runs(op) && !op.isControlFlowPrimitive ? try stepKind(of: op, builder: &builder) : nil
                    try builder.append(op, in: index, made: made)
                    if index > 0, made != nil, let stream = statefulKernels[op.id]?.stream {
                        builder.program.appendRandomStream(stream)
                    }
                }
            }
        }
        builder.program.findCountingSteps()
        let fetchSlots = fetches.map(builder.slot(of:))
        let signature = [
            "fetches: " + fetches.map(\.name).joined(separator: ", "),
            "feeds: " + feeds.map(\.name).joined(separator: ", "),
            "targets: " + targets.map(\.name).joined(separator: ", "),
        ].joined(separator: "; ")
        var program = builder.program
        program.slotCount = builder.slotCount
        return Plan(
            framed: program, signature: signature,
            feeds: feeds.enumerated().map { PlanFeed(slot: $0, tensor: $1) }, fetches: Array(zip(fetchSlots, fetches)),
            variableOps: builder.variableOps, compiles: compilesPlans)
    }

    /// What the step of an op that is not a control-flow primitive does.
    private mutating func stepKind(of op: Operation, builder: inout FramedProgramBuilder) throws
        -> (FramedProgram.Kind, arguments: [Int], guards: [Int])
    {
        let execution = OpRegistry[op.type]?.execution ?? .stateless
        switch execution {
        case .placeholder:
            throw Self.unfedPlaceholderError(op)
        case .noOp:
            return (.noOp, [], [])
        case .resource:
            return (.resource, op.inputs.map(builder.slot(of:)), [])
        case .initializedCheck:
            let variable = try Self.referencedVariable(op.inputs[0], of: op)
            let slot = variableSlot(for: variable)
            builder.variableOps[slot] = variable
            let reference = builder.knownSlot(of: op.inputs[0]) ?? -1
            return (.initialized(variable: slot), [], reference < 0 ? [] : [reference])
        case .assign:
            let variable = try Self.referencedVariable(op.inputs[0], of: op)
            let reference = builder.knownSlot(of: op.inputs[0]) ?? -1
            let action = try updateAction(op, variable: variable)
            builder.variableOps[variableSlot(for: variable)] = variable
            return (.action(action), [builder.slot(of: op.inputs[1])], reference < 0 ? [] : [reference])
        case .training(let training):
            var arguments = op.inputs.enumerated().map { index, input in
                index < training.references ? builder.knownSlot(of: input) ?? -1 : builder.slot(of: input)
            }
            var guards: [Int] = []
            for index in 0..<training.references {
                let variable = try Self.referencedVariable(op.inputs[index], of: op)
                if arguments[index] >= 0 { guards.append(arguments[index]) }
                arguments[index] = ~variableSlot(for: variable)
                builder.variableOps[~arguments[index]] = variable
            }
            return (.action(.apply(try kernel(for: op), references: training.references)), arguments, guards)
        default:
            let arguments = op.inputs.map(builder.slot(of:))
            if op.type == "Const" { return (.constant(try Self.evaluateConstant(op, kernel(for: op))), [], []) }
            let context = KernelContext(opType: op.type, opName: op.name, attrs: op.attrs)
            if let single = try OpRegistry.singleOutputKernel(for: context) {
                return (.action(.single(single)), arguments, [])
            }
            return (.action(.kernel(try kernel(for: op))), arguments, [])
        }
    }

    /// A `Const`'s value, computed while compiling.
    private static func evaluateConstant(_ op: Operation, _ kernel: Kernel) throws -> HostTensor {
        do {
            return try kernel([])[0]
        } catch {
            throw Plan.naming(op, in: error)
        }
    }
}

/// The state of building one ``FramedProgram``: slots and op indices.
struct FramedProgramBuilder {
    var program: FramedProgram
    var produced: [Int: Int] = [:]
    var variableOps: [Int: Operation] = [:]
    private(set) var slotCount: Int
    private let feedSlots: [Int: Int]
    private let layout: FrameLayout
    private var opIndex: [Int: Int] = [:]
    /// The plan codes of the tensors some op of the plan reads or the run fetches.
    private var consumed: Set<Int> = []

    init(feedSlots: [Int: Int], slotCount: Int, layout: FrameLayout) {
        self.feedSlots = feedSlots
        self.slotCount = slotCount
        self.layout = layout
        program = FramedProgram(slotCount: slotCount)
    }

    func slot(of tensor: Tensor) -> Int { knownSlot(of: tensor)! }

    /// The slot of `tensor`, or nil for a variable reference that only an update reads (the
    /// plan does not include its `VariableV2`).
    func knownSlot(of tensor: Tensor) -> Int? { feedSlots[tensor.planCode] ?? produced[tensor.planCode] }

    /// Gives every output a slot, and every op that runs an index. A read of a variable's
    /// reference that waits for nothing (`read`, a loop's `RefEnter` of it) reads the variable
    /// where it is used, as outside control flow.
    mutating func assignSlots(_ ops: [Operation], fetches: [Tensor]) {
        consumed = Set(ops.flatMap { $0.inputs.map(\.planCode) } + fetches.map(\.planCode))
        for op in ops where op.type != "VariableV2" {
            if op.controlInputs.isEmpty, op.passesReferenceOn,
                let source = produced[op.inputs[0].planCode] ?? variable(of: op.inputs[0]), source < 0
            {
                produced[op.output(0).planCode] = source
                continue
            }
            opIndex[op.id] = program.ops.count
            program.ops.append(op)
            for output in op.outputs {
                produced[output.planCode] = slotCount
                slotCount += 1
            }
        }
    }

    /// The variable slot a chain of reference-forwarding ops starts from, if it does.
    private func variable(of tensor: Tensor) -> Int? {
        if let slot = produced[tensor.planCode], slot < 0 { return slot }
        let op = tensor.op
        guard op.controlInputs.isEmpty, op.passesReferenceOn, let input = op.inputs.first else { return nil }
        return variable(of: input)
    }

    mutating func appendLoop(_ child: Int) {
        program.append(.loop(child), arguments: [], guards: [], outputs: [], controls: [], op: -1)
    }

    /// Whether `op` has a step (or is a loop's `Enter`): not a variable, not a forwarded reference.
    func runs(_ op: Operation) -> Bool { opIndex[op.id] != nil }

    /// Appends the step of `op` to `frame`; `made` is what an op that is not a control-flow
    /// primitive does.
    mutating func append(
        _ op: Operation, in frame: Int, made: (FramedProgram.Kind, arguments: [Int], guards: [Int])?
    ) throws {
        guard let index = opIndex[op.id] else { return }
        var outputs = op.outputs.map(slot(of:))
        let controls = op.controlInputs.compactMap { opIndex[$0.id] }
        // An update's variable reference may have no slot; its step's arguments come from `made`.
        var arguments = op.inputs.map { knownSlot(of: $0) ?? -1 }
        var guards: [Int] = []
        let stepKind: FramedProgram.Kind
        switch op.type {
        case "Enter", "RefEnter":
            program.appendEntry(
                FramedProgram.Entry(input: arguments[0], output: outputs[0]),
                parallelIterations: op.attrs["parallel_iterations"]?.intValue ?? 10)
            return
        case "Exit", "RefExit":
            stepKind = .exit
            program.appendExitSlot(outputs[0])
        case "NextIteration", "RefNextIteration":
            stepKind = .forward
            program.appendNextSlot(outputs[0])
        case "LoopCond", "Identity", "StopGradient", "Snapshot":
            stepKind = .forward
        case "Switch", "RefSwitch":
            let variable = op.type == "RefSwitch" ? program.variable(passedOnBy: arguments[0]) : nil
            stepKind = variable.map { .switchReference(variable: $0) } ?? .switchValue
        case "Merge", "RefMerge":
            // A merge's value_index that no op of the plan reads is not written (-1).
            if !consumed.contains(op.output(1).planCode) { outputs[1] = -1 }
            if let back = op.inputs.firstIndex(where: \.op.isNextIteration) {
                guard op.inputs.count == 2 else { throw Self.loopMergeError(op) }
                arguments = [arguments[1 - back], arguments[back]]
                stepKind = .loopMerge
            } else {
                stepKind = .merge
            }
        case "ControlTrigger":
            stepKind = .trigger
        default:
            guard let (made, madeArguments, madeGuards) = made else { return }
            if case .constant(let value) = made, frame == 0, controls.isEmpty {
                program.constants.append((outputs[0], value))
                return
            }
            (stepKind, arguments, guards) = (made, madeArguments, madeGuards)
        }
        program.append(
            stepKind, arguments: arguments, guards: guards, outputs: outputs, controls: controls, op: index,
            scalarOp: arguments.count == 2 ? FramedScalarOp(opType: op.type) : nil)
    }

    private static func loopMergeError(_ op: Operation) -> ScopeFlowError {
        ScopeFlowError(
            .invalidArgument,
            "The graph's control flow is malformed: loop Merge '\(op.name)' has \(op.inputs.count) inputs; a while "
                + "loop's Merge reads exactly its Enter and its NextIteration.",
            names: [op.name])
    }
}

extension Operation {
    /// Whether the op is one of TF1's control-flow primitives (`Switch`, `Merge`, `Enter` …).
    var isControlFlowPrimitive: Bool {
        if case .controlFlow? = OpRegistry[type]?.execution { return true }
        return false
    }

    /// Whether a plan with the op runs on the frame executor: a control-flow primitive, or a stack
    /// or `TensorArray` op, whose resources only that executor keeps.
    var needsFrameExecutor: Bool {
        switch OpRegistry[type]?.execution {
        case .controlFlow?, .resource?: true
        default: false
        }
    }

    /// An op whose output is its input's reference or value, unchanged.
    var passesReferenceOn: Bool { forwardsItsInput || type == "RefIdentity" || type == "RefEnter" }
}
