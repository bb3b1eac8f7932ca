/// The frames of a plan with control flow, as TF's executor derives them from `Enter` / `Exit`
/// ops (`BuildControlFlowInfo`): the root frame, and one frame per while loop, nested as the
/// loops are. Each frame lists what it runs in order: its own ops, and each child loop as one
/// unit placed after everything its `Enter`s read and before everything that reads its `Exit`s.
///
/// An op *runs in* one frame: an `Enter` in the loop it enters, an `Exit` in the loop it leaves.
/// Its outputs are *seen in* that frame too, except an `Exit`'s, which its parent frame reads.
/// Every other edge stays inside one frame; a graph that breaks this is malformed.
struct FrameLayout {
    /// What a frame runs, in order.
    enum Unit {
        case op(Operation)
        /// A child loop, by index into ``frames``.
        case frame(Int)
    }

    struct Frame {
        /// The loop's `frame_name` (the while context's name), empty for the root.
        let name: String
        /// The enclosing frame, nil for the root.
        let parent: Int?
        /// The frame's ops and child loops in run order (its `Enter`s first).
        var units: [Unit] = []
    }

    /// The root frame first.
    private(set) var frames: [Frame]
    /// The frame each op runs in, by op id.
    private(set) var runFrame: [Int: Int] = [:]

    /// Lays out `ops` (the ops a run needs) in frames.
    ///
    /// - Parameter fed: plan codes of fed tensors: seen in the root frame, their ops not run.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` naming the op and both frames when an edge
    ///   crosses frames other than through `Enter` / `Exit`, when an `Exit` is not in a loop, or
    ///   when the graph has a cycle that does not go through a `NextIteration`.
    init(ops: [Operation], fed: Set<Int>) throws {
        frames = [Frame(name: "", parent: nil)]
        let order = try Self.topologicalOrder(ops, fed: fed)
        var childFrames: [FrameKey: Int] = [:]
        for op in order {
            runFrame[op.id] = try frameOf(op, fed: fed, childFrames: &childFrames)
        }
        var position: [Int: Int] = [:]
        for (index, op) in order.enumerated() { position[op.id] = index }
        for frame in frames.indices {
            frames[frame].units = try orderedUnits(of: frame, order: order, position: position, fed: fed)
        }
    }

    /// The frame whose ops read `tensor`'s value: its op's frame, the parent's for an `Exit`.
    func seenIn(_ tensor: Tensor, fed: Set<Int>) -> Int {
        if fed.contains(tensor.planCode) { return 0 }
        return seenIn(tensor.op)
    }

    private func seenIn(_ op: Operation) -> Int {
        let frame = runFrame[op.id] ?? 0
        return op.isLoopExit ? (frames[frame].parent ?? 0) : frame
    }

    private struct FrameKey: Hashable {
        let parent: Int
        let name: String
    }

    /// The frame `op` runs in; its inputs' frames are known already.
    private mutating func frameOf(_ op: Operation, fed: Set<Int>, childFrames: inout [FrameKey: Int]) throws -> Int {
        if op.isLoopEnter {
            let parent = seenIn(op.inputs[0], fed: fed)
            let name = op.attrs["frame_name"]?.stringValue ?? ""
            let key = FrameKey(parent: parent, name: name)
            if let frame = childFrames[key] { return frame }
            frames.append(Frame(name: name, parent: parent))
            childFrames[key] = frames.count - 1
            return frames.count - 1
        }
        var frame: Int?
        var from: String?
        let sources =
            op.inputs.filter { !($0.op.isNextIteration && op.isMerge) }.map { ($0.name, seenIn($0, fed: fed)) }
            + op.controlInputs.map { ("^" + $0.name, seenIn($0)) }
        for (name, source) in sources {
            guard let known = frame else {
                (frame, from) = (source, name)
                continue
            }
            if known != source {
                throw malformed(
                    op,
                    "reads \(from!) from \(describe(known)) and \(name) from \(describe(source)); "
                        + "an op reads values of one frame only, other frames' values pass through Enter or Exit")
            }
        }
        if op.isLoopExit, (frame ?? 0) == 0 {
            throw malformed(op, "is an Exit outside any while loop; an Exit must read a value of a loop's frame")
        }
        return frame ?? 0
    }

    /// The frame's units in an order where each follows what it reads, nearest to creation order.
    private func orderedUnits(of frame: Int, order: [Operation], position: [Int: Int], fed: Set<Int>) throws
        -> [Unit]
    {
        // The unit of this frame that computes what an op of the frame reads: the op itself, or
        // the child loop (of this frame) it runs in, however deeply nested.
        func unit(runningIn childFrame: Int, op: Operation) -> UnitKey? {
            var current = childFrame
            while current != frame, let parent = frames[current].parent, parent != frame { current = parent }
            if current == frame { return .op(op.id) }
            return frames[current].parent == frame ? .frame(current) : nil
        }
        var units: [UnitKey] = []
        var dependencies: [UnitKey: [UnitKey]] = [:]
        var firstPosition: [UnitKey: Int] = [:]
        for op in order {
            guard let run = runFrame[op.id], let key = unit(runningIn: run, op: op) else { continue }
            if firstPosition[key] == nil {
                firstPosition[key] = position[op.id]!
                units.append(key)
            }
            // Only what crosses into this frame's units matters: an op of this frame, or an Enter
            // of a direct child loop.
            let reads: [Operation]
            switch key {
            case .op:
                reads =
                    op.inputs.filter { !($0.op.isNextIteration && op.isMerge) && !fed.contains($0.planCode) }.map(\.op)
                    + op.controlInputs
            case .frame(let child):
                reads = run == child && op.isLoopEnter ? op.inputs.filter { !fed.contains($0.planCode) }.map(\.op) : []
            }
            for input in reads {
                guard let inputRun = runFrame[input.id], let dependency = unit(runningIn: inputRun, op: input),
                    dependency != key
                else { continue }
                dependencies[key, default: []].append(dependency)
            }
        }
        var ordered: [Unit] = []
        var state: [UnitKey: Bool] = [:]  // false: being visited, true: done
        for start in units {
            var stack: [(UnitKey, Int)] = [(start, 0)]
            guard state[start] == nil else { continue }
            state[start] = false
            while let (key, next) = stack.popLast() {
                let deps = dependencies[key] ?? []
                if next < deps.count {
                    stack.append((key, next + 1))
                    let dep = deps[next]
                    switch state[dep] {
                    case nil:
                        state[dep] = false
                        stack.append((dep, 0))
                    case false?:
                        throw ScopeFlowError(
                            .invalidArgument,
                            "The graph's control flow is malformed: \(describe(frame)) has a cycle that does "
                                + "not pass through a NextIteration (a while loop's back edge).")
                    case true?: break
                    }
                    continue
                }
                state[key] = true
                switch key {
                case .op(let id): ordered.append(.op(order[position[id]!]))
                case .frame(let child): ordered.append(.frame(child))
                }
            }
        }
        return ordered
    }

    private enum UnitKey: Hashable {
        case op(Int)
        case frame(Int)
    }

    /// `ops` in an order where each op follows its inputs and control inputs, except a `Merge`'s
    /// input from a `NextIteration` (a loop's back edge); creation order where it already is one.
    private static func topologicalOrder(_ ops: [Operation], fed: Set<Int>) throws -> [Operation] {
        let sorted = ops.sorted { $0.id < $1.id }
        var index: [Int: Int] = [:]
        for (i, op) in sorted.enumerated() { index[op.id] = i }
        func dependencies(_ op: Operation) -> [Int] {
            let data = op.inputs.filter { !($0.op.isNextIteration && op.isMerge) && !fed.contains($0.planCode) }
            return (data.map(\.op) + op.controlInputs).compactMap { index[$0.id] }
        }
        var done = [Bool](repeating: false, count: sorted.count)
        var visiting = [Bool](repeating: false, count: sorted.count)
        var order: [Operation] = []
        order.reserveCapacity(sorted.count)
        for start in sorted.indices where !done[start] {
            var stack: [(Int, [Int], Int)] = [(start, dependencies(sorted[start]), 0)]
            visiting[start] = true
            while let (node, deps, next) = stack.popLast() {
                if next < deps.count {
                    stack.append((node, deps, next + 1))
                    let dep = deps[next]
                    if done[dep] { continue }
                    if visiting[dep] {
                        throw ScopeFlowError(
                            .invalidArgument,
                            "The graph has a cycle through '\(sorted[dep].name)' that does not pass through a "
                                + "NextIteration (a while loop's back edge); build loops with whileLoop.",
                            names: [sorted[dep].name])
                    }
                    visiting[dep] = true
                    stack.append((dep, dependencies(sorted[dep]), 0))
                    continue
                }
                visiting[node] = false
                done[node] = true
                order.append(sorted[node])
            }
        }
        return order
    }

    private func describe(_ frame: Int) -> String {
        frame == 0 ? "the root frame" : "the frame of while loop '\(frames[frame].name)'"
    }

    private func malformed(_ op: Operation, _ detail: String) -> ScopeFlowError {
        ScopeFlowError(
            .invalidArgument, "The graph's control flow is malformed: op '\(op.name)' (\(op.type)) \(detail).",
            names: [op.name])
    }
}

extension Operation {
    /// `Enter` or `RefEnter`.
    var isLoopEnter: Bool { type == "Enter" || type == "RefEnter" }
    /// `Exit` or `RefExit`.
    var isLoopExit: Bool { type == "Exit" || type == "RefExit" }
    /// `NextIteration` or `RefNextIteration`.
    var isNextIteration: Bool { type == "NextIteration" || type == "RefNextIteration" }
    /// `Merge` or `RefMerge`.
    var isMerge: Bool { type == "Merge" || type == "RefMerge" }
    /// `Switch` or `RefSwitch`.
    var isSwitch: Bool { type == "Switch" || type == "RefSwitch" }
}
