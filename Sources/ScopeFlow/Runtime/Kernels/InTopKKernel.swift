/// `InTopKV2(predictions, targets, k)`: whether each row's target class is among its `k` largest
/// predictions, ties counting in the target's favour; false where the target is out of range or a
/// prediction in the row is not finite (TF's `InTopK` kernel).
func inTopKKernel(_ context: KernelContext) throws -> Kernel {
    { inputs in
        try context.checkInputCount(inputs, 3)
        let (predictions, targets) = (inputs[0], inputs[1])
        guard predictions.shape.count == 2 else {
            throw context.arrayError(
                .invalidArgument, "predictions must be 2-dimensional, but has shape \(tfShape(predictions.shape)).")
        }
        guard targets.shape.count == 1 else {
            throw context.arrayError(
                .invalidArgument, "targets must be 1-dimensional, but has shape \(tfShape(targets.shape)).")
        }
        let (batch, classes) = (predictions.shape[0], predictions.shape[1])
        guard targets.shape[0] == batch else {
            throw context.arrayError(
                .invalidArgument,
                "First dimension of predictions \(batch) must match length of targets \(targets.shape[0]).")
        }
        guard case .float32(let scores) = predictions.storage else {
            throw context.arrayError(.dtypeMismatch, "predictions must be float32, not \(predictions.dtype).")
        }
        let k = try context.indexScalar(inputs[2], "k")
        let classIDs = try context.indexValues(targets, "targets")
        let found = (0..<batch).map { row in
            let target = classIDs[row]
            guard (0..<classes).contains(target) else { return false }
            let line = scores[(row * classes)..<((row + 1) * classes)]
            let targetScore = scores[row * classes + target]
            guard line.allSatisfy(\.isFinite) else { return false }
            return line.count(where: { $0 > targetScore }) < k
        }
        return [HostTensor(found)]
    }
}
