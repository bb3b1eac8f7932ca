/// `StridedSliceGrad(shape, begin, end, strides, dy)`: zeros of `shape` with `dy`
/// written where `StridedSlice` with the same indices and masks would read, the
/// gradient of `StridedSlice` (TF's `_StridedSliceGrad`). The slice geometry is
/// the forward kernel's ``StridedSlicePlan``.
extension Kernels {
    static let stridedSliceGrad: [String: KernelFactory] = ["StridedSliceGrad": stridedSliceGradKernel]

    private static func stridedSliceGradKernel(_ context: KernelContext) throws -> Kernel {
        let masks = try StridedSliceMasks(context)
        return { inputs in
            try context.checkInputCount(inputs, 5)
            let shape = try context.indexVector(inputs[0], "shape")
            let begin = try context.indexVector(inputs[1], "begin")
            let end = try context.indexVector(inputs[2], "end")
            let strides = try context.indexVector(inputs[3], "strides")
            let dy = inputs[4]
            guard shape.allSatisfy({ $0 >= 0 }) else {
                throw context.arrayError(.invalidArgument, "shape \(tfShape(shape)) has a negative dimension.")
            }
            let plan = try StridedSlicePlan(
                shape: shape, begin: begin, end: end, strides: strides, masks: masks, context: context)
            guard dy.shape == plan.outputShape else {
                throw context.arrayError(
                    .shapeMismatch,
                    "shape of dy was \(tfShape(dy.shape)) instead of \(tfShape(plan.outputShape)).")
            }
            let inputStrides = rowMajorStrides(shape)
            let offset = zip(plan.begin, inputStrides).reduce(0) { $0 + $1.0 * $1.1 }
            let steps = zip(plan.strides, inputStrides).map { $0 * $1 }
            let view = StridedView(offset: offset, counts: plan.counts, steps: steps)
            return [try dispatchNumeric(dy, context, Scatter(view: view, shape: shape))]
        }
    }

    /// Zeros of `shape` with the visited values written at the positions of `view`.
    private struct Scatter: NumericVisitor {
        let view: StridedView
        let shape: [Int]

        func visit<T: NumericElement>(_ x: [T], _ a: HostTensor) throws -> HostTensor {
            var out = [T](repeating: .zero, count: shape.reduce(1, *))
            x.withUnsafeBufferPointer { values in
                out.withUnsafeMutableBufferPointer { output in
                    guard let from = values.baseAddress, let to = output.baseAddress else { return }
                    view.scatter(from, into: to)
                }
            }
            return HostTensor(uncheckedStorage: T.storage(out), shape: shape)
        }
    }
}
