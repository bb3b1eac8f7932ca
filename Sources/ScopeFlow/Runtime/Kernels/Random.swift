import Dispatch
import Synchronization

extension Kernels {
    /// `RandomUniform(shape)`: uniform values in [0, 1) from TF's Philox stream.
    static let randomUniform: KernelFactory = { try makeRandomFloat($0, .uniform) }

    /// `RandomStandardNormal(shape)`: standard normal values, bit-exact with TF.
    static let randomStandardNormal: KernelFactory = { try makeRandomFloat($0, .normal) }

    /// `TruncatedNormal(shape)`: normal values redrawn beyond two standard deviations.
    static let truncatedNormal: KernelFactory = { try makeRandomFloat($0, .truncatedNormal) }

    /// `RandomUniformInt(shape, minval, maxval)`: uniform integers.
    static let randomUniformInt: KernelFactory = makeRandomUniformInt

    /// `RandomUniform` / `RandomStandardNormal` / `TruncatedNormal(shape)` with attrs `dtype`, `seed`, `seed2`.
    private static func makeRandomFloat(_ context: KernelContext, _ distribution: RandomFill.Distribution) throws
        -> Kernel
    {
        let dtype = try context.attr("dtype").typeValue ?? .string
        guard dtype.isFloatingPoint else {
            throw ScopeFlowError(
                .invalidArgument,
                "\(context.opType) '\(context.opName)' draws float16, float32 or float64 values, not \(dtype); "
                    + "set 'dtype' to a float type.", names: [context.opName])
        }
        let stream = context.philox ?? PhiloxStream(context)
        return { inputs in
            try expectInputs(inputs, 1, context)
            let shape = try randomShape(inputs[0], context)
            let count = try context.checkedElementCount(shape, allocating: dtype)
            let fill = RandomFill(distribution: distribution, generator: stream.reserve(outputs: count), count: count)
            let storage: HostTensor.Storage
            switch dtype {
            case .float16: storage = .float16(fill.floats())
            case .float64: storage = .float64(fill.floats())
            default: storage = .float32(fill.floats())
            }
            return [HostTensor(uncheckedStorage: storage, shape: shape)]
        }
    }

    /// `RandomUniformInt(shape, minval, maxval)` with attr `Tout` (int32/int64): `minval + word % (maxval - minval)`.
    static func makeRandomUniformInt(_ context: KernelContext) throws -> Kernel {
        let dtype = try context.attr("Tout").typeValue ?? .string
        guard dtype.isInteger else {
            throw ScopeFlowError(
                .invalidArgument,
                "RandomUniformInt '\(context.opName)' draws int32 or int64 values, not \(dtype); set 'Tout'.",
                names: [context.opName])
        }
        let stream = context.philox ?? PhiloxStream(context)
        return { inputs in
            try expectInputs(inputs, 3, context)
            let shape = try randomShape(inputs[0], context)
            let count = try context.checkedElementCount(shape, allocating: dtype)
            let bounds: (Int64, Int64)
            switch (inputs[1].storage, inputs[2].storage) {
            case (.int32(let lo), .int32(let hi)) where lo.count == 1 && hi.count == 1:
                bounds = (Int64(lo[0]), Int64(hi[0]))
            case (.int64(let lo), .int64(let hi)) where lo.count == 1 && hi.count == 1: bounds = (lo[0], hi[0])
            default: bounds = (0, 0)
            }
            guard inputs[1].shape.isEmpty, inputs[2].shape.isEmpty, inputs[1].dtype == dtype, inputs[2].dtype == dtype
            else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "RandomUniformInt '\(context.opName)' needs scalar minval and maxval of type \(dtype), got "
                        + "\(inputs[1].dtype) \(inputs[1].shape) and \(inputs[2].dtype) \(inputs[2].shape).",
                    names: [context.opName])
            }
            guard bounds.0 < bounds.1 else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "RandomUniformInt '\(context.opName)': Need minval < maxval: \(bounds.0) >= \(bounds.1).",
                    names: [context.opName])
            }
            let fill = RandomFill(distribution: .uniform, generator: stream.reserve(outputs: count), count: count)
            let storage: HostTensor.Storage =
                dtype == .int32
                ? .int32(fill.int32s(low: Int32(bounds.0), high: Int32(bounds.1)))
                : .int64(fill.int64s(low: bounds.0, high: bounds.1))
            return [HostTensor(uncheckedStorage: storage, shape: shape)]
        }
    }

    /// The output shape from a rank-1 int32/int64 `shape` input.
    private static func randomShape(_ tensor: HostTensor, _ context: KernelContext) throws -> [Int] {
        guard tensor.shape.count == 1 else {
            throw ScopeFlowError(
                .invalidArgument,
                "\(context.opType) '\(context.opName)' needs a 1-D shape tensor, got shape \(tensor.shape).",
                names: [context.opName])
        }
        return try shapeArgument(tensor, count: tensor.shape[0], name: "shape", context: context)
    }
}

/// The generator state of one random op in a session: each run
/// reserves `outputs·256` blocks, as TF's `ReserveRandomOutputs(n, 256)` does,
/// so the k-th run starts `k·outputs·256` blocks after the seeded counter.
///
/// In a while loop TF's executor runs the loop's control ahead of its bodies: the random ops of
/// the first `parallel_iterations` iterations are all scheduled before any of them runs, and its
/// inter-op queue runs the last one scheduled first. ``reverseNext(_:)`` gives those iterations
/// their reservations in that order.
final class PhiloxStream: Sendable {
    private struct State {
        var next: Philox
        /// Reservations still to hand out in reverse order, from `start` on, and the blocks handed out so far.
        var reversed: (start: Philox, remaining: Int, blocks: UInt64)?
    }

    private let state: Mutex<State>

    /// Seeds from the `seed` / `seed2` attrs; both 0 means fresh system randomness.
    init(_ context: KernelContext) {
        var seed = UInt64(bitPattern: Int64(context.int("seed", default: 0)))
        var seed2 = UInt64(bitPattern: Int64(context.int("seed2", default: 0)))
        if seed == 0 && seed2 == 0 {
            var system = SystemRandomNumberGenerator()
            seed = system.next()
            seed2 = system.next()
        }
        state = Mutex(State(next: Philox(seed: seed, seed2: seed2)))
    }

    /// The generator for a run producing `outputs` values; later runs start further on.
    func reserve(outputs: Int) -> Philox {
        let blocks = UInt64(outputs) &* 256
        return state.withLock { state in
            guard var reversed = state.reversed else {
                let reserved = state.next
                state.next.skip(blocks)
                return reserved
            }
            // Equal draws: the i-th of n reservations takes the (n-1-i)-th place.
            reversed.remaining -= 1
            reversed.blocks &+= blocks
            state.reversed = reversed
            if reversed.remaining == 0 { endReversal(&state) }
            return reversed.start.skipped(UInt64(reversed.remaining) &* blocks)
        }
    }

    /// Makes the next `count` reservations (draws of one size, one per loop iteration) take
    /// their places in reverse order, the first one the last place.
    func reverseNext(_ count: Int) {
        guard count > 1 else { return }
        state.withLock { state in
            endReversal(&state)
            state.reversed = (state.next, count, 0)
        }
    }

    /// Ends a reversal that a loop left unfinished (its op did not run in every iteration): the next
    /// reservation starts after the blocks handed out.
    func endReversal() { state.withLock { endReversal(&$0) } }

    private func endReversal(_ state: inout State) {
        guard let reversed = state.reversed else { return }
        state.next = reversed.start.skipped(reversed.blocks)
        state.reversed = nil
    }
}

/// Fills one random op's output from a reserved generator, in TF's layout:
/// fixed-rate samplers take block `i` for outputs `i·perBlock …`, the
/// truncated normal restarts every group of `perBlock` outputs
/// `256·perBlock/4` blocks further on. Large outputs are filled on all cores.
struct RandomFill: Sendable {
    enum Distribution: Sendable { case uniform, normal, truncatedNormal }

    let distribution: Distribution
    let generator: Philox
    let count: Int

    /// Outputs per parallel task.
    static let chunk = 1 << 15

    /// `count` float samples of the distribution.
    func floats<T: PhiloxFloat>() -> [T] {
        let per = T.samplesPerBlock
        return fill { out, first, end in
            var group = first / per
            var i = first
            while i < end {
                let samples: SIMD4<T>
                switch distribution {
                case .uniform: samples = T.uniform(generator.block(UInt64(group)))
                case .normal: samples = T.normal(generator.block(UInt64(group)))
                case .truncatedNormal: samples = truncatedGroup(group)
                }
                for lane in 0..<min(per, end - i) { out[i + lane] = samples[lane] }
                i += per
                group += 1
            }
        }
    }

    /// `count` int32 values in `[low, high)`: four per block.
    func int32s(low: Int32, high: Int32) -> [Int32] {
        let range = UInt32(truncatingIfNeeded: Int64(high) - Int64(low))
        return fill { out, first, end in
            for i in stride(from: first, to: end, by: 4) {
                let words = generator.block(UInt64(i / 4))
                for lane in 0..<min(4, end - i) { out[i + lane] = low &+ Int32(bitPattern: words[lane] % range) }
            }
        }
    }

    /// `count` int64 values in `[low, high)`: two per block, each from two words.
    func int64s(low: Int64, high: Int64) -> [Int64] {
        let range = UInt64(bitPattern: high &- low)
        return fill { out, first, end in
            for i in stride(from: first, to: end, by: 2) {
                let w = generator.block(UInt64(i / 2))
                let bits = SIMD2(UInt64(w[0]) | UInt64(w[1]) << 32, UInt64(w[2]) | UInt64(w[3]) << 32)
                for lane in 0..<min(2, end - i) { out[i + lane] = low &+ Int64(bitPattern: bits[lane] % range) }
            }
        }
    }

    /// Output group `group` of the truncated normal: the first `perBlock`
    /// Box–Muller values with `|z| < 2`, drawn word by word from its own region.
    private func truncatedGroup<T: PhiloxFloat>(_ group: Int) -> SIMD4<T> {
        let per = T.samplesPerBlock
        var words = PhiloxWordStream(generator.skipped(UInt64(group * per * 256 / 4)))
        var result = SIMD4<T>()
        var kept = 0
        while kept < per {
            var pairWords = SIMD4<UInt32>.zero
            for w in 0..<T.wordsPerPair { pairWords[w] = words.next() }
            let (a, b) = T.truncatedPair(pairWords)
            if let a {
                result[kept] = a
                kept += 1
            }
            if let b, kept < per {
                result[kept] = b
                kept += 1
            }
        }
        return result
    }

    /// Allocates `count` values and runs `body(out, first, end)` over aligned
    /// ranges (multiples of 4 outputs), in parallel when large.
    private func fill<T: HostScalar>(
        _ body: @Sendable (UnsafeMutableBufferPointer<T>, Int, Int) -> Void
    ) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let chunks = (count + Self.chunk - 1) / Self.chunk
            if chunks <= 1 {
                body(buffer, 0, count)
            } else if let base = buffer.baseAddress {
                let shared = SharedPointer(pointer: base)
                let total = count
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let out = UnsafeMutableBufferPointer(start: shared.pointer, count: total)
                    body(out, c * Self.chunk, min(total, (c + 1) * Self.chunk))
                }
            }
            initialized = count
        }
    }
}
