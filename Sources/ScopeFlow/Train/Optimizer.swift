/// A TF1 optimizer (TF's `tf.compat.v1.train.Optimizer`): builds the ops that
/// update variables from their gradients, with TF's op and slot names.
///
/// ``applyGradients(_:globalStep:name:)`` builds, as TF does, the optimizer's
/// slots in the current scopes (`w/Adam`, `beta1_power` …), then a name scope
/// `name` (default: the optimizer's name, made unique) holding the
/// hyperparameter constants, one `update_<variable>/Apply…` op per variable
/// and the group op named after the scope. The requirements below are the
/// steps it calls; each optimizer implements them.
///
/// ```swift
/// let w = try getVariable("w", shape: [2], initializer: .ones)
/// let optimizer = AdamOptimizer(learningRate: 0.1)
/// let train = try optimizer.applyGradients([(try constant([1, -1] as [Float]), w)])
/// print(train.name)                                   // Adam
/// print(optimizer.slot(for: w, named: "m")!.name)      // w/Adam:0
/// ```
public protocol Optimizer: Sendable {
    /// The hyperparameter tensors of one ``applyGradients(_:globalStep:name:)`` call.
    associatedtype Prepared

    /// The optimizer's name: the default name scope of its ops and the name of its slots (`"Adam"`).
    var name: String { get }
    /// The slot and non-slot variables made so far.
    var slots: SlotStore { get }

    /// Creates the slots of `variables` that do not exist yet (TF's `_create_slots`).
    func createSlots(for variables: [Variable]) throws
    /// Builds the hyperparameter tensors in the optimizer's name scope (TF's `_prepare`).
    func prepare() throws -> Prepared
    /// Builds the update of one variable (TF's `_apply_dense`).
    func applyDense(_ gradient: Tensor, to variable: Variable, _ prepared: Prepared) throws -> Operation
    /// Builds the update of the rows of one variable that a sparse gradient, whose indices may
    /// repeat, names (TF's `_apply_sparse_duplicate_indices`). By default the repeated rows are
    /// summed first, then ``applyDeduplicatedSparse(_:to:_:)`` updates them.
    func applySparse(_ gradient: IndexedSlices, to variable: Variable, _ prepared: Prepared) throws -> Operation
    /// Builds the update of the rows of one variable that a sparse gradient with distinct
    /// indices names (TF's `_apply_sparse`). By default an
    /// ``ScopeFlowError/Code/unimplemented`` error: the optimizer has no sparse update.
    func applyDeduplicatedSparse(_ gradient: IndexedSlices, to variable: Variable, _ prepared: Prepared) throws
        -> Operation
    /// Groups `updates` (plus any optimizer-wide updates) into one op named `name` (TF's `_finish`).
    func finish(_ updates: [Operation], name: String, _ prepared: Prepared) throws -> Operation
}

extension Optimizer {
    /// The default ``finish(_:name:_:)``: a ``group(_:name:file:line:)`` named `name` of every update.
    public func finish(_ updates: [Operation], name: String, _ prepared: Prepared) throws -> Operation {
        try group(updates, name: name)
    }

    /// The default ``applySparse(_:to:_:)``: the rows of repeated indices summed (TF's
    /// `_deduplicate_indexed_slices`: `Unique`, then an `UnsortedSegmentSum` into as many rows as
    /// it found, counted by `Shape` and `strided_slice`), then ``applyDeduplicatedSparse(_:to:_:)``.
    public func applySparse(_ gradient: IndexedSlices, to variable: Variable, _ prepared: Prepared) throws
        -> Operation
    {
        let (uniqueIndices, positions) = try unique(gradient.indices)
        let summed = try unsortedSegmentSum(
            gradient.values, segmentIDs: positions, numSegments: shape(uniqueIndices)[0])
        return try applyDeduplicatedSparse(
            IndexedSlices(values: summed, indices: uniqueIndices, denseShape: gradient.denseShape), to: variable,
            prepared)
    }

    /// The default ``applyDeduplicatedSparse(_:to:_:)``: an ``ScopeFlowError/Code/unimplemented`` error.
    public func applyDeduplicatedSparse(_ gradient: IndexedSlices, to variable: Variable, _ prepared: Prepared)
        throws -> Operation
    {
        throw ScopeFlowError(
            .unimplemented,
            "\(Self.self) has no sparse update yet: the gradient of \(variable.name) is an IndexedSlices "
                + "(values \(gradient.values.name)). Pass Gradient.dense(try gradient.asTensor()) to update the "
                + "whole variable, or use one of ScopeFlow's optimizers, which all update only its rows.",
            names: [variable.name])
    }

    /// The slot `slotName` (`"m"`, `"v"`, `"momentum"` …) of `variable`, nil if it has none.
    public func slot(for variable: Variable, named slotName: String) -> Variable? {
        slots.slot(slotName, for: variable)
    }

    /// Builds the op that applies dense `gradientsAndVariables` (TF's `apply_gradients`): the
    /// ``Gradient`` form of this method with every gradient ``Gradient/dense(_:)``.
    @discardableResult
    public func applyGradients(
        _ gradientsAndVariables: [(Tensor?, Variable)], globalStep: Variable? = nil, name: String? = nil
    ) throws -> Operation {
        try applyGradients(
            gradientsAndVariables.map { ($0.0.map(Gradient.dense), $0.1) }, globalStep: globalStep, name: name)
    }

    /// Builds the op that applies `gradientsAndVariables` (TF's `apply_gradients`).
    /// Pairs with a nil gradient are skipped. A dense gradient updates its variable with
    /// ``applyDense(_:to:_:)``, an ``IndexedSlices`` only the rows it names, with
    /// ``applySparse(_:to:_:)``. With `globalStep` the op is an `AssignAdd` of 1 to it that
    /// runs after the updates (grouped as `update`).
    ///
    /// The op is added to the ``GraphKeys/trainOp`` collection.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` when no pair has a
    ///   gradient, or a variable is not floating point; errors of the update ops
    ///   (``ScopeFlowError/Code/unimplemented`` for an IndexedSlices given to an optimizer
    ///   without a sparse update).
    @discardableResult
    public func applyGradients(
        _ gradientsAndVariables: [(Gradient?, Variable)], globalStep: Variable? = nil, name: String? = nil
    ) throws -> Operation {
        let updated = gradientsAndVariables.compactMap { pair in pair.0.map { ($0, pair.1) } }
        guard let first = updated.first else {
            throw ScopeFlowError(
                .invalidArgument,
                "No gradients provided for any variable: \(gradientsAndVariables.map(\.1.name)). "
                    + "Check that the loss depends on the variables.")
        }
        for (_, variable) in updated where !variable.dtype.isFloatingPoint {
            throw ScopeFlowError(
                .invalidArgument,
                "Invalid type \(variable.dtype) for \(variable.name), expected: float16, float32 or float64.",
                names: [variable.name])
        }
        let operation = try first.1.graph.asDefault {
            try createSlots(for: updated.map(\.1))
            return try nameScope(name, defaultName: self.name) { scope in
                let prepared = try prepare()
                let updates = try updated.map { gradient, variable in
                    try nameScope("update_" + variable.op.name) { _ in
                        try device(variable.op.device) {
                            switch gradient {
                            case .dense(let tensor): try applyDense(tensor, to: variable, prepared)
                            case .indexedSlices(let slices): try applySparse(slices, to: variable, prepared)
                            }
                        }
                    }
                }
                guard let globalStep else { return try finish(updates, name: scope, prepared) }
                // As TF's `assign_add(global_step, 1)` under `control_dependencies([update])`: the
                // constant 1 (`value`) waits for the updates, so the `AssignAdd` reading it needs no
                // control input of its own.
                return try controlDependencies([finish(updates, name: "update", prepared)]) {
                    let one = try constant(HostTensor(scalar: Int64(1)).converted(to: globalStep.dtype), name: "value")
                    let location = SourceLocation(fileID: #fileID, line: #line)
                    return try updateOp("AssignAdd", globalStep, one, name: scope, location: location).op
                }
            }
        }
        try operation.graph.addToCollection(GraphKeys.trainOp, .operation(operation))
        return operation
    }
}

extension GraphKeys {
    /// The ops that train a model (`"train_op"`), filled by ``Optimizer/applyGradients(_:globalStep:name:)``.
    public static let trainOp = "train_op"
    /// The global step variable (`"global_step"`).
    public static let globalStep = "global_step"
}
