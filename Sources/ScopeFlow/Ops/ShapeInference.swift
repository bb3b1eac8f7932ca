/// What a shape function knows about the op being built: its type and unique name, its
/// inputs (dtypes, static shapes, values known at build time) and its attributes.
struct ShapeInference {
    /// The op type (`"MatMul"`).
    let opType: String
    /// The op's unique name, for error messages.
    let opName: String
    /// The op's data inputs.
    let inputs: [Tensor]
    /// The op's attributes.
    let attrs: AttrMap

    /// Input `index`, or an error naming the op when it has fewer inputs.
    func input(_ index: Int) throws -> Tensor {
        guard inputs.indices.contains(index) else {
            throw ScopeFlowError(
                .invalidArgument, "\(opType) op '\(opName)' needs at least \(index + 1) inputs, got \(inputs.count).",
                names: [opName])
        }
        return inputs[index]
    }

    /// Checks that the op has exactly `count` inputs.
    func requireInputs(_ count: Int) throws {
        guard inputs.count == count else {
            throw ScopeFlowError(
                .invalidArgument, "\(opType) op '\(opName)' takes \(count) inputs, got \(inputs.count).",
                names: [opName])
        }
    }

    /// Checks that a convolution or pooling op's `data_format` (if set) is NHWC, the only layout
    /// the CPU kernels run, so an NCHW op fails where it is built instead of when it runs.
    func requireNHWC() throws {
        if let format = attrs["data_format"]?.stringValue, format != "NHWC" {
            throw ScopeFlowError(
                .unimplemented,
                "\(opType) op '\(opName)' uses data_format \(format); the CPU kernel supports only NHWC, transpose to NHWC.",
                names: [opName])
        }
    }

    /// The type attribute `key` (`"T"`, `"dtype"` …), or an error naming the op when it is missing.
    func type(_ key: String) throws -> DType {
        guard let dtype = attrs[key]?.typeValue else {
            throw ScopeFlowError(
                .invalidArgument, "\(opType) op '\(opName)' has no type attribute '\(key)'; set it.", names: [opName])
        }
        return dtype
    }
}

/// Infers an op's outputs (dtype and static shape) from its inputs and attributes, as TF's
/// shape functions do, throwing for inputs TF rejects when the graph is built. The op's
/// constructor and its definition (`rawOp`) share one; each op family declares its own
/// beside its constructors, as static members (`.unchanged`, `.broadcasting` …).
struct ShapeFunction: Sendable {
    /// The outputs of the op `op` describes.
    let infer: @Sendable (ShapeInference) throws -> [OutputSpec]
    /// The type attributes that are an input's dtype, with that input's index (negative: counted
    /// from the end), which `rawOp` infers as TF does: `["T": 0]` unless the op says otherwise
    /// (`Split`'s `T` is its second input's, `Reshape` also has `Tshape` …).
    let inputTypes: [String: Int]

    init(
        inputTypes: [String: Int] = ["T": 0], _ infer: @escaping @Sendable (ShapeInference) throws -> [OutputSpec]
    ) {
        self.inputTypes = inputTypes
        self.infer = infer
    }
}

extension ShapeFunction {
    /// No outputs and no type attributes (`NoOp`).
    static let noOutputs = ShapeFunction(inputTypes: [:]) { _ in [] }

    /// One output of the first input's dtype and shape (unary elementwise ops, `Identity` …).
    static let unchanged = ShapeFunction { op in
        let x = try op.input(0)
        return [OutputSpec(dtype: x.dtype, shape: x.shape)]
    }

    /// Two inputs of one dtype, broadcast against each other (`AddV2`, `Mul`, `TanhGrad` …).
    static let broadcasting = ShapeFunction { op in
        try op.requireInputs(2)
        let dtype = try requireSameDType(op.inputs, argumentNames: ["x", "y"], opType: op.opType)
        let shape = try op.inputs[0].shape.broadcast(with: op.inputs[1].shape, opName: op.opName, opType: op.opType)
        return [OutputSpec(dtype: dtype, shape: shape)]
    }

    /// A broadcasting comparison: two inputs of one dtype, a bool result.
    static let comparison = ShapeFunction { op in
        let output = try broadcasting.infer(op)[0]
        return [OutputSpec(dtype: .bool, shape: output.shape)]
    }

    /// A broadcasting logical op: two bool inputs, a bool result.
    static let logical = ShapeFunction { op in
        try op.requireInputs(2)
        for input in op.inputs { try requireDType(input, in: [.bool], argument: "x", opType: op.opType) }
        let shape = try op.inputs[0].shape.broadcast(with: op.inputs[1].shape, opName: op.opName, opType: op.opType)
        return [OutputSpec(dtype: .bool, shape: shape)]
    }
}

extension Graph {
    /// Adds an operation whose outputs `shape` infers from its inputs and `attrs` (see
    /// ``addOperation(type:name:defaultName:inputs:controlInputs:attrs:location:infer:)``).
    func addOperation(
        type: String, name: String?, defaultName: String, inputs: [Tensor], controlInputs: [Operation] = [],
        attrs: AttrMap = [:], location: SourceLocation, shape: ShapeFunction
    ) throws -> Operation {
        try addOperation(
            type: type, name: name, defaultName: defaultName, inputs: inputs, controlInputs: controlInputs,
            attrs: attrs, location: location
        ) { opName in try shape.infer(ShapeInference(opType: type, opName: opName, inputs: inputs, attrs: attrs)) }
    }
}

/// ``makeOp(_:name:defaultName:inputs:attrs:location:infer:)`` with a shared shape function.
func makeOp(
    _ type: String, name: String?, defaultName: String, inputs: [Tensor], attrs: AttrMap,
    location: SourceLocation, shape: ShapeFunction
) throws -> Operation {
    try locatingErrors(at: location) { try Graph.forInputs(inputs) }.addOperation(
        type: type, name: name, defaultName: defaultName, inputs: inputs, attrs: attrs, location: location,
        shape: shape)
}
