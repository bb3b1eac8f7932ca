extension Kernels {
    /// The training ops of TF's `training_ops.cc`. Each kernel takes the current values of the
    /// variable and its slots first, then the op's other inputs, and returns the new values of
    /// the variable and its slots, in that order; the plan writes them back (see
    /// ``PlanAction/apply(_:references:)``).
    static let applyGradientDescent = TrainingOp(references: 1, gradient: 2) { _ in GradientDescentUpdate() }
    /// `ApplyMomentum(var, accum, lr, grad, momentum)`.
    static let applyMomentum = TrainingOp(references: 2, gradient: 3) {
        MomentumUpdate(nesterov: $0.bool("use_nesterov", default: false))
    }
    /// `ApplyAdam(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad)`.
    static let applyAdam = TrainingOp(references: 3, gradient: 9) {
        AdamUpdate(nesterov: $0.bool("use_nesterov", default: false))
    }
    /// `ApplyRMSProp(var, ms, mom, lr, rho, momentum, epsilon, grad)`.
    static let applyRMSProp = TrainingOp(references: 3, gradient: 7) { _ in RMSPropUpdate() }
    /// `ApplyAdagrad(var, accum, lr, grad)`.
    static let applyAdagrad = TrainingOp(references: 2, gradient: 3) {
        AdagradUpdate(updateSlots: $0.bool("update_slots", default: true))
    }
}

/// An op that writes variables in place: a training op, or a row update (`ScatterSub`). Its
/// kernel takes the variables' current values first and returns their new values; an
/// elementwise update also has a float32 loop over buffers, for compiled plans.
struct TrainingOp: Sendable {
    /// How many leading inputs are variables the op writes: the variable, then its slots.
    let references: Int
    let kernel: KernelFactory
    /// The update as an elementwise loop, nil for an op that updates rows picked by indices
    /// (compiled plans leave those to the interpreter).
    let elementwise: ElementwiseTraining?

    /// An elementwise training op. With `requirements` (TF's checks of a scalar's sign) it has no
    /// elementwise form, so every run goes through the kernel's checks.
    init<U: TrainingUpdate>(
        references: Int, gradient: Int, requirements: [ScalarRequirement] = [],
        _ make: @escaping @Sendable (KernelContext) -> U
    ) {
        self.references = references
        kernel = { context in
            TrainingKernel(
                references: references, gradient: gradient, requirements: requirements, context: context,
                update: make(context)
            ).kernel
        }
        elementwise =
            requirements.isEmpty
            ? ElementwiseTraining(gradient: gradient) { context in
                let update = make(context)
                return { update.apply($0) }
            } : nil
    }

    /// An op whose kernel is its own (a row update), with no elementwise form.
    init(references: Int, kernel: @escaping KernelFactory) {
        self.references = references
        self.kernel = kernel
        elementwise = nil
    }
}

/// The elementwise form of a training op: where its gradient input is and its float32 update.
struct ElementwiseTraining: Sendable {
    /// The input index of the gradient; every input after the references but this one is a scalar.
    let gradient: Int
    let float32Update: @Sendable (KernelContext) -> (TrainingBuffers<Float>) -> Void
}

/// One optimizer's elementwise update over ``TrainingBuffers``.
protocol TrainingUpdate: Sendable {
    func apply<T: FloatElement>(_ buffers: TrainingBuffers<T>)
}

/// The memory one training update reads and writes: the variable and up to three
/// slots (written in place), the gradient, all `count` long, and the op's scalar inputs
/// in input order. An update with fewer slots never touches the unused ones.
struct TrainingBuffers<T> {
    let count: Int
    let variable: UnsafeMutablePointer<T>
    let slot1: UnsafeMutablePointer<T>
    let slot2: UnsafeMutablePointer<T>
    /// The third slot; only updates of four references (`ApplyCenteredRMSProp`) use it.
    let slot3: UnsafeMutablePointer<T>
    let gradient: UnsafePointer<T>
    let scalars: UnsafePointer<T>

    /// Buffers for an update of up to four references; without `slot3` (an update of at most
    /// three references) it is `slot2`, which such an update never reads as a third slot.
    init(
        count: Int, variable: UnsafeMutablePointer<T>, slot1: UnsafeMutablePointer<T>,
        slot2: UnsafeMutablePointer<T>, slot3: UnsafeMutablePointer<T>? = nil, gradient: UnsafePointer<T>,
        scalars: UnsafePointer<T>
    ) {
        (self.count, self.variable, self.slot1, self.slot2) = (count, variable, slot1, slot2)
        self.slot3 = slot3 ?? slot2
        (self.gradient, self.scalars) = (gradient, scalars)
    }

    /// The buffers of one row: `count` elements from `row` of the variable and its slots, from
    /// `gradientRow` of the gradient (the rows a sparse update visits).
    func row(_ row: Int, gradientRow: Int, count: Int) -> TrainingBuffers {
        let (offset, gradientOffset) = (row * count, gradientRow * count)
        return TrainingBuffers(
            count: count, variable: variable + offset, slot1: slot1 + offset, slot2: slot2 + offset,
            slot3: slot3 + offset, gradient: gradient + gradientOffset, scalars: scalars)
    }
}

extension TrainingUpdate {
    /// Runs the update on arrays: `references` holds the variable then its slots.
    func apply<T: FloatElement>(_ references: inout [[T]], scalars: [T], gradient: [T]) {
        withTrainingBuffers(&references, scalars: scalars, gradient: gradient) { apply($0) }
    }
}

/// Calls `body` with ``TrainingBuffers`` over `references` (the variable, then up to three
/// slots, written in place), `gradient` and `scalars`; nothing when the variable is empty.
func withTrainingBuffers<T>(
    _ references: inout [[T]], scalars: [T], gradient: [T], _ body: (TrainingBuffers<T>) -> Void
) {
    // Moved out of `references` so each stays uniquely held and is written in place.
    var arrays: [[T]] = [[], [], [], []]
    for i in references.indices { swap(&arrays[i], &references[i]) }
    var (variable, slot1, slot2, slot3) = (arrays[0], arrays[1], arrays[2], arrays[3])
    arrays = []
    variable.withUnsafeMutableBufferPointer { v in
        slot1.withUnsafeMutableBufferPointer { s1 in
            slot2.withUnsafeMutableBufferPointer { s2 in
                slot3.withUnsafeMutableBufferPointer { s3 in
                    gradient.withUnsafeBufferPointer { g in
                        scalars.withUnsafeBufferPointer { k in
                            guard let base = v.baseAddress, let g = g.baseAddress, let k = k.baseAddress else { return }
                            body(
                                TrainingBuffers(
                                    count: v.count, variable: base, slot1: s1.baseAddress ?? base,
                                    slot2: s2.baseAddress ?? base, slot3: s3.baseAddress ?? base, gradient: g,
                                    scalars: k))
                        }
                    }
                }
            }
        }
    }
    let updated = [variable, slot1, slot2, slot3]
    for i in references.indices { references[i] = updated[i] }
}

/// Checks a training op's inputs and runs its ``TrainingUpdate`` for float32 or float64.
struct TrainingKernel<Update: TrainingUpdate>: Sendable {
    /// How many leading inputs are the variable and its slots.
    let references: Int
    /// The input index of the gradient; every other non-reference input is a scalar.
    let gradient: Int
    /// TF's checks of the scalars' signs.
    let requirements: [ScalarRequirement]
    let context: KernelContext
    let update: Update

    var kernel: Kernel { { try self.run($0) } }

    private func run(_ inputs: [HostTensor]) throws -> [HostTensor] {
        switch inputs[0].storage {
        case .float32: return try run(inputs, as: Float.self)
        case .float64: return try run(inputs, as: Double.self)
        default:
            throw ScopeFlowError(
                .unimplemented,
                "Op '\(context.opName)' (\(context.opType)) has no CPU kernel for \(inputs[0].dtype); "
                    + "train float32 or float64 variables.",
                names: [context.opName])
        }
    }

    private func run<T: HostScalar & FloatElement>(_ inputs: [HostTensor], as _: T.Type) throws -> [HostTensor] {
        let shape = inputs[0].shape
        var values: [[T]] = []
        var scalars: [T] = []
        for (index, input) in inputs.enumerated() {
            let elements = try NaryOps.values(input, as: T.self, context)
            if index < references || index == gradient {
                guard input.shape == shape else {
                    let what = index == gradient ? "grad" : "accumulator \(index)"
                    throw NaryOps.shapeError(what, input.shape, shape, context)
                }
                if index < references { values.append(elements) }
            } else {
                guard input.shape.isEmpty else { throw NaryOps.shapeError("input \(index)", input.shape, [], context) }
                scalars.append(elements[0])
            }
        }
        try ScalarRequirement.check(requirements, inputs, as: T.self, context)
        update.apply(&values, scalars: scalars, gradient: try NaryOps.values(inputs[gradient], as: T.self, context))
        return values.map { HostTensor(uncheckedStorage: T.storage($0), shape: shape) }
    }
}

/// `var -= alpha · delta`.
struct GradientDescentUpdate: TrainingUpdate {
    func apply<T: FloatElement>(_ b: TrainingBuffers<T>) {
        let alpha = b.scalars[0]
        for i in 0..<b.count { b.variable[i] -= b.gradient[i] * alpha }
    }
}

/// `accum = accum · momentum + grad`; `var -= accum · lr` (Nesterov: `var -= grad · lr + accum · momentum · lr`).
struct MomentumUpdate: TrainingUpdate {
    let nesterov: Bool

    func apply<T: FloatElement>(_ b: TrainingBuffers<T>) {
        let (lr, momentum) = (b.scalars[0], b.scalars[1])
        for i in 0..<b.count {
            let accum = b.slot1[i] * momentum + b.gradient[i]
            b.slot1[i] = accum
            b.variable[i] -= nesterov ? b.gradient[i] * lr + accum * momentum * lr : accum * lr
        }
    }
}

/// TF's `ApplyAdamNonCuda`: `alpha = lr · √(1 − β₂ᵗ) / (1 − β₁ᵗ)`,
/// `m += (g − m)(1 − β₁)`, `v += (g² − v)(1 − β₂)`, `var -= m · alpha / (√v + ε)`
/// (Nesterov: `(g(1 − β₁) + β₁m) · alpha / (√v + ε)`).
struct AdamUpdate: TrainingUpdate {
    let nesterov: Bool

    func apply<T: FloatElement>(_ b: TrainingBuffers<T>) {
        let s = b.scalars
        let (beta1Power, beta2Power, lr, beta1, beta2, epsilon) = (s[0], s[1], s[2], s[3], s[4], s[5])
        let alpha = lr * (1 - beta2Power).squareRoot() / (1 - beta1Power)
        // Inlined with a constant `nesterov`, each call is its own loop with no test per
        // element, so both vectorize.
        @inline(__always) func update(nesterov: Bool) {
            for i in 0..<b.count {
                let g = b.gradient[i]
                let m = b.slot1[i] + (g - b.slot1[i]) * (1 - beta1)
                let v = b.slot2[i] + (g * g - b.slot2[i]) * (1 - beta2)
                b.slot1[i] = m
                b.slot2[i] = v
                let step = nesterov ? (g * (1 - beta1) + beta1 * m) * alpha : m * alpha
                b.variable[i] -= step / (v.squareRoot() + epsilon)
            }
        }
        if nesterov { update(nesterov: true) } else { update(nesterov: false) }
    }
}

/// `ms += (g² − ms)(1 − rho)`; `mom = mom · momentum + g · lr / √(ms + ε)`; `var -= mom`.
struct RMSPropUpdate: TrainingUpdate {
    func apply<T: FloatElement>(_ b: TrainingBuffers<T>) {
        let (lr, rho, momentum, epsilon) = (b.scalars[0], b.scalars[1], b.scalars[2], b.scalars[3])
        for i in 0..<b.count {
            let g = b.gradient[i]
            let ms = b.slot1[i] + (g * g - b.slot1[i]) * (1 - rho)
            let mom = b.slot2[i] * momentum + g * lr / (ms + epsilon).squareRoot()
            b.slot1[i] = ms
            b.slot2[i] = mom
            b.variable[i] -= mom
        }
    }
}

/// TF's `ApplyAdagrad`: `accum += g²` (unless `update_slots` is false), then
/// `var -= g · lr · (1/√accum)`.
struct AdagradUpdate: TrainingUpdate {
    let updateSlots: Bool

    func apply<T: FloatElement>(_ b: TrainingBuffers<T>) {
        let lr = b.scalars[0]
        for i in 0..<b.count {
            let g = b.gradient[i]
            if updateSlots { b.slot1[i] += g * g }
            b.variable[i] -= g * lr * (1 / b.slot1[i].squareRoot())
        }
    }
}
