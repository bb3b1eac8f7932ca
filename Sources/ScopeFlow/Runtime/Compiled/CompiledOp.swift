/// One step of a compiled plan: a kernel bound to the arena addresses of its
/// inputs and outputs, with everything about shapes worked out beforehand.
typealias CompiledStep = () -> Void

/// The arena of a compiled plan once placed: a pointer for every buffer.
struct ArenaPointers {
    let base: UnsafeMutablePointer<Float>
    let offsets: [Int]

    subscript(buffer: Int) -> UnsafeMutablePointer<Float> { base + offsets[buffer] }
}

/// A float32 value of a compiled plan: the arena buffer holding it and its shape.
struct ArenaValue {
    let buffer: Int
    let shape: [Int]
    var count: Int { shape.reduce(1, *) }
}

/// One input of an op, as the compiled-plan builder sees it.
enum CompiledInput {
    /// A float32 value in the arena.
    case value(ArenaValue)
    /// A constant of another dtype (an axis, a shape, slice bounds): read at compile time.
    case constant(HostTensor)

    var value: ArenaValue? {
        if case .value(let value) = self { return value }
        return nil
    }
}

/// Memory a step needs besides the arena (reduction accumulators), freed with its plan.
final class CompiledScratch {
    private(set) var allocations: [UnsafeMutableRawPointer] = []

    /// `count` uninitialized elements of `T`, alive as long as the plan.
    func allocate<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: max(1, count) * MemoryLayout<T>.stride, alignment: max(64, MemoryLayout<T>.alignment))
        allocations.append(raw)
        return raw.bindMemory(to: T.self, capacity: max(1, count))
    }

    /// A copy of `elements` (of a trivial type) alive as long as the plan: a step
    /// reads it through a pointer, with no array to retain on every run.
    func copy<T: BitwiseCopyable>(_ elements: [T]) -> UnsafeBufferPointer<T> {
        let memory = allocate(T.self, count: elements.count)
        _ = UnsafeMutableBufferPointer(start: memory, count: elements.count).initialize(from: elements)
        return UnsafeBufferPointer(start: memory, count: elements.count)
    }
}

/// What one op becomes in a compiled plan.
enum CompiledOp {
    /// The op's single output is its input `index`, unchanged but for its shape
    /// (`Reshape`, `ExpandDims`): the output shares that input's buffer.
    case alias(input: Int)
    /// A step, made once the arena is placed.
    case step((ArenaPointers, CompiledScratch) -> CompiledStep)
    /// Data movement only: blocks of elements copied from inputs to outputs.
    case copies(CompiledCopies.CopyPlan)
}

/// An op to compile: its kernel context, inputs and outputs (each output has a
/// fresh buffer of its recorded shape).
struct CompiledOpRequest {
    let context: KernelContext
    let inputs: [CompiledInput]
    let outputs: [ArenaValue]

    /// The float32 value of input `index`, nil when it is a constant of another dtype.
    func value(_ index: Int) -> ArenaValue? { inputs[index].value }

    /// The constant of input `index`, nil when it is a float32 value.
    func constant(_ index: Int) -> HostTensor? {
        if case .constant(let value) = inputs[index] { return value }
        return nil
    }

    /// The attribute `key` as a Bool, `defaultValue` when absent.
    func bool(_ key: String, default defaultValue: Bool = false) -> Bool {
        context.bool(key, default: defaultValue)
    }
}

/// Builds the compiled form of one op type; nil when these inputs have none
/// (the plan then stays with the interpreter).
typealias CompiledOpBuilder = @Sendable (CompiledOpRequest) -> CompiledOp?

/// `MatMul` in compiled plans.
enum CompiledMatMul {
    /// `MatMul` of two matrices, through the same GEMM as the interpreter.
    static func matMul(_ request: CompiledOpRequest) -> CompiledOp? {
        guard let a = request.value(0), let b = request.value(1), a.shape.count == 2, b.shape.count == 2,
            let out = request.outputs.first
        else { return nil }
        let (transposeA, transposeB) = (request.bool("transpose_a"), request.bool("transpose_b"))
        let m = transposeA ? a.shape[1] : a.shape[0]
        let k = transposeA ? a.shape[0] : a.shape[1]
        let n = transposeB ? b.shape[0] : b.shape[1]
        guard (transposeB ? b.shape[1] : b.shape[0]) == k, out.shape == [m, n] else { return nil }
        let backend = request.context.gemm
        return .step { arena, _ in
            let aView = MatrixView(UnsafePointer(arena[a.buffer]), columns: transposeA ? m : k, transposed: transposeA)
            let bView = MatrixView(UnsafePointer(arena[b.buffer]), columns: transposeB ? k : n, transposed: transposeB)
            let c = arena[out.buffer]
            return { Gemm.multiply(m: m, n: n, k: k, a: aView, b: bView, c: c, ldc: n, backend: backend) }
        }
    }
}
