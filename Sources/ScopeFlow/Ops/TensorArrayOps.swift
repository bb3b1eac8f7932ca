/// The `TensorArray` V3 ops as TF's generated `gen_data_flow_ops` builds them: each op in a name
/// scope of its type (so a number given for an input becomes a `Const` named after the input,
/// `TensorArrayReadV3/index`), the op named by that scope. ``TensorArray`` is made of these.

/// An input given either as a tensor or as numbers TF converts to an int32 `Const`.
enum IndexInput {
    /// A tensor, used as it is.
    case tensor(Tensor)
    /// One number (a scalar `Const`).
    case scalar(Int)
    /// Numbers (a vector `Const`).
    case vector([Int])

    /// The tensor, making the `Const` named `name` for numbers.
    func tensor(name: String) throws -> Tensor {
        switch self {
        case .tensor(let tensor): return tensor
        case .scalar(let value): return try indexScalar(value, name: name)
        case .vector(let values): return try constant(indexTensor(values), name: name)
        }
    }
}

/// The op `type` in its own name scope, `inputs` made inside it; each of `refinements` refines
/// the shape the shape function infers for output 0 (TF's `set_shape` calls after the op is built).
private func tensorArrayOp(
    _ type: String, name: String?, attrs: AttrMap, shape: ShapeFunction, refining refinements: [Shape] = [],
    location: SourceLocation, _ inputs: () throws -> [Tensor]
) throws -> Operation {
    try nameScope(name, defaultName: type) { scope in
        let inputs = try inputs()
        return try makeOp(type, name: scope, defaultName: type, inputs: inputs, attrs: attrs, location: location) {
            opName in
            var specs = try shape.infer(ShapeInference(opType: type, opName: opName, inputs: inputs, attrs: attrs))
            for refined in refinements {
                guard let merged = specs[0].shape.merged(with: refined) else {
                    throw ScopeFlowError(
                        .shapeMismatch,
                        "Shapes \(specs[0].shape) and \(refined) are incompatible (output 0 of '\(opName)').",
                        names: [opName])
                }
                specs[0] = OutputSpec(dtype: specs[0].dtype, shape: merged)
            }
            return specs
        }
    }
}

/// `TensorArrayV3`: a new array of `size` elements; returns its handle and flow.
func tensorArrayV3(
    size: IndexInput, dtype: DType, elementShape: Shape, dynamicSize: Bool, clearAfterRead: Bool,
    identicalElementShapes: Bool, tensorArrayName: String, name: String?, location: SourceLocation
) throws -> (handle: Tensor, flow: Tensor) {
    let attrs: AttrMap = [
        "dtype": .type(dtype), "element_shape": .shape(elementShape), "dynamic_size": .bool(dynamicSize),
        "clear_after_read": .bool(clearAfterRead), "identical_element_shapes": .bool(identicalElementShapes),
        "tensor_array_name": .string(tensorArrayName),
    ]
    let op = try tensorArrayOp("TensorArrayV3", name: name, attrs: attrs, shape: .tensorArray, location: location) {
        [try size.tensor(name: "size")]
    }
    return (op.output(0), op.output(1))
}

/// `TensorArrayGradV3`: the gradient array of `handle` for `source`; returns its handle and flow.
func tensorArrayGradV3(
    handle: Tensor, flowIn: Tensor, source: String, name: String?, location: SourceLocation
) throws -> (handle: Tensor, flow: Tensor) {
    let op = try tensorArrayOp(
        "TensorArrayGradV3", name: name, attrs: ["source": .string(source)], shape: .tensorArrayGrad,
        location: location
    ) { [handle, flowIn] }
    return (op.output(0), op.output(1))
}

/// `TensorArrayWriteV3`: writes `value` at `index`; returns the new flow.
func tensorArrayWriteV3(
    handle: Tensor, index: IndexInput, value: Tensor, flowIn: Tensor, name: String?, location: SourceLocation
) throws -> Tensor {
    try tensorArrayOp(
        "TensorArrayWriteV3", name: name, attrs: ["T": .type(value.dtype)], shape: .tensorArrayWrite,
        location: location
    ) { [handle, try index.tensor(name: "index"), value, flowIn] }.output(0)
}

/// `TensorArrayReadV3`: the element at `index`, its shape refined by `refinements`.
func tensorArrayReadV3(
    handle: Tensor, index: IndexInput, flowIn: Tensor, dtype: DType, refining refinements: [Shape], name: String?,
    location: SourceLocation
) throws -> Tensor {
    try tensorArrayOp(
        "TensorArrayReadV3", name: name, attrs: ["dtype": .type(dtype)], shape: .tensorArrayRead,
        refining: refinements, location: location
    ) { [handle, try index.tensor(name: "index"), flowIn] }.output(0)
}

/// `TensorArrayGatherV3`: the elements at `indices`, stacked, their shape refined by `refinements`.
func tensorArrayGatherV3(
    handle: Tensor, indices: IndexInput, flowIn: Tensor, dtype: DType, elementShape: Shape,
    refining refinements: [Shape], name: String?, location: SourceLocation
) throws -> Tensor {
    try tensorArrayOp(
        "TensorArrayGatherV3", name: name, attrs: ["dtype": .type(dtype), "element_shape": .shape(elementShape)],
        shape: .tensorArrayGather, refining: refinements, location: location
    ) { [handle, try indices.tensor(name: "indices"), flowIn] }.output(0)
}

/// `TensorArrayScatterV3`: writes the rows of `value` at `indices`; returns the new flow.
func tensorArrayScatterV3(
    handle: Tensor, indices: IndexInput, value: Tensor, flowIn: Tensor, name: String?, location: SourceLocation
) throws -> Tensor {
    try tensorArrayOp(
        "TensorArrayScatterV3", name: name, attrs: ["T": .type(value.dtype)], shape: .tensorArrayScatter,
        location: location
    ) { [handle, try indices.tensor(name: "indices"), value, flowIn] }.output(0)
}

/// `TensorArrayConcatV3`: all elements joined along their first dimension, the value's shape
/// refined by `refinements`; returns the value and the elements' lengths.
func tensorArrayConcatV3(
    handle: Tensor, flowIn: Tensor, dtype: DType, elementShapeExcept0: Shape, refining refinements: [Shape],
    name: String?, location: SourceLocation
) throws -> (value: Tensor, lengths: Tensor) {
    let op = try tensorArrayOp(
        "TensorArrayConcatV3", name: name,
        attrs: ["dtype": .type(dtype), "element_shape_except0": .shape(elementShapeExcept0)],
        shape: .tensorArrayConcat, refining: refinements, location: location
    ) { [handle, flowIn] }
    return (op.output(0), op.output(1))
}

/// `TensorArraySplitV3`: writes `value` cut along its first dimension into pieces of `lengths`;
/// returns the new flow.
func tensorArraySplitV3(
    handle: Tensor, value: Tensor, lengths: Tensor, flowIn: Tensor, name: String?, location: SourceLocation
) throws -> Tensor {
    try tensorArrayOp(
        "TensorArraySplitV3", name: name, attrs: ["T": .type(value.dtype)], shape: .tensorArraySplit,
        location: location
    ) { [handle, value, lengths, flowIn] }.output(0)
}

/// `TensorArraySizeV3`: the array's current size, an int32 scalar.
func tensorArraySizeV3(handle: Tensor, flowIn: Tensor, name: String?, location: SourceLocation) throws -> Tensor {
    try tensorArrayOp("TensorArraySizeV3", name: name, attrs: [:], shape: .tensorArraySize, location: location) {
        [handle, flowIn]
    }.output(0)
}

/// `TensorArrayCloseV3`: releases the array.
func tensorArrayCloseV3(handle: Tensor, name: String?, location: SourceLocation) throws -> Operation {
    try tensorArrayOp("TensorArrayCloseV3", name: name, attrs: [:], shape: .tensorArrayClose, location: location) {
        [handle]
    }
}
