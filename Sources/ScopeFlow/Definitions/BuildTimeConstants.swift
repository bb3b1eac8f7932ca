/// The one place where building a graph evaluates ops: shape functions read
/// ``Tensor/constantValue`` to learn the value of a small integer tensor (a shape,
/// an axis, slice bounds) as TF's shape inference evaluates constant shape tensors.
/// Only ops whose definition says ``OpDefinition/foldsAtBuildTime`` are evaluated,
/// through their own kernel, on at most 64 integers; no other code of the graph,
/// scope or op layers runs a kernel.
extension Tensor {
    /// The value of this tensor when it is known at build time (used by shape
    /// functions): a `Const`, or a small integer computation (`Sub`, `Pack`,
    /// `Slice`, `ConcatV2` …) of such values, folded by running its CPU kernel
    /// as TF's shape inference evaluates constant shape tensors.
    var constantValue: HostTensor? {
        if op.type == "Const" { return op.attrs["value"]?.tensorValue }
        guard let definition = OpRegistry[op.type], definition.foldsAtBuildTime, dtype.isInteger,
            (shape.elementCount ?? .max) <= 64
        else {
            return nil
        }
        var values: [HostTensor] = []
        for input in op.inputs {
            guard let value = input.constantValue else { return nil }
            values.append(value)
        }
        let context = KernelContext(opType: op.type, opName: op.name, attrs: op.attrs)
        return try? definition.kernel?.factory(context)(values)[index]
    }
}
