import Dispatch

/// How one reduction folds elements: an accumulator in the element type's
/// ``NumericElement/Wide`` type, combined element by element, merged between
/// rows, and finished into the result.
protocol ReductionFunction: Sendable {
    func identity<T: NumericElement>(_: T.Type) -> T.Wide
    func merge<W: NumericElement>(_ a: W, _ b: W) -> W
    func finish<T: NumericElement>(_ acc: T.Wide, count: Int, as _: T.Type) -> T
}

extension ReductionFunction {
    /// Most reductions just narrow the accumulator.
    @inline(__always)
    func finish<T: NumericElement>(_ acc: T.Wide, count: Int, as _: T.Type) -> T { T(narrowing: acc) }
}

/// The reduction kernels over a set of axes.
enum Reductions {
    struct Sum: ReductionFunction {
        @inline(__always) func identity<T: NumericElement>(_: T.Type) -> T.Wide { .zero }
        @inline(__always) func merge<W: NumericElement>(_ a: W, _ b: W) -> W { .add(a, b) }
    }
    struct Mean: ReductionFunction {
        @inline(__always) func identity<T: NumericElement>(_: T.Type) -> T.Wide { .zero }
        @inline(__always) func merge<W: NumericElement>(_ a: W, _ b: W) -> W { .add(a, b) }
        @inline(__always) func finish<T: NumericElement>(_ acc: T.Wide, count: Int, as _: T.Type) -> T {
            T(narrowing: .divide(acc, T.Wide(count: count)))
        }
    }
    struct Prod: ReductionFunction {
        @inline(__always) func identity<T: NumericElement>(_: T.Type) -> T.Wide { .one }
        @inline(__always) func merge<W: NumericElement>(_ a: W, _ b: W) -> W { .multiply(a, b) }
    }
    struct Max: ReductionFunction {
        @inline(__always) func identity<T: NumericElement>(_: T.Type) -> T.Wide { T.lowest.widened }
        @inline(__always) func merge<W: NumericElement>(_ a: W, _ b: W) -> W { .maximum(a, b) }
    }
    struct Min: ReductionFunction {
        @inline(__always) func identity<T: NumericElement>(_: T.Type) -> T.Wide { T.highest.widened }
        @inline(__always) func merge<W: NumericElement>(_ a: W, _ b: W) -> W { .minimum(a, b) }
    }

    /// The reduced-axis mask of `axis` (an int32/int64 scalar or vector) for a
    /// tensor of `rank`; negative axes count from the end.
    static func axisMask(_ axis: HostTensor, rank: Int, _ context: KernelContext) throws -> [Bool] {
        let raw: [Int]
        switch axis.storage {
        case .int32(let a): raw = a.map(Int.init)
        case .int64(let a): raw = a.map(Int.init)
        default: throw MathInputs.unsupported(axis.dtype, context, allowed: "int32 or int64 (the axis input)")
        }
        guard axis.shape.count <= 1 else {
            throw ScopeFlowError(
                .invalidArgument,
                "Op '\(context.opName)' (\(context.opType)): the axis input must be a scalar or vector, "
                    + "not shape \(axis.shape).",
                names: [context.opName])
        }
        var mask = [Bool](repeating: false, count: rank)
        for a in raw {
            guard a >= -rank && a < rank else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "Op '\(context.opName)' (\(context.opType)): invalid reduction dimension \(a) for input with "
                        + "\(rank) dimension(s); use an axis in [\(-rank), \(rank)).",
                    names: [context.opName])
            }
            let normalized = a < 0 ? a + rank : a
            guard !mask[normalized] else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "Op '\(context.opName)' (\(context.opType)): axes contain duplicate dimension \(normalized); "
                        + "list each axis once.",
                    names: [context.opName])
            }
            mask[normalized] = true
        }
        return mask
    }

    /// The shape of `shape` reduced over the `mask` axes: those axes dropped, or kept as 1 with `keepDims`.
    static func reducedShape(_ shape: [Int], mask: [Bool], keepDims: Bool) -> [Int] {
        keepDims ? zip(shape, mask).map { $1 ? 1 : $0 } : zip(shape, mask).compactMap { $1 ? nil : $0 }
    }

    /// Reduces `x` (shape `shape`) over the `mask` axes into `outCount` results.
    private struct Reduce<F: ReductionFunction>: NumericVisitor {
        let f: F
        let mask: [Bool]
        let outShape: [Int]
        let planner: BroadcastPlanner

        func visit<T: NumericElement>(_ x: [T], _ a: HostTensor) throws -> HostTensor {
            // The kept shape (1 on reduced axes) broadcast to the input gives
            // each input row's first output index and its step along the row.
            let kept = zip(a.shape, mask).map { $1 ? 1 : $0 }
            let outCount = kept.reduce(1, *)
            let reducedCount = outCount == 0 ? 0 : a.count / outCount
            let plan = try planner.plan(a.shape, kept)
            var acc = [T.Wide](repeating: f.identity(T.self), count: outCount)
            x.withUnsafeBufferPointer { px in
                acc.withUnsafeMutableBufferPointer { pacc in
                    guard let source = px.baseAddress, let sums = pacc.baseAddress else { return }
                    Reductions.accumulate(f, source, plan: plan, into: sums)
                }
            }
            let result = mapElements(acc) { f.finish($0, count: reducedCount, as: T.self) }
            return HostTensor(uncheckedStorage: T.storage(result), shape: outShape)
        }
    }

    /// Folds the elements of `x` into `acc` (one accumulator per output element, already
    /// holding the identity); `plan` broadcasts the kept shape (1 on reduced axes) to `x`'s.
    @inline(__always)
    static func accumulate<T: NumericElement, F: ReductionFunction>(
        _ f: F, _ x: UnsafePointer<T>, plan: BroadcastPlan, into acc: UnsafeMutablePointer<T.Wide>
    ) {
        let row = plan.rowLength
        if plan.repeatsRows(ofOperand: 1) {
            // Reducing the leading axes only: every input row adds into the same outputs.
            if T.self == Float.self, F.self == Sum.self || F.self == Mean.self, TileKernels.available != nil {
                addRows(
                    UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), rows: plan.count / row, width: row,
                    into: UnsafeMutableRawPointer(acc).assumingMemoryBound(to: Double.self))
                return
            }
            var source = x
            for _ in 0..<(plan.count / row) {
                for j in 0..<row { acc[j] = f.merge(acc[j], source[j].widened) }
                source += row
            }
        } else if plan.rowStride(1) == 0 {
            plan.forEachRow { start, offsets in
                var r = f.identity(T.self)
                for j in start..<(start + row) { r = f.merge(r, x[j].widened) }
                acc[offsets[1]] = f.merge(acc[offsets[1]], r)
            }
        } else {
            plan.forEachRow { start, offsets in
                let o = offsets[1]
                for j in 0..<row { acc[o + j] = f.merge(acc[o + j], x[start + j].widened) }
            }
        }
    }

    /// Sums over this many floats or more, at least ``splitWidth`` columns wide, are split over
    /// the cores by columns: each output's additions stay in row order, so the bits do not change.
    static let parallelRowSums = 1 << 18
    /// The narrowest column group of a split row sum: one 64-byte cache line of each row.
    static let splitWidth = 16

    /// `sums[j] += Double(source[r·width + j])` in row order, on the vector loop of
    /// ``TileKernels``; large sums are split over the cores by groups of columns (two halves of
    /// the image filter's 32 channels: each core reads its own cache line of every row).
    static func addRows(_ source: UnsafePointer<Float>, rows: Int, width: Int, into sums: UnsafeMutablePointer<Double>) {
        let groups = min(Gemm.cores, width / splitWidth)
        guard groups > 1, rows * width >= parallelRowSums else {
            TileKernels.current.addRows(source, rows: rows, width: width, rowStride: width, into: sums)
            return
        }
        let target = SharedPointer(pointer: sums)
        let input = SharedPointer(pointer: UnsafeMutablePointer(mutating: source))
        // Group boundaries on whole cache lines where the width allows.
        let lines = (width + splitWidth - 1) / splitWidth
        DispatchQueue.concurrentPerform(iterations: groups) { group in
            let first = min(width, lines * group / groups * splitWidth)
            let end = min(width, lines * (group + 1) / groups * splitWidth)
            guard first < end else { return }
            TileKernels.current.addRows(
                input.pointer + first, rows: rows, width: end - first, rowStride: width, into: target.pointer + first)
        }
    }

    /// The factory of a reduction op (inputs: tensor, axis; attr `keep_dims`).
    static func factory<F: ReductionFunction>(_ f: F) -> SingleOutputKernelFactory {
        { context in
            let keepDims = context.bool("keep_dims", default: false)
            let planner = BroadcastPlanner(opName: context.opName)
            return { inputs in
                try MathInputs.require(inputs, count: 2, context)
                let x = inputs[0]
                let mask = try axisMask(inputs[1], rank: x.shape.count, context)
                let outShape = reducedShape(x.shape, mask: mask, keepDims: keepDims)
                let visitor = Reduce(f: f, mask: mask, outShape: outShape, planner: planner)
                return try dispatchNumeric(x, context, visitor)
            }
        }
    }
}
