/// `StridedSliceGrad(shape, begin, end, strides, dy)`: zeros of `shape` with `dy`
/// written where `StridedSlice` with the same indices and masks would read, the
/// gradient of `StridedSlice` (TF's `_StridedSliceGrad`). The slice geometry is
/// the forward kernel's ``StridedSlicePlan``.
extension Kernels {

    static func stridedSliceGradKernel(_ context: KernelContext) throws -> SingleOutputKernel {
        let geometries = StridedSliceGeometry.Memo(masks: try StridedSliceMasks(context), context: context)
        return { inputs in
            try context.checkInputCount(inputs, 5)
            let shape = try context.indexVector(inputs[0], "shape")
            let dy = inputs[4]
            guard shape.allSatisfy({ $0 >= 0 }) else {
                throw context.arrayError(.invalidArgument, "shape \(tfShape(shape)) has a negative dimension.")
            }
            let geometry = try geometries.geometry(shape: shape, inputs[1], inputs[2], inputs[3])
            guard dy.shape == geometry.plan.outputShape else {
                throw context.arrayError(
                    .shapeMismatch,
                    "shape of dy was \(tfShape(dy.shape)) instead of \(tfShape(geometry.plan.outputShape)).")
            }
            return try dispatchNumeric(dy, context, Scatter(view: geometry.view, shape: shape))
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
