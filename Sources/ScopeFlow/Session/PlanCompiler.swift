/// Builds a ``Plan``: prunes the graph to what the fetches and targets need
/// given the feeds, orders it, resolves every value slot and builds the kernels.
extension SessionState {
    /// Compiles the plan of one run signature.
    ///
    /// - Parameters:
    ///   - fetches: the tensors whose values the run returns.
    ///   - feeds: the fed tensors, in plan-key order; a fed tensor cuts the graph.
    ///   - targets: ops that run for their effect.
    mutating func compilePlan(fetches: [Tensor], feeds: [Tensor], targets: [Operation]) throws -> Plan {
        var feedSlots: [Int: Int] = [:]
        for (slot, tensor) in feeds.enumerated() { feedSlots[tensor.planCode] = slot }
        let ops = Self.neededOps(fetches: fetches, fed: feedSlots, targets: targets)
        if ops.contains(where: \.needsFrameExecutor) {
            return try compileFramedPlan(
                ops: ops, fetches: fetches, feeds: feeds, feedSlots: feedSlots, targets: targets)
        }

        var produced: [Int: Int] = [:]
        var forwarded: Set<Int> = []
        var variableOps: [Int: Operation] = [:]
        var slotCount = feeds.count
        for op in ops {
            if op.type == "VariableV2" {
                let variable = variableSlot(for: op)
                variableOps[variable] = op
                produced[op.output(0).planCode] = ~variable
                continue
            }
            if op.forwardsItsInput, let source = feedSlots[op.inputs[0].planCode] ?? produced[op.inputs[0].planCode] {
                // An Identity costs nothing: its consumers read its input's slot.
                // Reading a variable through one sees the variable as it is when
                // the consumer runs, as TF's ref `read` shares the variable's buffer.
                produced[op.output(0).planCode] = source
                forwarded.insert(op.id)
                continue
            }
            for output in op.outputs {
                produced[output.planCode] = slotCount
                slotCount += 1
            }
        }
        func slot(of tensor: Tensor) -> Int { feedSlots[tensor.planCode] ?? produced[tensor.planCode]! }

        var program = PlanProgram()
        var constants: [Int: HostTensor] = [:]
        for op in ops {
            let inputs: [Int]
            let action: PlanAction
            let execution = OpRegistry[op.type]?.execution ?? .stateless
            switch execution {
            case .noOp, .variable:
                continue
            case _ where forwarded.contains(op.id):
                continue
            case .placeholder:
                throw Self.unfedPlaceholderError(op)
            case .assign:
                let variable = try Self.referencedVariable(op.inputs[0], of: op)
                inputs = [slot(of: op.inputs[1])]
                action = try updateAction(op, variable: variable)
                variableOps[variableSlot(for: variable)] = variable
            case .initializedCheck:
                let variable = try Self.referencedVariable(op.inputs[0], of: op)
                let slot = variableSlot(for: variable)
                variableOps[slot] = variable
                program.appendInitializedCheck(variable: slot, op: op, output: produced[op.output(0).planCode]!)
                continue
            case .training(let training):
                inputs = try Self.trainingInputs(of: op, references: training.references).map(slot(of:))
                action = .apply(try kernel(for: op), references: training.references)
            case _ where op.type == "Const":
                inputs = []
                let value = try Self.evaluate(op, kernel(for: op), [])[0]
                constants[produced[op.output(0).planCode]!] = value
                action = .constant(value)
            default:
                inputs = op.inputs.map(slot(of:))
                let given = inputs.compactMap { constants[$0] }
                if !execution.isRandom, !inputs.isEmpty, given.count == inputs.count {
                    // Constant folding: an op of constants runs once, here.
                    let values = try Self.evaluate(op, kernel(for: op), given)
                    if values.allSatisfy({ $0.count <= Self.largestFoldedConstant }) {
                        for (output, value) in zip(op.outputs, values) {
                            let slot = produced[output.planCode]!
                            constants[slot] = value
                            program.append(.constant(value), op: op, inputs: [], outputs: [slot])
                        }
                        continue
                    }
                }
                let context = KernelContext(opType: op.type, opName: op.name, attrs: op.attrs)
                if let single = try OpRegistry.singleOutputKernel(for: context) {
                    action = .single(single)
                } else {
                    action = .kernel(try kernel(for: op))
                }
            }
            let outputs = op.outputs.map { produced[$0.planCode]! }
            program.append(action, op: op, inputs: inputs, outputs: outputs)
        }
        let fetchSlots = fetches.map(slot(of:))
        program.markLastReads(keeping: fetchSlots)
        let targetSlots = Self.ranTargets(targets).flatMap { $0.outputs.compactMap { produced[$0.planCode] } }
        let signature = [
            "fetches: " + fetches.map(\.name).joined(separator: ", "),
            "feeds: " + feeds.map(\.name).joined(separator: ", "),
            "targets: " + targets.map(\.name).joined(separator: ", "),
        ].joined(separator: "; ")
        return Plan(
            program: program, signature: signature, feeds: feeds.enumerated().map { PlanFeed(slot: $0, tensor: $1) },
            fetchSlots: fetchSlots, targetSlots: targetSlots.filter { $0 >= 0 }, variableOps: variableOps,
            slotCount: slotCount, compiles: compilesPlans)
    }

    /// The ops a run executes because they were asked for: the targets, and for a
    /// target that is a `NoOp` (`group`), the ops it waits for.
    private static func ranTargets(_ targets: [Operation]) -> [Operation] {
        var pending = targets
        var ran: [Operation] = []
        var seen: Set<Int> = []
        while let op = pending.popLast() {
            guard seen.insert(op.id).inserted else { continue }
            if op.type == "NoOp" { pending += op.controlInputs } else { ran.append(op) }
        }
        return ran
    }

    /// The most elements a folded constant may have; bigger results are computed at run time
    /// rather than kept in the plan. 10 MiB of float32, grappler's default
    /// `max_constant_size_in_bytes`: a mean's gradient (`Tile` of a scalar, then `RealDiv`) over
    /// the image filter's `[16, 64, 64, 32]` output folds as it does in TF.
    static let largestFoldedConstant = 10 * 1024 * 1024 / 4

    /// Runs `kernel` on `inputs` while compiling, naming the op on failure.
    private static func evaluate(_ op: Operation, _ kernel: Kernel, _ inputs: [HostTensor]) throws -> [HostTensor] {
        do {
            return try kernel(inputs)
        } catch {
            throw Plan.naming(op, in: error)
        }
    }

    /// The ops the run executes, in an order where every op follows its inputs
    /// and control inputs: creation order, since an op can only use earlier ops.
    private static func neededOps(fetches: [Tensor], fed: [Int: Int], targets: [Operation]) -> [Operation] {
        var pending = targets + fetches.filter { fed[$0.planCode] == nil }.map(\.op)
        var seen: Set<Int> = []
        var needed: [Operation] = []
        while let op = pending.popLast() {
            guard seen.insert(op.id).inserted else { continue }
            needed.append(op)
            // An update's variable is needed too (it reads its reference, not its value): the
            // frame executor resolves every `VariableV2` input through the plan's variable ops.
            // A reference passed on by control flow (`RefSwitch` …) has to run, for its deadness.
            for input in op.inputs where fed[input.planCode] == nil { pending.append(input.op) }
            pending += op.controlInputs
        }
        return needed.sorted { $0.id < $1.id }
    }

    /// The kernel of a stateless or random op; a random op's kernel (and so its
    /// counter) is made once per session and shared by all its plans.
    mutating func kernel(for op: Operation) throws -> Kernel {
        var context = KernelContext(opType: op.type, opName: op.name, attrs: op.attrs)
        guard OpRegistry.isRandom(op.type) else { return try OpRegistry.kernel(for: context) }
        if let stateful = statefulKernels[op.id] { return stateful.kernel }
        let stream = PhiloxStream(context)
        context.philox = stream
        let kernel = try OpRegistry.kernel(for: context)
        statefulKernels[op.id] = (kernel, stream)
        return kernel
    }

    /// The action of an `Assign`, `AssignAdd` or `AssignSub` on `variable`.
    mutating func updateAction(_ op: Operation, variable: Operation) throws -> PlanAction {
        let slot = variableSlot(for: variable)
        guard op.type != "Assign" else {
            let validates = op.attrs["validate_shape"]?.boolValue ?? true
            return .assign(variable: slot, shape: validates ? variable.outputShapes[0].knownDims : nil)
        }
        let context = KernelContext(
            opType: op.type == "AssignAdd" ? "AddV2" : "Sub", opName: op.name,
            attrs: ["T": .type(variable.outputTypes[0])])
        return .update(variable: slot, kernel: try OpRegistry.kernel(for: context))
    }

    /// The `VariableV2` op `reference` points to: the variable itself, or a variable passed on by
    /// `RefSwitch`, `RefEnter`, `RefIdentity` … (a training op or assign inside a cond or loop).
    static func referencedVariable(_ reference: Tensor, of op: Operation) throws -> Operation {
        var current = reference
        while current.op.type != "VariableV2" {
            guard current.isReference, current.op.type != "VariableV2", let input = current.op.inputs.first else {
                throw ScopeFlowError(
                    .unimplemented,
                    "Op '\(op.name)' (\(op.type)) writes to \(reference.name), which is not a variable; "
                        + "assign only to variables (VariableV2 ops).",
                    names: [op.name, reference.name])
            }
            current = input
        }
        return current.op
    }

    /// The inputs of a training op, whose variable inputs must be `VariableV2` references.
    private static func trainingInputs(of op: Operation, references: Int) throws -> [Tensor] {
        for ref in op.inputs.prefix(references) where ref.op.type != "VariableV2" {
            throw ScopeFlowError(
                .unimplemented,
                "Op '\(op.name)' (\(op.type)) updates \(ref.name), which is not a variable; "
                    + "apply training ops to variables (VariableV2 ops).",
                names: [op.name, ref.name])
        }
        return op.inputs
    }

    /// TF's error for a placeholder that a run needs but nobody fed.
    static func unfedPlaceholderError(_ op: Operation) -> ScopeFlowError {
        let dtype = op.outputTypes[0].kernelName
        let shape = op.outputShapes[0]
        let described = shape.dims == nil ? "" : " and shape \(shape.bracketed)"
        return ScopeFlowError(
            .invalidArgument,
            "You must feed a value for placeholder tensor '\(op.name)' with dtype \(dtype)\(described). "
                + "Pass a value for \(op.name):0 in feeds.",
            names: [op.name])
    }
}

extension Operation {
    /// An op whose output is its input, unchanged (`Identity`, `StopGradient`, `Snapshot`).
    var forwardsItsInput: Bool { type == "Identity" || type == "StopGradient" || type == "Snapshot" }
}

extension DType {
    /// TF's C++ `DataTypeString` spelling (`float`, `double`, `half` …), used in runtime errors.
    var kernelName: String {
        switch self {
        case .float16: return "half"
        case .float32: return "float"
        case .float64: return "double"
        case .int32, .int64, .bool, .string, .resource: return rawValue
        }
    }
}
