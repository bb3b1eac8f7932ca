/// A batch size as TF's RNN code handles it: a number known when the graph is built, or an int32
/// scalar computed when it runs (`shape(inputs)[1]` for inputs of unknown batch size).
enum RNNBatchSize {
    case count(Int)
    case tensor(Tensor)

    /// The number, when known at build time.
    var staticValue: Int? {
        if case .count(let count) = self { return count }
        return nil
    }

    /// The batch size as a one-element vector, the prefix of TF's `_concat(batch_size, suffix)`: a
    /// `Const` for a number, an `ExpandDims` of the tensor.
    func prefixVector() throws -> Tensor {
        switch self {
        case .count(let count): return try indexVector([count], name: "Const")
        case .tensor(let tensor): return try expandDims(tensor, axis: 0)
        }
    }

    /// `[batch, units]` zeros of `dtype` as TF's `_zero_state_tensors` builds each part of a zero
    /// state: `zeros(concat([batch], [units]))` (a `Fill`), then the prefix and suffix of TF's static
    /// `_concat` again, which nothing reads; its static shape `[batch, units]`.
    func zeros(units: Int, dtype: DType) throws -> Tensor {
        let shape = try concat([prefixVector(), indexVector([units], name: "Const")], axis: 0)
        let state = try ScopeFlow.zeros(dims: shape, dtype: dtype)
        _ = try prefixVector()
        _ = try indexVector([units], name: "Const")
        try state.op.refineShape(ofOutput: state.index, to: Shape([staticValue, units]))
        return state
    }
}
