import Synchronization

extension GraphKeys {
    /// The variables an ``ExponentialMovingAverage`` averages (`"moving_average_variables"`), TF's
    /// `MOVING_AVERAGE_VARIABLES`.
    public static let movingAverageVariables = "moving_average_variables"
}

/// Keeps exponential moving averages of variables (TF1's `tf.train.ExponentialMovingAverage`):
/// ``apply(_:file:line:)`` makes a shadow variable per variable and returns the op that moves
/// each shadow towards its variable, `shadow -= (shadow - variable) · (1 - decay)`.
///
/// With `numUpdates` (usually the global step) the decay is `min(decay, (1 + n) / (10 + n))`, so
/// early averages follow the variables faster. The shadows are named `<variable>/<name>`
/// (`dense/kernel/ExponentialMovingAverage`), are not trainable, and start at their variable's
/// value (through an `IsVariableInitialized` cond, as TF's), so a `Saver` writes and restores them
/// under TF's checkpoint keys.
///
/// ```swift
/// let ema = try ExponentialMovingAverage(decay: 0.99, numUpdates: globalStep)
/// let trainAndAverage = try controlDependencies([trainOp]) { try ema.apply(trainableVariables()) }
/// let shadow = ema.average(of: kernel)   // dense/kernel/ExponentialMovingAverage
/// ```
///
/// The averages of plain tensors (and so TF's `zero_debias`, which only they use) are not built:
/// ``apply(_:file:line:)`` takes variables.
public final class ExponentialMovingAverage: Sendable {
    /// The decay of the averages.
    public let decay: Double
    /// The number of updates so far that limits the decay, if any.
    public let numUpdates: Tensor?
    /// The name scope of the update ops and the suffix of the shadow variables.
    public let name: String
    private let slots = SlotStore()

    /// An averager with `decay` (typically close to 1, such as 0.999), optionally limited by
    /// `numUpdates` (an integer or float scalar, such as the global step), named `name`.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a decay that is not finite, a non-scalar
    ///   or non-numeric `numUpdates`, or an empty name.
    public init(
        decay: Double, numUpdates: (any TensorConvertible)? = nil, name: String = "ExponentialMovingAverage"
    ) throws {
        guard decay.isFinite else {
            throw ScopeFlowError(.invalidArgument, "ExponentialMovingAverage needs a finite decay, got \(decay).")
        }
        let updates = numUpdates?.tensor
        if let updates, !(updates.dtype.isInteger || updates.dtype.isFloatingPoint) || (updates.shape.rank ?? 0) != 0 {
            throw ScopeFlowError(
                .invalidArgument,
                "ExponentialMovingAverage's numUpdates must be a numeric scalar such as the global step, not "
                    + "\(updates.name) of type \(updates.dtype) and shape \(updates.shape).",
                names: [updates.name])
        }
        guard !name.isEmpty else {
            throw ScopeFlowError(.invalidArgument, "ExponentialMovingAverage needs a name; the default is fine.")
        }
        self.decay = decay
        self.numUpdates = updates
        self.name = name
    }

    /// Makes the shadow variables of `variables` (default: the trainable ones) that do not exist yet,
    /// adds the variables to ``GraphKeys/movingAverageVariables``, and returns the op that updates
    /// every shadow once (TF's `apply`): a `NoOp` named after the name scope `name`
    /// (`ExponentialMovingAverage`) that waits for one `AssignMovingAvg` per variable.
    ///
    /// As TF's, the shadows and their initial values are built outside any control dependencies
    /// or control flow, in the current name scope; the update ops are built under the current
    /// control dependencies (`apply` after a train op runs after it).
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a variable that is not a float.
    @discardableResult
    public func apply(
        _ variables: [Variable]? = nil, file: String = #fileID, line: Int = #line
    ) throws -> Operation {
        let location = SourceLocation(fileID: file, line: line)
        let list = try variables ?? trainableVariables()
        for variable in list where !variable.dtype.isFloatingPoint {
            throw ScopeFlowError(
                .invalidArgument,
                "ExponentialMovingAverage averages float variables; \(variable.name) is \(variable.dtype).",
                names: [variable.name], location: location)
        }
        for variable in list where average(of: variable) == nil {
            let shadow = try controlDependencies(nil) {
                let initial = try variable.initializedValue(file: file, line: line)
                return try slots.slot(name, for: variable, initializer: .tensor(initial), optimizerName: name)
            }
            try shadow.graph.addToCollection(GraphKeys.movingAverageVariables, .variable(variable))
        }
        return try nameScope(name) { scope in
            var rate = try constant(decay, name: "decay", file: file, line: line)
            if let numUpdates {
                let count = try cast(numUpdates, to: .float32, name: "num_updates", file: file, line: line)
                rate = try minimum(rate, divide(1.0 + count, 10.0 + count, file: file, line: line))
            }
            let updates = try list.map { variable in
                try assignMovingAverage(try requireAverage(of: variable), variable, decay: rate, location: location)
            }
            return try group(updates, name: scope, file: file, line: line)
        }
    }

    /// The shadow variable of `variable`, nil before ``apply(_:file:line:)`` made it (TF's `average`).
    public func average(of variable: Variable) -> Variable? { slots.slot(name, for: variable) }

    /// The name of `variable`'s shadow, its checkpoint key (TF's `average_name`): the shadow's op name
    /// once it exists, else `<variable>/<name>` as the graph would make it unique now.
    public func averageName(of variable: Variable) -> String {
        if let shadow = average(of: variable) { return shadow.op.name }
        let graph = try? variable.graph
        return graph?.uniqueName(variable.op.name + "/" + name, markAsUsed: false) ?? variable.op.name + "/" + name
    }

    /// The map from checkpoint keys to variables that restores the averages into the variables
    /// themselves (TF's `variables_to_restore`): each of `movingVariables` (default: the trainable
    /// ones and ``GraphKeys/movingAverageVariables``) under its ``averageName(of:)``, and every other
    /// global variable under its own name, unless that name is taken. Give it to a `Saver` to
    /// evaluate a model with its averaged weights.
    public func variablesToRestore(_ movingVariables: [Variable]? = nil) throws -> [String: Variable] {
        let moving: [Variable]
        if let movingVariables {
            moving = movingVariables
        } else {
            moving = try trainableVariables() + Graph.current.variables(GraphKeys.movingAverageVariables)
        }
        var map: [String: Variable] = [:]
        for variable in moving { map[averageName(of: variable)] = variable }
        let movingNames = Set(moving.map(\.name))
        for variable in try globalVariables() where !movingNames.contains(variable.name) {
            if map[variable.op.name] == nil { map[variable.op.name] = variable }
        }
        return map
    }

    /// The shadow of `variable`, which ``apply(_:file:line:)`` made.
    private func requireAverage(of variable: Variable) throws -> Variable {
        guard let shadow = average(of: variable) else {
            throw ScopeFlowError(
                .notFound, "ExponentialMovingAverage has no average of \(variable.name).", names: [variable.name])
        }
        return shadow
    }
}
