/// Data-movement ops of compiled plans (`Reshape`, `Slice`, `ConcatV2`,
/// `Split`, `StridedSliceGrad` …), compiled by running the interpreter's own
/// kernel once on element numbers.
///
/// Each float32 input is replaced by a float64 tensor numbering its elements
/// (1, 2, 3 … across all inputs; 0 stays free). Since these kernels only move
/// elements, each output element of that run names the input element it came
/// from, or is 0 where the op writes a zero (padding, the rest of a
/// `StridedSliceGrad`). The numbers become blocks of row copies between arena
/// buffers, and an output that is one whole input in order shares its buffer.
enum CompiledCopies {
    /// Rows of elements copied from one buffer to another, or zeroed when `source` is nil.
    struct Block: Equatable {
        var source: Int?
        var sourceOffset: Int
        var targetOffset: Int
        var rows: Int
        var length: Int
        var sourceStride: Int
        var targetStride: Int
    }

    /// What a data-movement op does: for each output, the blocks that fill it
    /// from the op's float32 inputs (`Block.source` indexes `sources`).
    struct CopyPlan {
        var outputs: [(target: ArenaValue, blocks: [Block])]
        let sources: [ArenaValue]
    }

    /// Ops whose output is their first input with another shape: always a shared buffer.
    private static let reshapes: Set<String> = ["Reshape", "ExpandDims", "Squeeze"]

    /// The most elements the numbering may cover: larger data movement keeps its plan on
    /// the interpreter rather than spend that much memory compiling it.
    static let largestNumbering = 1 << 24

    /// The compiled form of a data-movement op whose interpreter kernel is `kernel`.
    static func copies(kernel: @escaping KernelFactory) -> CompiledOpBuilder {
        { request in copies(request, kernel: kernel) }
    }

    private static func copies(_ request: CompiledOpRequest, kernel factory: KernelFactory) -> CompiledOp? {
        if reshapes.contains(request.context.opType), let input = request.value(0),
            let output = request.outputs.first, output.count == input.count
        {
            return .alias(input: 0)
        }
        let numbered = request.inputs.reduce(0) { $0 + ($1.value?.count ?? 0) }
        let produced = request.outputs.reduce(0) { $0 + $1.count }
        guard numbered <= largestNumbering, produced <= largestNumbering else { return nil }
        var attrs = request.context.attrs
        if attrs["T"] != nil { attrs["T"] = .type(.float64) }
        let context = KernelContext(opType: request.context.opType, opName: request.context.opName, attrs: attrs)
        var arguments: [HostTensor] = []
        var sources: [(input: Int, value: ArenaValue, first: Int)] = []
        var next = 1
        for (index, input) in request.inputs.enumerated() {
            switch input {
            case .constant(let constant):
                arguments.append(constant)
            case .value(let value):
                let numbers = (0..<value.count).map { Double(next + $0) }
                arguments.append(HostTensor(uncheckedStorage: .float64(numbers), shape: value.shape))
                sources.append((index, value, next))
                next += value.count
            }
        }
        guard let kernel = try? factory(context),
            let results = try? kernel(arguments), results.count == request.outputs.count
        else { return nil }
        var plan = CopyPlan(outputs: [], sources: sources.map(\.value))
        for (result, target) in zip(results, request.outputs) {
            guard result.shape == target.shape, case .float64(let numbers) = result.storage,
                let runs = runs(numbers, sources: sources.map { ($0.value.count, $0.first) })
            else { return nil }
            plan.outputs.append((target, blocks(runs)))
        }
        if plan.outputs.count == 1, sources.count == 1, plan.outputs[0].blocks.count <= 1 {
            let whole = Block(
                source: 0, sourceOffset: 0, targetOffset: 0, rows: 1, length: sources[0].value.count, sourceStride: 0,
                targetStride: 0)
            if plan.outputs[0].blocks == [whole] || sources[0].value.count == 0 { return .alias(input: sources[0].input) }
        }
        return .copies(plan)
    }

    /// The step that runs `plan`.
    static func step(_ plan: CopyPlan) -> (ArenaPointers, CompiledScratch) -> CompiledStep {
        { arena, scratch in
            let moves = scratch.copy(
                plan.outputs.flatMap { output in placed(output.blocks, into: output.target, plan.sources, arena) })
            return { for index in moves.indices { moves[index].run() } }
        }
    }

    /// One term of a sum: a value, or the output of a data-movement op given by its blocks
    /// (mostly zeros, as a `StridedSliceGrad`'s), added without ever being written out.
    enum SumTerm {
        case value(ArenaValue)
        case blocks([Block], sources: [ArenaValue])
    }

    /// The step of `AddN` over `terms` in input order: each value is added element by
    /// element, each block term only where its blocks copy elements. Adding the zeros
    /// would change nothing, so the sum has the interpreter's bits.
    static func sum(_ terms: [SumTerm], into target: ArenaValue) -> (ArenaPointers, CompiledScratch) -> CompiledStep {
        { arena, scratch in
            let out = arena[target.buffer]
            let count = target.count
            // Each term as a run of moves; a dense term is one move of the whole value.
            let placedTerms: [(dense: UnsafePointer<Float>?, moves: UnsafeBufferPointer<Move>)] = terms.map { term in
                switch term {
                case .value(let value): return (UnsafePointer(arena[value.buffer]), scratch.copy([]))
                case .blocks(let blocks, let sources):
                    return (nil, scratch.copy(placed(blocks.filter { $0.source != nil }, into: target, sources, arena)))
                }
            }
            let termList = scratch.copy(placedTerms.map { SumStep(dense: $0.dense, moves: $0.moves) })
            return {
                out.update(repeating: 0, count: count)
                for index in termList.indices {
                    let term = termList[index]
                    if let dense = term.dense {
                        for i in 0..<count { out[i] = out[i] + dense[i] }
                    } else {
                        for move in term.moves.indices { term.moves[move].add() }
                    }
                }
            }
        }
    }

    private static func placed(_ blocks: [Block], into target: ArenaValue, _ sources: [ArenaValue], _ arena: ArenaPointers)
        -> [Move]
    {
        blocks.map { block in
            Move(
                source: block.source.map { UnsafePointer(arena[sources[$0].buffer]) + block.sourceOffset },
                target: arena[target.buffer] + block.targetOffset, block: block)
        }
    }

    /// One placed term of ``sum(_:into:)``.
    private struct SumStep {
        let dense: UnsafePointer<Float>?
        let moves: UnsafeBufferPointer<Move>
    }

    /// A placed ``Block``.
    private struct Move {
        let source: UnsafePointer<Float>?
        let target: UnsafeMutablePointer<Float>
        let block: Block

        @inline(__always) func run() {
            let (rows, length) = (block.rows, block.length)
            guard let source else {
                for r in 0..<rows { (target + r * block.targetStride).update(repeating: 0, count: length) }
                return
            }
            if length == 1, block.sourceStride == 0, block.targetStride == 1 {
                // One element repeated (a `Tile`, `BroadcastTo` or `Fill` of a scalar).
                target.update(repeating: source[0], count: rows)
                return
            }
            if let kernels = TileKernels.available {
                // Rows of the seed RNN's gates (11 floats) as one or two AVX vector moves, not four
                // SSE ones with the address arithmetic around them: +3–4% train steps/s.
                kernels.copyRows(
                    rows: rows, length: length, source: source, sourceStride: block.sourceStride, target: target,
                    targetStride: block.targetStride)
                return
            }
            for r in 0..<rows {
                CompiledCopies.copy(source + r * block.sourceStride, to: target + r * block.targetStride, count: length)
            }
        }

        /// Adds the block's source rows to its target rows.
        @inline(__always) func add() {
            guard let source else { return }
            for r in 0..<block.rows {
                let (from, to) = (source + r * block.sourceStride, target + r * block.targetStride)
                for j in 0..<block.length { to[j] = to[j] + from[j] }
            }
        }
    }

    /// Copies `count` floats. Rows shorter than 64 floats go as 8-float vectors (4-float
    /// ones below 8), the last vector overlapping the one before rather than a scalar
    /// tail: no `memmove` call and no per-element loop for the short rows of a split.
    @inline(__always)
    static func copy(_ source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, count: Int) {
        if count >= 64 {
            target.update(from: source, count: count)
        } else if count >= 8 {
            var j = 0
            while j < count - 8 {
                move(SIMD8<Float>.self, from: source + j, to: target + j)
                j += 8
            }
            move(SIMD8<Float>.self, from: source + count - 8, to: target + count - 8)
        } else if count >= 4 {
            move(SIMD4<Float>.self, from: source, to: target)
            move(SIMD4<Float>.self, from: source + count - 4, to: target + count - 4)
        } else {
            for j in 0..<count { target[j] = source[j] }
        }
    }

    /// Writes the transpose of the row-major `rows x columns` matrix at `source` to `target`.
    static func transpose(_ source: UnsafePointer<Float>, rows: Int, columns: Int, into target: UnsafeMutablePointer<Float>) {
        for i in 0..<rows {
            for j in 0..<columns { target[j * rows + i] = source[i * columns + j] }
        }
    }

    @inline(__always)
    private static func move<V: SIMD>(_: V.Type, from source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>)
    where V.Scalar == Float {
        UnsafeMutableRawPointer(target).storeBytes(of: UnsafeRawPointer(source).loadUnaligned(as: V.self), as: V.self)
    }

    /// The maximal runs of consecutive elements of one source (or of zeros) in
    /// `numbers`, as one-row blocks; nil when a number names no element.
    private static func runs(_ numbers: [Double], sources: [(count: Int, first: Int)]) -> [Block]? {
        var runs: [Block] = []
        for (target, number) in numbers.enumerated() {
            guard number >= 0, number == number.rounded() else { return nil }
            var source: Int?
            var offset = 0
            if number != 0 {
                guard let index = sources.firstIndex(where: { Double($0.first) <= number && number < Double($0.first + $0.count) })
                else { return nil }
                source = index
                offset = Int(number) - sources[index].first
            }
            if var last = runs.last, last.source == source,
                source == nil || last.sourceOffset + last.length == offset
            {
                last.length += 1
                runs[runs.count - 1] = last
            } else {
                runs.append(
                    Block(
                        source: source, sourceOffset: offset, targetOffset: target, rows: 1, length: 1, sourceStride: 0,
                        targetStride: 0))
            }
        }
        return runs
    }

    /// Runs of the same source and length whose offsets advance by constant strides, merged into blocks.
    private static func blocks(_ runs: [Block]) -> [Block] {
        var blocks: [Block] = []
        var open: [String: Int] = [:]  // (source, length) → index of its latest block
        for run in runs {
            let key = "\(run.source ?? -1):\(run.length)"
            if let index = open[key] {
                var block = blocks[index]
                let lastSource = block.sourceOffset + (block.rows - 1) * block.sourceStride
                let lastTarget = block.targetOffset + (block.rows - 1) * block.targetStride
                let (sourceStep, targetStep) = (run.sourceOffset - lastSource, run.targetOffset - lastTarget)
                if block.rows == 1 || (sourceStep == block.sourceStride && targetStep == block.targetStride) {
                    if block.rows == 1 { (block.sourceStride, block.targetStride) = (sourceStep, targetStep) }
                    block.rows += 1
                    blocks[index] = block
                    continue
                }
            }
            open[key] = blocks.count
            blocks.append(run)
        }
        return blocks
    }
}
