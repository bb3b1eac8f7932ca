extension OpDefinitions {
    /// The definitions of `Where`, `DynamicPartition`, `DynamicStitch` and `ParallelDynamicStitch`
    /// (TF's `data_flow_grad.py`).
    static let partitions: [OpDefinition] = [
        OpDefinition(
            "Where", kernel: .general(whereKernel), outputs: .each([.fixed(.int64)]), shape: .whereTrue,
            gradient: .notDifferentiable),
        OpDefinition(
            "DynamicPartition", kernel: .general(dynamicPartitionKernel),
            compiled: .copies(.general(dynamicPartitionKernel)), outputs: .counted(by: "num_partitions", minimum: 1),
            shape: .dynamicPartition
        ) { op, grads in
            // TF's _DynamicPartitionGrads: the positions of the data's slices, partitioned the same
            // way, put each partition's gradient back in place.
            let (data, partitions) = (op.inputs[0], op.inputs[1])
            let prefixShape = try shape(partitions)
            let positions = try reshape(range(limit: reduceProd(prefixShape)), shape: prefixShape)
            let partitioned = try dynamicPartition(positions, partitions: partitions, numPartitions: grads.count)
            let gradients = try grads.enumerated().map { index, grad in
                guard let grad else {
                    throw ScopeFlowError(
                        .invalidArgument, "DynamicPartition '\(op.name)' got no gradient for its output \(index).",
                        names: [op.name])
                }
                return grad
            }
            let stitched = try parallelDynamicStitch(indices: partitioned, data: gradients)
            return [try reshape(stitched, shape: shape(data)), nil]
        },
        OpDefinition(
            "DynamicStitch", kernel: .general(dynamicStitchKernel), compiled: .copies(.general(dynamicStitchKernel)),
            shape: .dynamicStitch
        ) { op, grads in
            try stitchGradient(op, grads[0]!)
        },
        OpDefinition(
            "ParallelDynamicStitch", kernel: .general(dynamicStitchKernel),
            compiled: .copies(.general(dynamicStitchKernel)), shape: .dynamicStitch
        ) {
            op, grads in try stitchGradient(op, grads[0]!)
        },
    ]

    /// TF's `_DynamicStitchGrads`: each data input gets the gradient's rows at its indices (as
    /// int32); the indices get none.
    private static func stitchGradient(_ op: Operation, _ grad: Tensor) throws -> [Tensor?] {
        let n = op.inputs.count / 2
        let indices = try op.inputs[..<n].map { try cast($0, to: .int32) }
        let values = try indices.map { try gather(grad, indices: $0) }
        return [Tensor?](repeating: nil, count: n) + values
    }
}
