/// How many iterations a loop will run, found before its bodies run, so that its random ops can
/// draw in TF's order (``PhiloxStream/reverseNext(_:)``).
extension FramedProgram {
    /// The steps of `frame` that its `LoopCond` depends on, in run order: the loop's control,
    /// which TF's executor runs ahead of the bodies. Nil when they include a step with effects
    /// (a random op, a variable update, a stack or `TensorArray` op, an inner loop), or when no
    /// `NextIteration` carries them on.
    func countingSteps(of frame: Frame) -> [Int]? {
        let range = frame.firstStep..<frame.endStep
        var producer: [Int: Int] = [:]
        var stepOfOp: [Int: Int] = [:]
        var condition: Int?
        for index in steps.indices {
            let step = steps[index]
            for position in step.outputStart..<step.controlStart where slots[position] >= 0 {
                producer[slots[position]] = index
            }
            guard range.contains(index), step.op >= 0 else { continue }
            stepOfOp[step.op] = index
            if ops[step.op].type == "LoopCond" { condition = index }
        }
        guard let condition else { return nil }
        var needed: Set<Int> = [condition]
        var pending = [condition]
        while let index = pending.popLast() {
            let step = steps[index]
            guard Self.isPure(step), !OpRegistry.isRandom(ops[step.op].type) else { return nil }
            let read =
                (step.argumentStart..<step.outputStart).compactMap { slots[$0] >= 0 ? producer[slots[$0]] : nil }
                + (step.controlStart..<step.end).compactMap { stepOfOp[slots[$0]] }
            for source in read where source >= frame.firstStep && needed.insert(source).inserted {
                // A value of an inner loop (its `Exit`) changes while this loop runs.
                guard range.contains(source) else { return nil }
                pending.append(source)
            }
        }
        let counting = needed.sorted()
        let nextSlots = Set(frame.nextSlots)
        let carriesOn = counting.contains { index in
            (steps[index].outputStart..<steps[index].controlStart).contains { nextSlots.contains(slots[$0]) }
        }
        return carriesOn ? counting : nil
    }

    /// Whether running `step` changes nothing but its own output slots.
    private static func isPure(_ step: Step) -> Bool {
        switch step.code {
        case .kernel, .single, .constant, .switchValue, .switchReference, .initialized, .merge, .loopMerge, .forward,
            .noOp, .trigger:
            true
        case .assign, .update, .apply, .exit, .loop, .resource, .compiled: false
        }
    }
}
