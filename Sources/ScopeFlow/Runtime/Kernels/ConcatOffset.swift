/// `ConcatOffset(concat_dim, shape_0, …, shape_N-1)`: where each of N tensors of
/// those shapes starts in their concatenation along `concat_dim` (TF's op, used by
/// the `ConcatV2` gradient): zeros but for the running sum of the sizes along it.
extension Kernels {

    static func concatOffsetKernel(_ context: KernelContext) throws -> Kernel {
        { inputs in
            guard inputs.count >= 3 else {
                throw context.arrayError(
                    .invalidArgument, "expected concat_dim and at least 2 shapes but got \(inputs.count) input(s).")
            }
            let axis = try context.indexScalar(inputs[0], "concat_dim")
            let shapes = try inputs.dropFirst().map { try context.indexVector($0, "shape") }
            let rank = shapes[0].count
            guard axis >= 0, axis < rank else {
                throw context.arrayError(.invalidArgument, "Concat dim is out of range: \(axis) vs. \(rank)")
            }
            var offset = 0
            return try shapes.enumerated().map { i, dims in
                guard dims.count == rank else {
                    throw context.arrayError(
                        .shapeMismatch, "input \(i) should contain \(rank) elements, but got \(dims.count)")
                }
                for d in 0..<rank where d != axis && dims[d] != shapes[0][d] {
                    throw context.arrayError(
                        .shapeMismatch,
                        "All dimensions except \(axis) must match. Input \(i) has shape \(tfShape(dims)) and doesn't "
                            + "match input 0 with shape \(tfShape(shapes[0])).")
                }
                var begin = [Int](repeating: 0, count: rank)
                begin[axis] = offset
                offset += dims[axis]
                return try HostTensor(begin.map { Int32($0) }, shape: [rank])
            }
        }
    }
}
