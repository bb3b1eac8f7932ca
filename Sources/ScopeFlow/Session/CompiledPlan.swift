/// A plan whose values are all float32 with the shapes of the run it was
/// compiled from, executed over one preallocated arena.
///
/// Its steps are closures over fixed addresses: a run copies the feeds and
/// the variables it uses into the arena, calls every step, writes the
/// variables it changed back and copies out the fetches. Nothing is allocated
/// but the fetched results, no value is reference counted and no shape is
/// checked per step, which is most of the interpreter's cost on small tensors.
/// Runs whose feeds or variables have other shapes go to the interpreter.
final class CompiledPlan {
    /// A fed or fetched value: where it lives and its shape.
    struct Region {
        let pointer: UnsafeMutablePointer<Float>
        let shape: [Int]
        let count: Int
    }

    /// A variable the plan reads or writes, by session variable slot.
    struct VariableRegion {
        let variable: Int
        let region: Region
        let isWritten: Bool
    }

    private let arena: UnsafeMutableRawPointer
    /// Scratch memory some steps own (reduction accumulators), freed with the plan.
    private let scratch: [UnsafeMutableRawPointer]
    /// The steps, boxed so that a run can call each one without retaining its context.
    private let steps: [StepBox]
    /// The same boxes, unretained: what the run loop calls through.
    private let unretainedSteps: [Unmanaged<StepBox>]
    private let feeds: [Region]
    private let variables: [VariableRegion]
    private let fetches: [Region]
    /// The session's variable epoch when the arena's variable copies last matched the
    /// session's values (nil: never).
    private var loadedEpoch: Int?

    init(
        arena: UnsafeMutableRawPointer, scratch: [UnsafeMutableRawPointer], steps: [StepBox], feeds: [Region],
        variables: [VariableRegion], fetches: [Region]
    ) {
        self.arena = arena
        self.scratch = scratch
        self.steps = steps
        unretainedSteps = self.steps.map { Unmanaged.passUnretained($0) }
        self.feeds = feeds
        self.variables = variables
        self.fetches = fetches
    }

    /// How many steps a run executes.
    var stepCount: Int { steps.count }

    deinit {
        arena.deallocate()
        for memory in scratch { memory.deallocate() }
    }

    /// Runs the plan, or returns nil without touching anything when a feed or a
    /// variable does not have the dtype and shape the plan was compiled for.
    ///
    /// The variables are copied into the arena only when `epoch` says one may have
    /// changed since this plan last ran; a plan that writes variables advances it.
    func run(feedValues: [HostTensor], variables storage: inout [HostTensor?], epoch: inout Int) -> [HostTensor]? {
        for (region, value) in zip(feeds, feedValues) where !region.holds(value) { return nil }
        if loadedEpoch != epoch {
            for variable in variables {
                guard let value = storage[variable.variable], variable.region.holds(value) else { return nil }
            }
            for variable in variables { variable.region.load(storage[variable.variable]!) }
        }
        for (region, value) in zip(feeds, feedValues) { region.load(value) }
        unretainedSteps.withUnsafeBufferPointer { steps in
            // `steps` keeps every box alive, so each is borrowed, not retained, for its call:
            // a retain and release of each step's context cost ~6% of the seed RNN's step.
            for step in steps { step._withUnsafeGuaranteedRef { $0.body() } }
        }
        if variables.contains(where: \.isWritten) {
            for variable in variables where variable.isWritten {
                storage[variable.variable] = variable.region.store(into: storage[variable.variable].take()!)
            }
            epoch &+= 1
        }
        loadedEpoch = epoch
        return fetches.map { $0.copy() }
    }
}

extension CompiledPlan {
    /// One step in a class box, so that the run loop can borrow it through `Unmanaged`.
    final class StepBox {
        let body: CompiledStep
        init(_ body: @escaping CompiledStep) { self.body = body }
    }
}

extension CompiledPlan.Region {
    init(pointer: UnsafeMutablePointer<Float>, shape: [Int]) {
        self.init(pointer: pointer, shape: shape, count: shape.reduce(1, *))
    }

    /// True when `value` is float32 with this region's shape.
    func holds(_ value: HostTensor) -> Bool {
        guard case .float32 = value.storage else { return false }
        return value.shape == shape
    }

    /// Copies `value` (which ``holds(_:)`` accepted) into the region.
    func load(_ value: HostTensor) {
        guard case .float32(let elements) = value.storage, count > 0 else { return }
        elements.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: count) }
    }

    /// The region's elements written over `old`'s buffer when nothing else holds it.
    func store(into old: consuming HostTensor) -> HostTensor {
        var elements = Float.elements(of: old)
        if count > 0 { elements.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: pointer, count: count) } }
        return HostTensor(uncheckedStorage: .float32(elements), shape: shape)
    }

    /// A new tensor holding the region's elements.
    func copy() -> HostTensor {
        HostTensor(uncheckedStorage: .float32(Array(UnsafeBufferPointer(start: pointer, count: count))), shape: shape)
    }
}
