// The ops that update the rows of a variable that indices pick (TF's `scatter_op.cc` and
// `SparseApplyAdagrad` of `training_ops.cc`). Like the training ops, each kernel takes the
// current values of the variable (and its slot) first and returns their new values, which
// the plan writes back.

extension Kernels {
    /// `ScatterUpdate(ref, indices, updates)`: `ref[indices[i], …] = updates[i, …]`, the last row
    /// winning for a repeated index.
    static let scatterUpdate = scatter(.update)
    /// `ScatterAdd(ref, indices, updates)`: `ref[indices[i], …] += updates[i, …]`.
    static let scatterAdd = scatter(.add)
    /// `ScatterSub(ref, indices, updates)`: `ref[indices[i], …] -= updates[i, …]`, row by row in
    /// the order of `indices`, so a repeated index subtracts every one of its rows.
    static let scatterSub = scatter(.subtract)
    /// `ScatterMul(ref, indices, updates)`: `ref[indices[i], …] *= updates[i, …]`.
    static let scatterMul = scatter(.multiply)
    /// `ScatterDiv(ref, indices, updates)`: `ref[indices[i], …] /= updates[i, …]`.
    static let scatterDiv = scatter(.divide)

    /// The row update that combines each picked row with its update by `combine`.
    private static func scatter(_ combine: RowCombine) -> TrainingOp {
        TrainingOp(references: 1) { context in
            { inputs in
                try context.checkInputCount(inputs, 3)
                return [try scatterRows(params: inputs[0], indices: inputs[1], updates: inputs[2], combine, context)]
            }
        }
    }

    /// `SparseApplyAdagrad(var, accum, lr, grad, indices)`: the Adagrad update of the rows
    /// `indices` picks, one row of `grad` each, in order (a repeated index is updated once per row).
    static let sparseApplyAdagrad = TrainingOp(references: 2) { context in
        let updateSlots = context.bool("update_slots", default: true)
        return { inputs in
            try context.checkInputCount(inputs, 5)
            switch inputs[0].storage {
            case .float32: return try sparseAdagrad(inputs, as: Float.self, updateSlots: updateSlots, context)
            case .float64: return try sparseAdagrad(inputs, as: Double.self, updateSlots: updateSlots, context)
            default:
                throw ScopeFlowError(
                    .unimplemented,
                    "Op '\(context.opName)' (\(context.opType)) has no CPU kernel for \(inputs[0].dtype); "
                        + "train float32 or float64 variables.",
                    names: [context.opName])
            }
        }
    }
}

/// How a scatter op combines a variable's row with its update.
enum RowCombine: Sendable {
    case update, add, subtract, multiply, divide
}

/// `params` with the rows `indices` picks combined with `updates`, with TF's checks. Every index
/// (and, for an integer `ScatterDiv`, every divisor) is checked before any row changes.
private func scatterRows(
    params: HostTensor, indices: HostTensor, updates: HostTensor, _ combine: RowCombine, _ context: KernelContext
) throws -> HostTensor {
    guard !params.shape.isEmpty else {
        throw context.arrayError(.invalidArgument, "params must be at least 1-D, got shape \(tfShape(params.shape))")
    }
    let isScalar = updates.shape.isEmpty
    guard isScalar || updates.shape == indices.shape + params.shape.dropFirst() else {
        throw context.arrayError(
            .invalidArgument,
            "Must have updates.shape = indices.shape + params.shape[1:] or updates.shape = [], got updates.shape "
                + "\(tfShape(updates.shape)), indices.shape \(tfShape(indices.shape)), params.shape "
                + "\(tfShape(params.shape))")
    }
    let rows = try context.indexValues(indices, "indices")
    let limit = params.shape[0]
    if let bad = rows.firstIndex(where: { $0 < 0 || $0 >= limit }) {
        throw context.arrayError(
            .invalidArgument,
            "indices\(tfShape(multiIndex(bad, in: indices.shape))) = \(rows[bad]) is not in [0, \(limit))")
    }
    if combine == .divide, params.dtype.isInteger, try context.indexValues(updates, "updates").contains(0) {
        throw context.arrayError(.invalidArgument, "Integer division by zero in updates; divide by non-zero values.")
    }
    let inner = params.shape.dropFirst().reduce(1, *)
    let rowUpdate = RowUpdate(rows: rows, inner: inner, scalar: isScalar, combine: combine)
    return try dispatchNumeric(params, updates, context, rowUpdate)
}

/// Combines row `rows[i]` of the params with row `i` of the updates (or the one scalar update).
private struct RowUpdate: NumericPairVisitor {
    let rows: [Int]
    let inner: Int
    let scalar: Bool
    let combine: RowCombine

    func visit<T: NumericElement>(_ params: [T], _ updates: [T], _ a: HostTensor, _ b: HostTensor) -> HostTensor {
        var result = params
        for (i, row) in rows.enumerated() {
            for j in 0..<inner {
                let (target, update) = (row * inner + j, scalar ? updates[0] : updates[i * inner + j])
                switch combine {
                case .update: result[target] = update
                case .add: result[target] = T.add(result[target], update)
                case .subtract: result[target] = T.subtract(result[target], update)
                case .multiply: result[target] = T.multiply(result[target], update)
                case .divide: result[target] = T.divide(result[target], update)
                }
            }
        }
        return HostTensor(uncheckedStorage: T.storage(result), shape: a.shape)
    }
}

/// The new `var` and `accum` of `SparseApplyAdagrad`, with TF's checks in TF's order. Rows of
/// more than one element take `lr · g · (1/√accum)`, single elements `lr · g / √accum`, as TF's
/// CPU functor computes them.
private func sparseAdagrad<T: HostScalar & BinaryFloatingPoint>(
    _ inputs: [HostTensor], as _: T.Type, updateSlots: Bool, _ context: KernelContext
) throws -> [HostTensor] {
    let (variable, accumulator, lr, gradient, indices) = (inputs[0], inputs[1], inputs[2], inputs[3], inputs[4])
    guard variable.shape == accumulator.shape else {
        throw context.arrayError(
            .invalidArgument,
            "var and accum do not have the same shape\(tfShape(variable.shape)) \(tfShape(accumulator.shape))")
    }
    guard !variable.shape.isEmpty else {
        throw context.arrayError(.invalidArgument, "var must be at least 1 dimensional")
    }
    guard lr.shape.isEmpty else {
        throw context.arrayError(.invalidArgument, "lr is not a scalar: \(tfShape(lr.shape))")
    }
    guard indices.shape.count == 1 else {
        throw context.arrayError(.invalidArgument, "indices must be one-dimensional")
    }
    for d in 1..<max(variable.shape.count, gradient.shape.count)
    where d >= variable.shape.count || d >= gradient.shape.count || variable.shape[d] != gradient.shape[d] {
        throw context.arrayError(.invalidArgument, "var and grad must match in dimension \(d)")
    }
    let rows = try context.indexValues(indices, "indices")
    guard gradient.shape.first == rows.count else {
        throw context.arrayError(
            .invalidArgument, "grad must be the same size as indices in the first dimension.")
    }
    let inner = variable.shape.dropFirst().reduce(1, *)
    guard inner > 0 else {
        throw context.arrayError(.invalidArgument, "Inner dimension should be greater than zero.")
    }
    let limit = variable.shape[0]
    if let bad = rows.firstIndex(where: { $0 < 0 || $0 >= limit }) {
        throw context.arrayError(.invalidArgument, "Index \(rows[bad]) at offset \(bad) in indices is out of range")
    }
    var values = try NaryOps.values(variable, as: T.self, context)
    var accum = try NaryOps.values(accumulator, as: T.self, context)
    let rate = try NaryOps.values(lr, as: T.self, context)[0]
    let g = try NaryOps.values(gradient, as: T.self, context)
    for (i, row) in rows.enumerated() {
        for j in 0..<inner {
            let (target, grad) = (row * inner + j, g[i * inner + j])
            if updateSlots { accum[target] += grad * grad }
            let root = accum[target].squareRoot()
            values[target] -= inner > 1 ? rate * grad * (1 / root) : rate * grad / root
        }
    }
    return [
        HostTensor(uncheckedStorage: T.storage(values), shape: variable.shape),
        HostTensor(uncheckedStorage: T.storage(accum), shape: variable.shape),
    ]
}
