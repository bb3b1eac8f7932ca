// The updates of TF's optimizers beyond the basic ones (`Training.swift`): centered RMSProp,
// Adadelta, FTRL and the proximal ones, each with its dense op and its sparse op (the same
// update on the rows a sparse gradient names, see `SparseTraining.swift`).

extension Kernels {
    /// `SparseApplyMomentum(var, accum, lr, grad, indices, momentum)`.
    static let sparseApplyMomentum = TrainingOp(inputs: 6, references: 2, sparseGradient: 3, indices: 4) {
        MomentumUpdate(nesterov: $0.bool("use_nesterov", default: false))
    }
    /// `SparseApplyRMSProp(var, ms, mom, lr, rho, momentum, epsilon, grad, indices)`.
    static let sparseApplyRMSProp = TrainingOp(inputs: 9, references: 3, sparseGradient: 7, indices: 8) { _ in
        RMSPropUpdate()
    }
    /// `ApplyCenteredRMSProp(var, mg, ms, mom, lr, rho, momentum, epsilon, grad)`.
    static let applyCenteredRMSProp = TrainingOp(references: 4, gradient: 8) { _ in CenteredRMSPropUpdate() }
    /// `SparseApplyCenteredRMSProp(var, mg, ms, mom, lr, rho, momentum, epsilon, grad, indices)`.
    static let sparseApplyCenteredRMSProp = TrainingOp(inputs: 10, references: 4, sparseGradient: 8, indices: 9) { _ in
        CenteredRMSPropUpdate()
    }
    /// `ApplyAdadelta(var, accum, accum_update, lr, rho, epsilon, grad)`.
    static let applyAdadelta = TrainingOp(references: 3, gradient: 6) { _ in AdadeltaUpdate() }
    /// `SparseApplyAdadelta(var, accum, accum_update, lr, rho, epsilon, grad, indices)`.
    static let sparseApplyAdadelta = TrainingOp(inputs: 8, references: 3, sparseGradient: 6, indices: 7) { _ in
        AdadeltaUpdate()
    }
    /// `ApplyFtrl(var, accum, linear, grad, lr, l1, l2, lr_power)`.
    static let applyFtrl = TrainingOp(references: 3, gradient: 3) { FtrlUpdate(shrinkage: false, $0) }
    /// `ApplyFtrlV2(var, accum, linear, grad, lr, l1, l2, l2_shrinkage, lr_power)`.
    static let applyFtrlV2 = TrainingOp(references: 3, gradient: 3) { FtrlUpdate(shrinkage: true, $0) }
    /// `SparseApplyFtrl(var, accum, linear, grad, indices, lr, l1, l2, lr_power)`, with TF's checks
    /// of the scalars.
    static let sparseApplyFtrl = TrainingOp(
        inputs: 9, references: 3, sparseGradient: 3, indices: 4, requirements: ftrlRequirements(shrinkage: false)
    ) { FtrlUpdate(shrinkage: false, $0) }
    /// `SparseApplyFtrlV2(var, accum, linear, grad, indices, lr, l1, l2, l2_shrinkage, lr_power)`.
    static let sparseApplyFtrlV2 = TrainingOp(
        inputs: 10, references: 3, sparseGradient: 3, indices: 4, requirements: ftrlRequirements(shrinkage: true)
    ) { FtrlUpdate(shrinkage: true, $0) }
    /// `ApplyProximalAdagrad(var, accum, lr, l1, l2, grad)`, with TF's checks of the scalars.
    static let applyProximalAdagrad = TrainingOp(
        references: 2, gradient: 5, requirements: proximalAdagradRequirements
    ) { _ in ProximalAdagradUpdate() }
    /// `SparseApplyProximalAdagrad(var, accum, lr, l1, l2, grad, indices)`.
    static let sparseApplyProximalAdagrad = TrainingOp(
        inputs: 7, references: 2, sparseGradient: 5, indices: 6, requirements: proximalAdagradRequirements
    ) { _ in ProximalAdagradUpdate() }
    /// `ApplyProximalGradientDescent(var, alpha, l1, l2, delta)`.
    static let applyProximalGradientDescent = TrainingOp(references: 1, gradient: 4) { _ in
        ProximalGradientDescentUpdate()
    }
    /// `SparseApplyProximalGradientDescent(var, alpha, l1, l2, grad, indices)`.
    static let sparseApplyProximalGradientDescent = TrainingOp(inputs: 6, references: 1, sparseGradient: 4, indices: 5)
    { _ in
        ProximalGradientDescentUpdate()
    }

    /// TF's checks of `SparseApplyFtrl`'s scalars (inputs 5…): `lr` positive, the strengths not
    /// negative, `lr_power` not positive.
    private static func ftrlRequirements(shrinkage: Bool) -> [ScalarRequirement] {
        let power = shrinkage ? 9 : 8
        var requirements = [
            ScalarRequirement(
                input: 5, sign: .positive,
                message: "lr is not a positive scalar (or zero if multiply_linear_by_lr is set): "),
            ScalarRequirement(
                input: 6, sign: .nonNegative, message: "l1 regularization strength is not a non-negative scalar: "),
            ScalarRequirement(
                input: 7, sign: .nonNegative, message: "l2 regularization strength is not a non-negative scalar: "),
            ScalarRequirement(input: power, sign: .nonPositive, message: "lr_power is not a non-positive scalar: "),
        ]
        if shrinkage {
            requirements.append(
                ScalarRequirement(
                    input: 8, sign: .nonNegative,
                    message: "l2 shrinkage regularization strength is not a non-negative scalar: "))
        }
        return requirements
    }

    /// TF's checks of the proximal Adagrad ops' `lr` (positive), `l1` and `l2` (not negative).
    private static let proximalAdagradRequirements = [
        ScalarRequirement(input: 2, sign: .positive, message: "lr is not a positive scalar: "),
        ScalarRequirement(
            input: 3, sign: .nonNegative, message: "l1 regularization strength is not a non-negative scalar: "),
        ScalarRequirement(
            input: 4, sign: .nonNegative, message: "l2 regularization strength is not a non-negative scalar: "),
    ]
}

/// TF's `ApplyCenteredRMSProp` (slots `mg`, `ms`, `mom`): `ms += (g² − ms)(1 − rho)`,
/// `mg += (g − mg)(1 − rho)`, `mom = mom · momentum + g · lr / √(ms − mg² + ε)`, `var -= mom`.
struct CenteredRMSPropUpdate: TrainingUpdate {
    func apply<T: FloatElement>(_ b: TrainingBuffers<T>) {
        let (lr, rho, momentum, epsilon) = (b.scalars[0], b.scalars[1], b.scalars[2], b.scalars[3])
        for i in 0..<b.count {
            let g = b.gradient[i]
            let ms = b.slot2[i] + (g * g - b.slot2[i]) * (1 - rho)
            let mg = b.slot1[i] + (g - b.slot1[i]) * (1 - rho)
            let mom = b.slot3[i] * momentum + g * lr / ((ms - mg * mg) + epsilon).squareRoot()
            (b.slot1[i], b.slot2[i], b.slot3[i]) = (mg, ms, mom)
            b.variable[i] -= mom
        }
    }
}

/// TF's `ApplyAdadelta` (slots `accum`, `accum_update`): `accum = accum · rho + g²(1 − rho)`,
/// `update = √(accum_update + ε) · (1/√(accum + ε)) · g`, `var -= update · lr`,
/// `accum_update = accum_update · rho + update²(1 − rho)`.
struct AdadeltaUpdate: TrainingUpdate {
    func apply<T: FloatElement>(_ b: TrainingBuffers<T>) {
        let (lr, rho, epsilon) = (b.scalars[0], b.scalars[1], b.scalars[2])
        for i in 0..<b.count {
            let g = b.gradient[i]
            let accum = b.slot1[i] * rho + g * g * (1 - rho)
            let update = (b.slot2[i] + epsilon).squareRoot() * (1 / (accum + epsilon).squareRoot()) * g
            b.variable[i] -= update * lr
            b.slot1[i] = accum
            b.slot2[i] = b.slot2[i] * rho + update * update * (1 - rho)
        }
    }
}

/// TF's `ApplyFtrl` / `ApplyFtrlV2` (slots `accum`, `linear`; scalars `lr, l1, l2[, l2_shrinkage],
/// lr_power`): with `n = accum + g²` and `p(a) = a^(−lr_power)` (`√a` for −0.5),
/// `linear += g̃ − (p(n) − p(accum)) / lr · var` where `g̃ = g + 2 · l2_shrinkage · var`,
/// `var = |linear| > l1 ? (l1 · sign(linear) − linear) / (p(n) / lr + 2 · l2) : 0`, `accum = n`.
/// With `multiply_linear_by_lr`, `linear` holds `lr` times that sum (TF's `…MultiplyLinearByLr`).
struct FtrlUpdate: TrainingUpdate {
    let shrinkage: Bool
    let multiplyLinearByLearningRate: Bool

    init(shrinkage: Bool, _ context: KernelContext) {
        self.shrinkage = shrinkage
        multiplyLinearByLearningRate = context.bool("multiply_linear_by_lr", default: false)
    }

    func apply<T: FloatElement>(_ b: TrainingBuffers<T>) {
        let (lr, l1, l2) = (b.scalars[0], b.scalars[1], b.scalars[2])
        let l2Shrinkage = shrinkage ? b.scalars[3] : 0
        let power = -b.scalars[shrinkage ? 4 : 3]
        @inline(__always) func raised(_ a: T) -> T { power == 0.5 ? a.squareRoot() : .pow(a, power) }
        for i in 0..<b.count {
            let (g, variable, accum) = (b.gradient[i], b.variable[i], b.slot1[i])
            let shrunk = shrinkage ? g + 2 * l2Shrinkage * variable : g
            let newAccum = accum + g * g
            let (newPower, oldPower) = (raised(newAccum), raised(accum))
            let linear: T
            let threshold: T
            let denominator: T
            if multiplyLinearByLearningRate {
                linear = b.slot2[i] + (shrunk * lr - (newPower - oldPower) * variable)
                threshold = l1 * lr
                denominator = newPower + 2 * l2 * lr
            } else {
                linear = b.slot2[i] + (shrunk - (newPower - oldPower) / lr * variable)
                threshold = l1
                denominator = newPower / lr + 2 * l2
            }
            let sign: T = linear == 0 ? 0 : (linear < 0 ? -1 : 1)
            b.slot2[i] = linear
            b.variable[i] = abs(linear) > threshold ? (threshold * sign - linear) / denominator : 0
            b.slot1[i] = newAccum
        }
    }
}

/// TF's `ApplyProximalAdagrad` (slot `accum`): `accum += g²`, `rate = lr / √accum`,
/// `v = var − g · rate`, `var = sign(v) · max(|v| − rate · l1, 0) / (1 + l2 · rate)` (when
/// `l1 > 0`, else `v / (1 + l2 · rate)`).
struct ProximalAdagradUpdate: TrainingUpdate {
    func apply<T: FloatElement>(_ b: TrainingBuffers<T>) {
        let (lr, l1, l2) = (b.scalars[0], b.scalars[1], b.scalars[2])
        for i in 0..<b.count {
            let g = b.gradient[i]
            let accum = b.slot1[i] + g * g
            b.slot1[i] = accum
            let rate = lr * (1 / accum.squareRoot())
            b.variable[i] = proximalStep(b.variable[i] - g * rate, rate: rate, l1: l1, l2: l2)
        }
    }
}

/// TF's `ApplyProximalGradientDescent`: `v = var − g · alpha`,
/// `var = sign(v) · max(|v| − alpha · l1, 0) / (1 + l2 · alpha)` (when `l1 > 0`, else
/// `v / (1 + l2 · alpha)`).
struct ProximalGradientDescentUpdate: TrainingUpdate {
    func apply<T: FloatElement>(_ b: TrainingBuffers<T>) {
        let (alpha, l1, l2) = (b.scalars[0], b.scalars[1], b.scalars[2])
        for i in 0..<b.count {
            b.variable[i] = proximalStep(b.variable[i] - b.gradient[i] * alpha, rate: alpha, l1: l1, l2: l2)
        }
    }
}

/// The proximal (FOBOS) step of a value `v` after a gradient step of size `rate`: soft
/// thresholding by `rate · l1` when `l1 > 0`, then shrinking by `1 + l2 · rate`.
@inline(__always)
private func proximalStep<T: FloatElement>(_ v: T, rate: T, l1: T, l2: T) -> T {
    guard l1 > 0 else { return v / (1 + l2 * rate) }
    let sign: T = v == 0 ? 0 : (v < 0 ? -1 : 1)
    return sign * max(abs(v) - rate * l1, 0) / (1 + l2 * rate)
}
