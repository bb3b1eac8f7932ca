import Foundation

/// `learningRate · decayRate^(step / decaySteps)` (TF's `tf.compat.v1.train.exponential_decay`);
/// with `staircase` the exponent is floored, so the rate drops every `decaySteps` steps.
///
/// Built as TF 2.21 builds it, in the name scope `name` (default `ExponentialDecay`): the
/// `initial_learning_rate` `Const`, the steps cast to float32 (`Cast`, `Cast_2`), `truediv`,
/// `Floor` when staircase, `Pow`, and a `Mul` named after the scope, the rate.
///
/// ```swift
/// let step = try getOrCreateGlobalStep()
/// let rate = try exponentialDecay(0.1, globalStep: step, decaySteps: 2, decayRate: 0.9, staircase: true)
/// let optimizer = try AdagradOptimizer(learningRate: .tensor(rate))   // 0.1, 0.1, 0.09, 0.09, 0.081 …
/// ```
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `decaySteps` is not positive;
///   ``ScopeFlowError/Code/dtypeMismatch`` when `globalStep` is not a number.
public func exponentialDecay(
    _ learningRate: Double, globalStep: any TensorConvertible, decaySteps: Int, decayRate: Double,
    staircase: Bool = false, name: String? = nil
) throws -> Tensor {
    try decayed(learningRate, globalStep, decaySteps, name: name, defaultName: "ExponentialDecay") {
        initial, steps, scope in
        try exponentialDecayFactor(
            rate: .value(decayRate), initial: initial, steps, staircase: staircase, scope: scope)
    }
}

/// `learningRate · e^(−decayRate · step / decaySteps)` (TF's
/// `tf.compat.v1.train.natural_exp_decay`); with `staircase` the exponent's step fraction is floored.
///
/// As in TF, `e^(−decayRate)` is built first in the current scope (`Neg/x`, `Neg`, `Exp`), then
/// an ``exponentialDecay(_:globalStep:decaySteps:decayRate:staircase:name:)`` of that rate in the
/// scope `name` (default `ExponentialDecay`).
/// - Throws: as ``exponentialDecay(_:globalStep:decaySteps:decayRate:staircase:name:)``.
public func naturalExpDecay(
    _ learningRate: Double, globalStep: any TensorConvertible, decaySteps: Int, decayRate: Double,
    staircase: Bool = false, name: String? = nil
) throws -> Tensor {
    let step = globalStep.tensor
    try checkSchedule(step: step, decaySteps: decaySteps)
    let negated = try nameScope("Neg") { scope in try negative(constant(decayRate, name: "x"), name: scope) }
    let rate = try exp(negated)
    return try decayed(learningRate, step, decaySteps, name: name, defaultName: "ExponentialDecay") {
        initial, steps, scope in
        try exponentialDecayFactor(rate: .tensor(rate), initial: initial, steps, staircase: staircase, scope: scope)
    }
}

/// `learningRate / (1 + decayRate · step / decaySteps)` (TF's
/// `tf.compat.v1.train.inverse_time_decay`); with `staircase` the step fraction is floored.
///
/// Built in the name scope `name` (default `InverseTimeDecay`) as TF builds it, the rate a
/// `RealDiv` named after the scope.
/// - Throws: as ``exponentialDecay(_:globalStep:decaySteps:decayRate:staircase:name:)``.
public func inverseTimeDecay(
    _ learningRate: Double, globalStep: any TensorConvertible, decaySteps: Int, decayRate: Double,
    staircase: Bool = false, name: String? = nil
) throws -> Tensor {
    try decayed(learningRate, globalStep, decaySteps, name: name, defaultName: "InverseTimeDecay") {
        initial, steps, scope in
        let rate = try floatScalar(.value(decayRate))
        let fraction = try divide(steps.step(), steps.decaySteps)
        let exponent = try staircase ? floor(fraction) : fraction
        let one = try cast(constant(Int32(1), name: "Const"), to: .float32)
        return try divide(initial, add(one, multiply(rate, exponent)), name: scope)
    }
}

/// The learning rate falling from `learningRate` to `learningRate · alpha` along half a cosine
/// over `decaySteps` steps, then staying there (TF's `tf.compat.v1.train.cosine_decay`).
///
/// Built in the name scope `name` (default `CosineDecay`) as TF builds it; as in TF the rate is
/// that scope's last `Mul` (`CosineDecay/Mul_3`), not an op named after the scope.
/// - Throws: as ``exponentialDecay(_:globalStep:decaySteps:decayRate:staircase:name:)``.
public func cosineDecay(
    _ learningRate: Double, globalStep: any TensorConvertible, decaySteps: Int, alpha: Double = 0,
    name: String? = nil
) throws -> Tensor {
    try decayed(learningRate, globalStep, decaySteps, name: name, defaultName: "CosineDecay") { initial, steps, _ in
        let decaySteps = steps.decaySteps
        let fraction = try divide(minimum(steps.step(), decaySteps), decaySteps)
        let angle = try constant(Double.pi, name: "Const") * fraction
        let cosine = try 0.5 * (1.0 + cos(angle))
        return try multiply(initial, (1 - alpha) * cosine + alpha)
    }
}

/// The learning rate falling from `learningRate` to `endLearningRate` along `(1 − step /
/// decaySteps)^power` over `decaySteps` steps (TF's `tf.compat.v1.train.polynomial_decay`);
/// then it stays at `endLearningRate`, or with `cycle` it decays again over the next multiple of
/// `decaySteps` that lies past the step.
///
/// Built in the name scope `name` (default `PolynomialDecay`) as TF builds it, the rate an
/// `AddV2` named after the scope.
/// - Throws: as ``exponentialDecay(_:globalStep:decaySteps:decayRate:staircase:name:)``.
public func polynomialDecay(
    _ learningRate: Double, globalStep: any TensorConvertible, decaySteps: Int,
    endLearningRate: Double = 0.0001, power: Double = 1, cycle: Bool = false, name: String? = nil
) throws -> Tensor {
    let step = globalStep.tensor
    try checkSchedule(step: step, decaySteps: decaySteps)
    return try nameScope(name, defaultName: "PolynomialDecay", values: [step]) { scope in
        let initial = try constant(learningRate, name: "initial_learning_rate")
        let end = try floatScalar(.value(endLearningRate))
        let exponent = try floatScalar(.value(power))
        let floatStep = try cast(step, to: .float32)
        let steps = try floatScalar(.count(decaySteps))
        let fraction: Tensor
        if cycle {
            // TF divides by the Python number of steps here, not by the cast tensor.
            let isFirst = try scalarComparison("Equal", floatStep, 0)
            let cycles = try ceil(floatStep / Double(decaySteps))
            let multiplier = try nameScope("SelectV2") { name in
                try whereV2(isFirst, constant(1.0, name: "t"), cycles, name: name)
            }
            fraction = try divide(floatStep, multiply(steps, multiplier))
        } else {
            fraction = try divide(minimum(floatStep, steps), steps)
        }
        let span = try initial - end
        let shape = try pow(1.0 - fraction, exponent)
        return try add(multiply(span, shape), end, name: scope)
    }
}

/// A number a schedule converts to float32 as TF's `math_ops.cast(value, dtype)` does: a float
/// `Const` named `Cast/x` (no cast needed), an integer `Const` `Cast/x` then a `Cast`, or a tensor
/// cast only when it is not float32 already.
private enum ScheduleScalar {
    case value(Double)
    case count(Int)
    case tensor(Tensor)
}

private func floatScalar(_ scalar: ScheduleScalar) throws -> Tensor {
    switch scalar {
    case .value(let value):
        return try nameScope("Cast") { _ in try constant(value, name: "x") }
    case .count(let count):
        return try nameScope("Cast") { scope in
            try cast(constant(Int32(count), name: "x"), to: .float32, name: scope)
        }
    case .tensor(let tensor):
        return try cast(tensor, to: .float32)
    }
}

/// The steps a schedule reads: the cast decay steps, made first, then the step, cast on demand
/// (TF casts the global step after the schedule's own constants).
private struct ScheduleSteps {
    let decaySteps: Tensor
    let globalStep: Tensor
    func step() throws -> Tensor { try cast(globalStep, to: .float32) }
}

/// The shared frame of TF's exponential, inverse-time and cosine schedules: the name scope, the
/// `initial_learning_rate` `Const`, the decay steps cast to float32, then `body`, given those and
/// the scope's name, makes the rate.
private func decayed(
    _ learningRate: Double, _ globalStep: any TensorConvertible, _ decaySteps: Int, name: String?,
    defaultName: String, _ body: (_ initial: Tensor, ScheduleSteps, _ scope: String) throws -> Tensor
) throws -> Tensor {
    let step = globalStep.tensor
    try checkSchedule(step: step, decaySteps: decaySteps)
    return try nameScope(name, defaultName: defaultName, values: [step]) { scope in
        let initial = try constant(learningRate, name: "initial_learning_rate")
        let steps = ScheduleSteps(decaySteps: try floatScalar(.count(decaySteps)), globalStep: step)
        return try body(initial, steps, scope)
    }
}

/// `initial · rate^(step / decaySteps)` (floored with `staircase`) as TF's `ExponentialDecay`
/// builds it, the rate converted before the step is cast, the product named `scope`.
private func exponentialDecayFactor(
    rate: ScheduleScalar, initial: Tensor, _ steps: ScheduleSteps, staircase: Bool, scope: String
) throws -> Tensor {
    let base = try floatScalar(rate)
    let fraction = try divide(steps.step(), steps.decaySteps)
    let exponent = try staircase ? floor(fraction) : fraction
    return try multiply(initial, pow(base, exponent), name: scope)
}

/// Refuses a schedule over no steps (its rates would be infinite or NaN) or on a step that is
/// not a number.
private func checkSchedule(step: Tensor, decaySteps: Int) throws {
    guard decaySteps > 0, decaySteps <= Int(Int32.max) else {
        throw ScopeFlowError(
            .invalidArgument,
            "decay_steps must be a positive int32, not \(decaySteps): the schedule divides the step by it.")
    }
    guard step.dtype.isNumeric else {
        throw ScopeFlowError(
            .dtypeMismatch,
            "the global step must be a number, not \(step.name) of dtype \(step.dtype); pass getOrCreateGlobalStep().",
            names: [step.name])
    }
}
