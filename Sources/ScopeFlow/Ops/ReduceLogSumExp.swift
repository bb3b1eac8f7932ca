/// `log(Σ exp(x))` over `axis`, computed without overflow (TF's `tf.reduce_logsumexp`, built as TF
/// builds it under `ReduceLogSumExp/`): the maximum `Max` (where finite, else 0: `IsFinite` and
/// `SelectV2`) behind a `StopGradient` is subtracted before `Exp`, `Sum` and `Log`, and added back
/// (`ReduceLogSumExp`, an `AddV2`; without `keepDims` the maximum is first reshaped to the
/// result's `Shape`). `axis: nil` reduces every axis.
///
/// ```swift
/// let x = try constant([Float(0), 0, 0, 0], shape: [2, 2])
/// let y = try reduceLogSumExp(x, axis: [1])   // [log 2, log 2]
/// ```
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for an axis outside the rank of `x`.
public func reduceLogSumExp(
    _ x: any TensorConvertible, axis: [Int]? = nil, keepDims: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    return try nameScope(name, defaultName: "ReduceLogSumExp", values: [input]) { scope in
        let rawMax = try reduceMax(input, axis: axis, keepDims: true, file: file, line: line)
        let finite = try isFinite(rawMax, file: file, line: line)
        let shift = try stopGradient(
            nameScope(nil, defaultName: "SelectV2") { selectScope in
                try whereV2(
                    finite, rawMax, constant(HostTensor(scalar: 0.0), dtype: input.dtype, name: "e"),
                    name: selectScope, file: file, line: line)
            }, file: file, line: line)
        let summed = try reduceSum(
            exp(subtract(input, shift, file: file, line: line), file: file, line: line), axis: axis,
            keepDims: keepDims, file: file, line: line)
        let result = try log(summed, file: file, line: line)
        let offset =
            keepDims
            ? shift
            : try reshape(
                shift, shape: shapeOp(result, location: SourceLocation(fileID: file, line: line)), file: file,
                line: line)
        return try add(result, offset, name: scope, file: file, line: line)
    }
}
