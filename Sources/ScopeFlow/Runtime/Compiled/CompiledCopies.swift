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
    static let builders: [String: CompiledOpBuilder] = Dictionary(
        uniqueKeysWithValues: [
            "Reshape", "ExpandDims", "Squeeze", "Slice", "StridedSlice", "StridedSliceGrad", "ConcatV2", "Split",
            "SplitV", "Transpose", "Pack", "Unpack", "Tile", "Pad", "ZerosLike", "Fill", "BroadcastTo", "ReverseV2",
            "GatherV2",
        ].map { ($0, copies) })

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

    private static func copies(_ request: CompiledOpRequest) -> CompiledOp? {
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
        guard next < 1 << 52, let kernel = try? KernelRegistry.kernel(for: context),
            let results = try? kernel(arguments), results.count == request.outputs.count
        else { return nil }
        var outputs: [(target: ArenaValue, blocks: [Block])] = []
        for (result, target) in zip(results, request.outputs) {
            guard result.shape == target.shape, case .float64(let numbers) = result.storage,
                let runs = runs(numbers, sources: sources.map { ($0.value.count, $0.first) })
            else { return nil }
            outputs.append((target, blocks(runs)))
        }
        if outputs.count == 1, sources.count == 1, outputs[0].blocks.count <= 1 {
            let whole = Block(
                source: 0, sourceOffset: 0, targetOffset: 0, rows: 1, length: sources[0].value.count, sourceStride: 0,
                targetStride: 0)
            if outputs[0].blocks == [whole] || sources[0].value.count == 0 { return .alias(input: sources[0].input) }
        }
        return .step { arena, _ in
            let moves = outputs.flatMap { output in
                output.blocks.map { block in
                    Move(
                        source: block.source.map { UnsafePointer(arena[sources[$0].value.buffer]) + block.sourceOffset },
                        target: arena[output.target.buffer] + block.targetOffset, block: block)
                }
            }
            return {
                moves.withUnsafeBufferPointer { moves in
                    for move in moves { move.run() }
                }
            }
        }
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
            for r in 0..<rows {
                CompiledCopies.copy(source + r * block.sourceStride, to: target + r * block.targetStride, count: length)
            }
        }
    }

    /// Copies `count` floats; short rows in 8-float vectors rather than a `memmove` call.
    @inline(__always)
    static func copy(_ source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, count: Int) {
        guard count < 64 else {
            target.update(from: source, count: count)
            return
        }
        var j = 0
        while j + 8 <= count {
            UnsafeMutableRawPointer(target + j).storeBytes(
                of: UnsafeRawPointer(source + j).loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
            j += 8
        }
        while j < count {
            target[j] = source[j]
            j += 1
        }
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
