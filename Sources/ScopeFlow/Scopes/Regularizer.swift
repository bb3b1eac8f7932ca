/// A weight penalty: given a variable's value, the scalar loss it adds to
/// ``GraphKeys/regularizationLosses``, or nil for none (TF1's `regularizer` callables).
///
/// Give one to ``getVariable(_:shape:dtype:initializer:regularizer:trainable:collections:file:line:)``,
/// to a variable scope, or to a layer's `kernelRegularizer` / `biasRegularizer`. The closure is the
/// usual TF1 form, a lambda such as `lambda w: 1e-4 * tf.nn.l2_loss(w)`:
///
/// ```swift
/// let l2 = Regularizer { w in try 1e-4 * l2Loss(w) }
/// let h = try conv2dLayer(x, filters: 8, kernelSize: [3, 3], kernelRegularizer: l2, name: "conv")
/// // conv/kernel/Regularizer/L2Loss, conv/kernel/Regularizer/mul in regularization_losses
/// ```
///
/// ``l1Regularizer(_:)``, ``l2Regularizer(_:)`` and ``l1l2Regularizer(l1:l2:)`` build what
/// `tf.keras.regularizers.l1` / `l2` / `l1_l2` build.
public struct Regularizer: Sendable {
    private let penalty: @Sendable (Tensor) throws -> Tensor?

    /// A regularizer computing `penalty(weights)`, built in the name scope the caller opens
    /// (`<weight>/Regularizer/`).
    public init(_ penalty: @escaping @Sendable (Tensor) throws -> Tensor?) { self.penalty = penalty }

    /// Builds the penalty of `weights` in the current name scope; nil when the regularizer adds none.
    public func callAsFunction(_ weights: any TensorConvertible) throws -> Tensor? { try penalty(weights.tensor) }
}

/// A regularizer that adds no penalty (TF's `tf.compat.v1.no_regularizer`): given to a scope or a
/// variable, it switches off the enclosing scope's regularizer.
public let noRegularizer = Regularizer { _ in nil }

extension GraphKeys {
    /// The penalties of the variables' regularizers (`"regularization_losses"`), TF's
    /// `REGULARIZATION_LOSSES`.
    public static let regularizationLosses = "regularization_losses"
}

/// How `getVariable` rebuilds the penalties it added, by the name of the first-built tensor that the
/// collection holds (TF's `_LazyEvalTensor`).
struct LazyRegularizationLosses: GraphSideTable {
    var rebuilders: [String: @Sendable () throws -> Tensor] = [:]
}

extension Variable {
    /// Adds `regularizer`'s penalty of this new variable to ``GraphKeys/regularizationLosses``, as
    /// TF's `_VariableStore` does for `get_variable(regularizer=)`: the penalty is built once in the
    /// current name scope to see whether there is one, then in the name scope `<name>/Regularizer/`,
    /// and again there each time ``getRegularizationLosses(scope:)`` asks for it.
    func addLazyRegularizationLoss(_ regularizer: Regularizer) throws {
        guard try regularizer(self) != nil else { return }
        let scope = op.name + "/Regularizer/"
        let build: @Sendable () throws -> Tensor = { [self] in
            try nameScope(scope) { _ in
                guard let loss = try regularizer(self) else {
                    throw ScopeFlowError(
                        .invalidArgument,
                        "The regularizer of \(self.op.name) gave a penalty once and none the next time; make it "
                            + "give a tensor every time or never.",
                        names: [self.op.name])
                }
                return loss
            }
        }
        let first = try build()
        let graph = try self.graph
        graph.withSideTable(LazyRegularizationLosses.self) { $0.rebuilders[first.name] = build }
        graph.addToCollection(GraphKeys.regularizationLosses, .tensor(first))
    }
}
