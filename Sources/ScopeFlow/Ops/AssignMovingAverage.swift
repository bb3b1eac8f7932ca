/// `variable -= (variable - value) · (1 - decay)`, as TF's `moving_averages.assign_moving_average`
/// without zero debiasing builds it: in the name scope `AssignMovingAvg` (made unique), `sub` =
/// `1 - decay` (its constant `sub/x`), `sub_1` = `variable - value`, `mul`, and the `AssignSub`
/// named after the scope. Batch normalization's moving statistics and
/// ``ExponentialMovingAverage`` update their averages with it.
func assignMovingAverage(
    _ variable: Variable, _ value: any TensorConvertible, decay: Tensor, location: SourceLocation
) throws -> Tensor {
    try nameScope("AssignMovingAvg") { scope in
        let complement = try 1.0 - decay
        return try assignSub(
            variable, (variable - value) * complement, name: scope, file: location.fileID, line: location.line)
    }
}
