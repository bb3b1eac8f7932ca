/// Why a plan stays on the interpreter, in words.
struct CompileFailure: Error {
    let reason: String
    /// The op that has no compiled form, when the failure is one op's.
    let op: Operation?

    init(_ reason: String, op: Operation? = nil) {
        self.reason = reason
        self.op = op
    }

    /// A failure at `op`, completed by ``because(_:)``.
    init(op: Operation) { self.init("op '\(op.name)' (\(op.type))", op: op) }

    func because(_ why: String) -> CompileFailure { CompileFailure("\(reason): \(why)", op: op) }
}

/// The dtype and shape one value slot held in a run.
struct SlotType {
    let dtype: DType
    let shape: [Int]
}

/// Compiles a ``PlanProgram`` into a ``CompiledPlan`` from the slot types of
/// one interpreted run, or says why the plan stays interpreted: a value that
/// is not float32 and not a constant, an op type without a compiled form, a
/// random op.
struct CompiledPlanBuilder {
    let program: PlanProgram
    let feedCount: Int
    let fetchSlots: [Int]
    /// The outputs of the ops run as targets: computed even when nothing reads them.
    let targetSlots: [Int]
    /// The type of each value slot in the recorded run (nil: never produced).
    let slotTypes: [SlotType?]
    /// The session's variables after the recorded run.
    let variables: [HostTensor?]

    private var planner = ArenaPlanner()
    private var values: [Int: ArenaValue] = [:]
    private var constants: [Int: HostTensor] = [:]
    private var variableValues: [Int: ArenaValue] = [:]
    private var variableBuffers: Set<Int> = []
    private var written: Set<Int> = []
    private var initial: [(buffer: Int, elements: [Float])] = []
    /// The steps to make once the arena is placed; nil for a step another step took over.
    private var makers: [StepMaker?] = []
    /// How often each value slot is read by a live step or fetched.
    private var reads: [Int: Int] = [:]
    /// The outputs of direct `Conv2D` steps (or of the bias `Add` and `Relu` fused into them so
    /// far) that a following `Add` of a bias or `Relu` may still fuse into, and of direct
    /// `Conv2DBackpropInput` steps that a `ReluGrad` may fuse into.
    private var fusableConvolutions: [Int: FusedConvolution] = [:]
    /// The outputs of elementwise steps (or chains of them) that a following elementwise op
    /// may still join (see ``ElementChains``).
    private var openChains: [Int: ElementChains.Chain] = [:]
    /// The slots written by single-output data-movement steps: the step and its blocks.
    private var movedSlots: [Int: (maker: Int, blocks: [CompiledCopies.Block], sources: [ArenaValue])] = [:]
    /// How many steps so far write a variable.
    private var variableWriteSteps = 0
    /// Row-major copies of transposed `MatMul` operands, by the buffer they copy: the copy's
    /// buffer and ``variableWriteSteps`` when it was made.
    private var transposedCopies: [Int: (buffer: Int, variableWriteSteps: Int)] = [:]

    init(
        program: PlanProgram, feedCount: Int, fetchSlots: [Int], targetSlots: [Int], slotTypes: [SlotType?],
        variables: [HostTensor?]
    ) {
        self.program = program
        self.feedCount = feedCount
        self.fetchSlots = fetchSlots
        self.targetSlots = targetSlots
        self.slotTypes = slotTypes
        self.variables = variables
    }

    /// The compiled plan, or why the plan cannot be compiled (naming the first op or value that keeps it interpreted).
    consuming func build() -> Result<CompiledPlan, CompileFailure> {
        let live = liveSteps()
        for (step, isLive) in zip(program.steps, live) where isLive {
            for position in step.inputStart..<step.outputStart { reads[program.slots[position], default: 0] += 1 }
        }
        for slot in fetchSlots { reads[slot, default: 0] += 1 }
        var feeds: [ArenaValue] = []
        for slot in 0..<feedCount {
            guard let type = slotTypes[slot], type.dtype == .float32 else {
                return .failure(CompileFailure("feed \(slot + 1) is \(slotTypes[slot]?.dtype.rawValue ?? "unknown"), not float32"))
            }
            let value = ArenaValue(buffer: planner.buffer(count: type.shape.reduce(1, *), pinned: true), shape: type.shape)
            values[slot] = value
            feeds.append(value)
        }
        for (slot, constant) in program.constants {
            guard case .float32(let elements) = constant.storage else {
                constants[slot] = constant
                continue
            }
            let value = ArenaValue(buffer: planner.buffer(count: elements.count, pinned: true), shape: constant.shape)
            initial.append((value.buffer, elements))
            values[slot] = value
        }
        for (index, step) in program.steps.enumerated() where live[index] {
            if let failure = compile(step, op: program.ops[index]) { return .failure(failure) }
        }
        var fetched: [ArenaValue] = []
        for slot in fetchSlots {
            guard let value = slot < 0 ? variable(~slot) : values[slot] else {
                return .failure(CompileFailure("a fetched value is not float32"))
            }
            planner.pin(value.buffer)
            fetched.append(value)
        }
        return .success(place(feeds: feeds, fetches: fetched))
    }

    /// Places the arena and makes every step.
    private func place(feeds: [ArenaValue], fetches: [ArenaValue]) -> CompiledPlan {
        let (offsets, count) = planner.layout()
        let arena = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
        let base = arena.initializeMemory(as: Float.self, repeating: 0, count: count)
        let pointers = ArenaPointers(base: base, offsets: offsets)
        for (buffer, elements) in initial where !elements.isEmpty {
            elements.withUnsafeBufferPointer { pointers[buffer].update(from: $0.baseAddress!, count: $0.count) }
        }
        let scratch = CompiledScratch()
        let steps = makers.compactMap { $0.map { CompiledPlan.StepBox($0.make(pointers, scratch)) } }
        func region(_ value: ArenaValue) -> CompiledPlan.Region {
            CompiledPlan.Region(pointer: pointers[value.buffer], shape: value.shape)
        }
        return CompiledPlan(
            arena: arena, scratch: scratch.allocations, steps: steps, feeds: feeds.map(region),
            variables: variableValues.sorted { $0.key < $1.key }.map {
                CompiledPlan.VariableRegion(variable: $0.key, region: region($0.value), isWritten: written.contains($0.key))
            },
            fetches: fetches.map(region))
    }

    /// Which steps do work anybody sees or asked for: those that write a variable,
    /// the targets, and those whose outputs a fetch or a live step reads. The others
    /// (gradients nobody uses, kept only by the control dependencies that gate
    /// gradients) compute values no one reads; with every shape checked beforehand
    /// they cannot fail either, so the compiled plan leaves them out.
    private func liveSteps() -> [Bool] {
        var needed = Set(fetchSlots + targetSlots)
        var live = [Bool](repeating: false, count: program.steps.count)
        for (index, step) in program.steps.enumerated().reversed() {
            guard step.kind.writesVariable || program.slots[step.outputStart..<step.end].contains(where: { needed.contains($0) })
            else { continue }
            live[index] = true
            for position in step.inputStart..<step.outputStart { needed.insert(program.slots[position]) }
        }
        return live
    }

    /// The pinned arena value of variable `slot`, nil when it is not float32.
    private mutating func variable(_ slot: Int) -> ArenaValue? {
        if let known = variableValues[slot] { return known }
        guard slot < variables.count, let value = variables[slot], case .float32 = value.storage else { return nil }
        let arenaValue = ArenaValue(buffer: planner.buffer(count: value.count, pinned: true), shape: value.shape)
        variableValues[slot] = arenaValue
        variableBuffers.insert(arenaValue.buffer)
        return arenaValue
    }

    private mutating func input(_ slot: Int) -> CompiledInput? {
        if slot < 0 { return variable(~slot).map(CompiledInput.value) }
        if let value = values[slot] { return .value(value) }
        return constants[slot].map(CompiledInput.constant)
    }

    /// Adds the step of `op`; why not, when it has no compiled form.
    private mutating func compile(_ step: PlanStep, op: Operation) -> CompileFailure? {
        let failure = CompileFailure(op: op)
        if folds(step, op: op) { return nil }
        var inputs: [CompiledInput] = []
        for (index, position) in (step.inputStart..<step.outputStart).enumerated() {
            guard let input = input(program.slots[position]) else {
                // An assign's only plan input is the op's second (the value).
                let tensor = op.inputs[step.kind == .assign || step.kind == .update ? 1 : index]
                return failure.because("it reads \(tensor.name), a computed \(tensor.dtype.rawValue) value")
            }
            inputs.append(input)
        }
        let outputSlots = Array(program.slots[step.outputStart..<step.end])
        var outputs: [ArenaValue] = []
        for slot in outputSlots {
            guard let type = slotTypes[slot], type.dtype == .float32 else {
                return failure.because("it computes \(slotTypes[slot]?.dtype.rawValue ?? "unrecorded") values")
            }
            outputs.append(ArenaValue(buffer: planner.buffer(count: type.shape.reduce(1, *), pinned: false), shape: type.shape))
        }
        let context = KernelContext(opType: op.type, opName: op.name, attrs: op.attrs)
        let reads = inputs.compactMap(\.value?.buffer)
        switch step.kind {
        case .kernel, .single:
            if op.type == "AddN", let sum = sumOfMovedValues(inputs, outputs, inputSlots: inputSlots(step)) {
                append(sum.maker, writes: outputs.map(\.buffer), reads: sum.reads)
                break
            }
            if fusesIntoConvolution(op, inputs, outputs, inputSlots: inputSlots(step), outputSlots: outputSlots) { return nil }
            let request = CompiledOpRequest(context: context, inputs: inputs, outputs: outputs)
            if joinsElementChain(request, inputSlots: inputSlots(step), outputSlots: outputSlots) { return nil }
            guard !OpRegistry.isRandom(op.type) else {
                return failure.because("it is random: its stream lives in the interpreter's stateful kernel")
            }
            guard let builder = OpRegistry[op.type]?.compiled?.builder else {
                return failure.because("it has no compiled form")
            }
            let product = op.type == "MatMul" ? readingTransposedCopy(request) : nil
            let reads = product.map { $0.inputs.compactMap(\.value?.buffer) } ?? reads
            guard let compiled = builder(product ?? request) else {
                return failure.because("its compiled form does not cover these inputs")
            }
            if let direct = CompiledConvolution.directStep(request) {
                fusableConvolutions[outputSlots[0]] = FusedConvolution(
                    maker: makers.count, direct: direct, variableWrites: written.count)
            }
            switch compiled {
            case .alias(let index):
                guard let source = inputs[index].value, outputs.count == 1, outputs[0].count == source.count else {
                    return failure.because("its output is not its input reshaped")
                }
                if variableBuffers.contains(source.buffer) {
                    // A variable changes during the run; the reshaped value must not.
                    append(copy(from: source, to: outputs[0]), writes: [outputs[0].buffer], reads: reads)
                } else {
                    values[outputSlots[0]] = ArenaValue(buffer: source.buffer, shape: outputs[0].shape)
                    return nil
                }
            case .step(let maker):
                append(maker, writes: outputs.map(\.buffer), reads: reads)
                startsElementChain(request, outputSlots: outputSlots)
            case .copies(let plan):
                // A variable source could change before a sum that reads the blocks later.
                if plan.outputs.count == 1, !plan.sources.contains(where: { variableBuffers.contains($0.buffer) }) {
                    movedSlots[outputSlots[0]] = (makers.count, plan.outputs[0].blocks, plan.sources)
                }
                append(CompiledCopies.step(plan), writes: outputs.map(\.buffer), reads: reads)
            }
        case .assign, .update:
            guard let target = variable(step.variable), let value = inputs.first?.value, value.shape == target.shape
            else { return failure.because("it writes a value that is not a float32 of the variable's shape") }
            written.insert(step.variable)
            variableWriteSteps += 1
            if step.kind == .assign {
                append(copy(from: value, to: target), writes: [target.buffer], reads: reads)
            } else {
                let kernel = OpRegistry[op.type == "AssignAdd" ? "AddV2" : "Sub"]!.compiled!.builder
                let request = CompiledOpRequest(context: context, inputs: [.value(target), .value(value)], outputs: [target])
                guard case .step(let maker) = kernel(request) else { return failure.because("it has no compiled form") }
                append(maker, writes: [target.buffer], reads: reads + [target.buffer])
            }
            snapshot(target, into: outputSlots, outputs)
        case .apply:
            guard let training = OpRegistry[op.type]?.execution.trainingOp,
                let apply = self.apply(training, context, inputs, references: step.variable)
            else { return failure.because("its inputs are not float32 variables, a gradient of their shape and scalars") }
            let references = inputs.prefix(step.variable).compactMap(\.value)
            for position in step.inputStart..<(step.inputStart + step.variable) { written.insert(~program.slots[position]) }
            variableWriteSteps += 1
            append(apply, writes: references.map(\.buffer), reads: reads)
            snapshot(references[0], into: outputSlots, outputs)
        case .initialized:
            return failure.because("it asks whether a variable holds a value")
        }
        for (slot, output) in zip(outputSlots, outputs) where values[slot] == nil { values[slot] = output }
        return nil
    }

    private func inputSlots(_ step: PlanStep) -> [Int] { Array(program.slots[step.inputStart..<step.outputStart]) }

    /// A direct `Conv2D` or `Conv2DBackpropInput` step and what has been fused into it.
    private struct FusedConvolution {
        var maker: Int
        let direct: CompiledConvolution.DirectStep
        /// How many variables steps before the convolution's wrote.
        let variableWrites: Int
        var bias: ArenaValue? = nil
        var relu = false
        var reluGradientFeatures: ArenaValue? = nil
    }

    /// Fuses `op` into the direct convolution step that computes its first input when nothing
    /// else reads that input, as the same element function in the step's epilogue (so the same
    /// bits), the op's output sharing the convolution's buffer. True when `op` was fused.
    /// - After a `Conv2D`: the `Add` (`AddV2`, NHWC `BiasAdd`) of an `[O]` bias variable no step
    ///   of the plan writes, then a `Relu` (the image filter's conv + bias + relu become one pass
    ///   over the output instead of three). The step stays where it is.
    /// - After a `Conv2DBackpropInput`: a `ReluGrad` of features of the same shape. Those may be
    ///   computed after the convolution, so its step moves to the `ReluGrad`'s place, provided no
    ///   variable was written in between (the filter may be one).
    private mutating func fusesIntoConvolution(
        _ op: Operation, _ inputs: [CompiledInput], _ outputs: [ArenaValue], inputSlots: [Int], outputSlots: [Int]
    ) -> Bool {
        guard outputSlots.count == 1, let source = inputSlots.first, var fused = fusableConvolutions[source],
            reads[source] == 1, outputs.first?.shape == fused.direct.output.shape
        else { return false }
        switch (fused.direct.kind, op.type) {
        case (.forward, "Add"), (.forward, "AddV2"), (.forward, "BiasAdd"):
            guard fused.bias == nil, !fused.relu, inputs.count == 2, inputSlots[1] < 0, !written.contains(~inputSlots[1]),
                op.type != "BiasAdd" || op.attrs["data_format"]?.stringValue ?? "NHWC" == "NHWC",
                let bias = inputs[1].value, bias.shape == [fused.direct.output.shape.last ?? 0]
            else { return false }
            fused.bias = bias
        case (.forward, "Relu"):
            guard !fused.relu else { return false }
            fused.relu = true
        case (.inputGradient, "ReluGrad"):
            guard fused.reluGradientFeatures == nil, written.count == fused.variableWrites, inputs.count == 2,
                inputSlots[1] != source, let features = inputs[1].value, features.shape == fused.direct.output.shape,
                !variableBuffers.contains(features.buffer)
            else { return false }
            fused.reluGradientFeatures = features
        default:
            return false
        }
        let step = fused.direct.step(bias: fused.bias, relu: fused.relu, reluGradientFeatures: fused.reluGradientFeatures)
        if let features = fused.reluGradientFeatures {
            makers[fused.maker] = nil
            let operands = [fused.direct.operands.0.buffer, fused.direct.operands.1.buffer, features.buffer]
            append(step, writes: [fused.direct.output.buffer], reads: operands)
            fused.maker = makers.count - 1
        } else {
            makers[fused.maker] = StepMaker(make: step)
        }
        values[outputSlots[0]] = fused.direct.output
        fusableConvolutions[outputSlots[0]] = fused
        return true
    }

    /// The chain link of an elementwise op whose input `running` (nil: none) is the chain's value
    /// so far; nil when the op is not elementwise or its operands do not line up element for element.
    private static func elementLink(_ request: CompiledOpRequest, running: Int?) -> ElementChains.Link? {
        guard case .elementwise(let element) = OpRegistry[request.context.opType]?.compiled else { return nil }
        return element.link(request, running)
    }

    /// Records the elementwise step just appended as a chain that later elementwise ops may
    /// join: one output of at least ``ElementChains/minimumCount`` elements, no variable read
    /// (a chain reads its operands when its last op runs, after steps that may write a variable).
    private mutating func startsElementChain(_ request: CompiledOpRequest, outputSlots: [Int]) {
        guard outputSlots.count == 1, let output = request.outputs.first, output.count >= ElementChains.minimumCount,
            let link = Self.elementLink(request, running: nil),
            !link.operands.contains(where: { variableBuffers.contains($0.buffer) })
        else { return }
        openChains[outputSlots[0]] = ElementChains.Chain(links: [link], maker: makers.count - 1, output: output)
    }

    /// Joins an elementwise op to the chain computing one of its inputs when nothing else reads
    /// that input and the op's output has its shape: the chain's step is remade one link longer
    /// at this op's place in the run (after every step computing the new link's operands), and
    /// the intermediate value is never written. True when `op` joined a chain.
    private mutating func joinsElementChain(_ request: CompiledOpRequest, inputSlots: [Int], outputSlots: [Int]) -> Bool {
        guard outputSlots.count == 1, let output = request.outputs.first,
            let position = inputSlots.firstIndex(where: { openChains[$0] != nil && reads[$0] == 1 }),
            inputSlots.filter({ $0 == inputSlots[position] }).count == 1,
            var chain = openChains[inputSlots[position]], output.shape == chain.output.shape,
            let link = Self.elementLink(request, running: position),
            !link.operands.contains(where: { variableBuffers.contains($0.buffer) })
        else { return false }
        makers[chain.maker] = nil
        chain.links.append(link)
        append(ElementChains.step(chain.links, into: output), writes: [output.buffer], reads: chain.reads)
        chain.maker = makers.count - 1
        chain.output = output
        openChains[inputSlots[position]] = nil
        openChains[outputSlots[0]] = chain
        values[outputSlots[0]] = output
        return true
    }

    /// Computes at compile time the values of an op whose outputs are not float32 and depend
    /// only on shapes: `Shape` and `ShapeN` of any recorded value, and any other deterministic
    /// kernel whose inputs are all such constants (`BroadcastGradientArgs` of two shapes). A
    /// compiled plan runs only with the recorded feed and variable shapes, and every other shape
    /// follows from those, so the values are the same in every run. True when `op` was folded.
    private mutating func folds(_ step: PlanStep, op: Operation) -> Bool {
        guard step.kind == .kernel || step.kind == .single, !OpRegistry.isRandom(op.type) else { return false }
        let outputSlots = Array(program.slots[step.outputStart..<step.end])
        guard !outputSlots.isEmpty, outputSlots.allSatisfy({ slotTypes[$0].map { $0.dtype != .float32 } ?? false })
        else { return false }
        let context = KernelContext(opType: op.type, opName: op.name, attrs: op.attrs)
        let results: [HostTensor]?
        if op.type == "Shape" || op.type == "ShapeN" {
            let outType = op.attrs["out_type"]?.typeValue ?? .int32
            let shapes = inputSlots(step).map { $0 < 0 ? variables[~$0]?.shape : slotTypes[$0]?.shape }
            results = shapes.contains { $0 == nil } ? nil : shapes.map { Kernels.shapeTensor($0!, outType: outType) }
        } else {
            let inputs = inputSlots(step).map { $0 >= 0 ? constants[$0] : nil }
            guard !inputs.isEmpty, inputs.allSatisfy({ $0 != nil }) else { return false }
            results = try? OpRegistry.kernel(for: context)(inputs.map { $0! })
        }
        guard let results, results.count == outputSlots.count else { return false }
        for (slot, value) in zip(outputSlots, results) { constants[slot] = value }
        return true
    }

    /// An `AddN` some of whose terms are outputs of data-movement steps that nothing
    /// else reads: those steps are dropped and the sum adds their blocks directly
    /// (20 `StridedSliceGrad`s of one time step each, summed, write each element once).
    private mutating func sumOfMovedValues(_ inputs: [CompiledInput], _ outputs: [ArenaValue], inputSlots: [Int])
        -> (maker: (ArenaPointers, CompiledScratch) -> CompiledStep, reads: [Int])?
    {
        guard let target = outputs.first, outputs.count == 1,
            inputSlots.contains(where: { movedSlots[$0] != nil && reads[$0] == 1 })
        else { return nil }
        var terms: [CompiledCopies.SumTerm] = []
        var termReads: [Int] = []
        for (slot, input) in zip(inputSlots, inputs) {
            guard let value = input.value, value.shape == target.shape else { return nil }
            if let moved = movedSlots[slot], reads[slot] == 1 {
                terms.append(.blocks(moved.blocks, sources: moved.sources))
                termReads += moved.sources.map(\.buffer)
            } else {
                terms.append(.value(value))
                termReads.append(value.buffer)
            }
        }
        for slot in inputSlots { if let moved = movedSlots[slot], reads[slot] == 1 { makers[moved.maker] = nil } }
        return (CompiledCopies.sum(terms, into: target), termReads)
    }

    /// A `MatMul` of a transposed second operand of at most ``largestTransposedCopy`` floats,
    /// rewritten to read a row-major copy of that operand's transpose: the copy is made once,
    /// before its first use, and read by every later product of the same value, until a step
    /// writes a variable (the operand may be one). The products then pack nothing per run; the
    /// seed RNN's 20 input gradients per step, `dGates · kernelᵀ`, each copied the 22 × 44 kernel
    /// column by column. Nil for other products, and for products the tiles do not run.
    private mutating func readingTransposedCopy(_ request: CompiledOpRequest) -> CompiledOpRequest? {
        guard request.bool("transpose_b"), let a = request.value(0), a.shape.count == 2, let b = request.value(1),
            b.shape.count == 2, b.count <= Self.largestTransposedCopy,
            // The tiles read both forms of B in the same order, so the product keeps its bits; a
            // system BLAS's `nt` and `nn` kernels may not.
            TiledGemm.handles(work: a.count * b.shape[0], backend: request.context.gemm)
        else { return nil }
        let transposed = ArenaValue(buffer: transposedCopy(of: b), shape: [b.shape[1], b.shape[0]])
        var attrs = request.context.attrs
        attrs["transpose_b"] = .bool(false)
        var context = KernelContext(opType: request.context.opType, opName: request.context.opName, attrs: attrs)
        context.gemm = request.context.gemm
        return CompiledOpRequest(context: context, inputs: [request.inputs[0], .value(transposed)], outputs: request.outputs)
    }

    /// The operands ``readingTransposedCopy(_:)`` copies: 64 KB, where products run on the tiles.
    static let largestTransposedCopy = 16 * 1024

    /// The buffer of the row-major transpose of the matrix `value`, made by a step appended now
    /// unless a copy made since the last variable write exists.
    private mutating func transposedCopy(of value: ArenaValue) -> Int {
        if let cached = transposedCopies[value.buffer], cached.variableWriteSteps == variableWriteSteps {
            return cached.buffer
        }
        let buffer = planner.buffer(count: value.count, pinned: false)
        let (rows, columns) = (value.shape[0], value.shape[1])
        append(
            { arena, _ in
                let (from, to) = (UnsafePointer(arena[value.buffer]), arena[buffer])
                return { CompiledCopies.transpose(from, rows: rows, columns: columns, into: to) }
            }, writes: [buffer], reads: [value.buffer])
        transposedCopies[value.buffer] = (buffer, variableWriteSteps)
        return buffer
    }

    /// The output of an assign or training step: the variable's new value, copied
    /// into the output's own buffer when a later step or a fetch reads it.
    private mutating func snapshot(_ variable: ArenaValue, into slots: [Int], _ outputs: [ArenaValue]) {
        guard let slot = slots.first, let output = outputs.first, reads[slot, default: 0] > 0 else { return }
        append(copy(from: variable, to: output), writes: [output.buffer], reads: [variable.buffer])
    }

    /// The step of a training op on float32 buffers: the references are
    /// variables, the gradient has their shape, the other inputs are scalars.
    private func apply(
        _ training: TrainingOp, _ context: KernelContext, _ inputs: [CompiledInput], references: Int
    ) -> ((ArenaPointers, CompiledScratch) -> CompiledStep)? {
        let values = inputs.compactMap(\.value)
        guard let elementwise = training.elementwise, values.count == inputs.count,
            elementwise.gradient < values.count, (1...4).contains(references)
        else { return nil }
        let shape = values[0].shape
        let count = values[0].count
        guard values.prefix(references).allSatisfy({ $0.shape == shape }), values[elementwise.gradient].shape == shape
        else { return nil }
        let scalars = values.indices.filter { $0 >= references && $0 != elementwise.gradient }.map { values[$0] }
        guard scalars.allSatisfy({ $0.count == 1 }) else { return nil }
        let update = elementwise.float32Update(context)
        return { arena, scratch in
            let slots = (0..<4).map { arena[values[min($0, references - 1)].buffer] }
            let gradient = UnsafePointer(arena[values[elementwise.gradient].buffer])
            let scalarSources = scratch.copy(scalars.map { UnsafePointer(arena[$0.buffer]) })
            let scalarValues = scratch.allocate(Float.self, count: scalars.count)
            let buffers = TrainingBuffers(
                count: count, variable: slots[0], slot1: slots[1], slot2: slots[2], slot3: slots[3],
                gradient: gradient, scalars: scalarValues)
            return {
                for i in scalarSources.indices { scalarValues[i] = scalarSources[i][0] }
                update(buffers)
            }
        }
    }

    private func copy(from source: ArenaValue, to target: ArenaValue) -> (ArenaPointers, CompiledScratch) -> CompiledStep {
        let count = source.count
        return { arena, _ in
            let (from, to) = (UnsafePointer(arena[source.buffer]), arena[target.buffer])
            return { CompiledCopies.copy(from, to: to, count: count) }
        }
    }

    private mutating func append(
        _ maker: @escaping (ArenaPointers, CompiledScratch) -> CompiledStep, writes: [Int], reads: [Int]
    ) {
        makers.append(StepMaker(make: maker))
        planner.step(writes: writes, reads: reads)
    }
}

/// What makes one step once the arena is placed. A struct, so that neither the maker nor the
/// step it returns is stored in `makers` as a bare function value: an array keeps a function
/// in its most general form, and the step made from one came out wrapped in two reabstraction
/// thunks, called on every step of every run (~2.5% of the seed RNN's training).
struct StepMaker {
    let make: (ArenaPointers, CompiledScratch) -> CompiledStep
}
