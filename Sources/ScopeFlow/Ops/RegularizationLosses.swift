/// The regularization losses of the default graph's ``GraphKeys/regularizationLosses`` collection,
/// filtered by `scope` (TF's `tf.losses.get_regularization_losses`).
///
/// A penalty that ``getVariable(_:shape:dtype:initializer:regularizer:trainable:collections:file:line:)``
/// added is built again each time it is asked for, as TF's lazily evaluated collection entry is
/// rebuilt each time it becomes an op's input (`w/Regularizer/L2Loss_1` …); layers' penalties are
/// the tensors they built.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `scope` is not a valid regular expression.
public func getRegularizationLosses(scope: String? = nil) throws -> [Tensor] {
    let graph = Graph.current
    return try graph.collection(GraphKeys.regularizationLosses, scope: scope).compactMap { item in
        guard case .tensor(let tensor) = item else { return nil }
        guard let rebuild = graph.withSideTable(LazyRegularizationLosses.self, { $0.rebuilders[tensor.name] }) else {
            return tensor
        }
        return try rebuild()
    }
}

/// The sum of the regularization losses in `scope` (TF's `tf.losses.get_regularization_loss`): an
/// `AddN` named `name`, an `Identity` named `name` for a single loss, or a `Const` 0.0 when there
/// are none.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `scope` is not a valid regular expression.
public func getRegularizationLoss(
    scope: String? = nil, name: String = "total_regularization_loss", file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let losses = try getRegularizationLosses(scope: scope)
    guard !losses.isEmpty else { return try constant(0.0, file: file, line: line) }
    return try addN(losses, name: name, file: file, line: line)
}

extension Variable {
    /// Adds `regularizer`'s penalty of this layer weight, built in the name scope
    /// `<weightName>/Regularizer` inside the layer's, to ``GraphKeys/regularizationLosses`` (TF's
    /// legacy `Layer.add_weight` with a regularizer).
    func addLayerRegularizationLoss(_ regularizer: Regularizer, weightName: String) throws {
        let loss = try nameScope(weightName + "/Regularizer") { _ in try regularizer(self) }
        if let loss { try graph.addToCollection(GraphKeys.regularizationLosses, .tensor(loss)) }
    }
}

/// A layer's weight, as TF's legacy `Layer.add_weight`: ``getVariable(_:shape:dtype:initializer:regularizer:trainable:collections:file:line:)``
/// in the layer's scope, then, when the variable is new and `regularizer` is given, its penalty.
func layerWeight(
    _ name: String, shape: Shape, dtype: DType, initializer: Initializer?, regularizer: Regularizer?,
    trainable: Bool, file: String = #fileID, line: Int = #line
) throws -> Variable {
    let existing = try regularizer.map { _ in Set(try Graph.current.variables()) } ?? []
    let variable = try getVariable(
        name, shape: shape, dtype: dtype, initializer: initializer, trainable: trainable, file: file, line: line)
    if let regularizer, !existing.contains(variable) {
        try variable.addLayerRegularizationLoss(regularizer, weightName: name)
    }
    return variable
}
