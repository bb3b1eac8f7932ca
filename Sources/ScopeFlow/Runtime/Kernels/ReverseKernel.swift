/// `ReverseV2(tensor, axis)`: the elements in reverse order along each axis `axis` lists, with
/// TF's checks of the axes.
func reverseV2Kernel(_ context: KernelContext) throws -> Kernel {
    { inputs in
        try context.checkInputCount(inputs, 2)
        let input = inputs[0]
        let shape = input.shape
        let axes = try ShapeCheck.reverseAxes(context.indexVector(inputs[1], "axis"), rank: shape.count) {
            context.arrayError(.invalidArgument, $0)
        }
        let strides = rowMajorStrides(shape)
        let source = (0..<input.count).map { position in
            axes.reduce(position) { source, axis in
                let index = position / strides[axis] % shape[axis]
                return source + (shape[axis] - 1 - 2 * index) * strides[axis]
            }
        }
        return [HostTensor(uncheckedStorage: try input.storage.accept(PickVisitor(source: source)), shape: shape)]
    }
}
