/// Reductions of compiled plans, through the interpreter's own loops
/// (``Reductions/accumulate(_:_:plan:into:)``, ``AxisLayout/sum(_:into:)``).
enum CompiledReductions {
    /// A reduction over constant axes, accumulated in `Float.Wide` as the interpreter does.
    static func reduction<F: ReductionFunction>(_ f: F) -> CompiledOpBuilder {
        { request in
            guard let x = request.value(0), let axes = request.constant(1), let out = request.outputs.first,
                let mask = try? Reductions.axisMask(axes, rank: x.shape.count, request.context)
            else { return nil }
            let kept = zip(x.shape, mask).map { $1 ? 1 : $0 }
            let outCount = kept.reduce(1, *)
            guard outCount == out.count, let plan = try? BroadcastPlan([x.shape, kept], opName: "") else { return nil }
            let reducedCount = outCount == 0 ? 0 : x.count / outCount
            let identity = f.identity(Float.self)
            return .step { arena, scratch in
                let (source, target) = (UnsafePointer(arena[x.buffer]), arena[out.buffer])
                let sums = scratch.allocate(Float.Wide.self, count: outCount)
                return {
                    sums.update(repeating: identity, count: outCount)
                    if x.count > 0 { Reductions.accumulate(f, source, plan: plan, into: sums) }
                    for i in 0..<outCount { target[i] = f.finish(sums[i], count: reducedCount, as: Float.self) }
                }
            }
        }
    }

    /// `BiasAddGrad` with the channels last: the sum over every other axis.
    static func biasAddGrad(_ request: CompiledOpRequest) -> CompiledOp? {
        guard request.context.string("data_format", default: "NHWC") != "NCHW", let g = request.value(0),
            g.shape.count >= 2, let out = request.outputs.first, out.shape == [g.shape.last!]
        else { return nil }
        let layout = AxisLayout(shape: g.shape, axis: g.shape.count - 1)
        return .step { arena, _ in
            let (source, target) = (UnsafePointer(arena[g.buffer]), arena[out.buffer])
            return {
                target.update(repeating: 0, count: layout.n)
                layout.sum(source, into: target)
            }
        }
    }
}
