/// `Cast`, `ZerosLike` and `OnesLike`.
enum ConversionOps {
    /// The kernel converting its input to `D`.
    static func castKernel<D: CastDestination>(to _: D.Type, _ context: KernelContext) -> Kernel {
        { inputs in
            try MathInputs.require(inputs, count: 1, context)
            let x = inputs[0]
            if x.dtype == D.dtype { return [x] }
            guard let values = ValueConversion.convert(x.storage, to: D.self) else {
                throw MathInputs.unsupported(x.dtype, context, allowed: "a numeric or bool type")
            }
            return [HostTensor(uncheckedStorage: D.storage(values), shape: x.shape)]
        }
    }

    /// `Cast` with attribute `DstT` (`SrcT` is checked against the input at run time).
    static let cast: KernelFactory = { context in
        guard let destination = try context.attr("DstT").typeValue else {
            throw ScopeFlowError(
                .invalidArgument, "Op '\(context.opName)' (Cast) needs a type for attribute DstT.",
                names: [context.opName])
        }
        switch destination {
        case .float32: return castKernel(to: Float.self, context)
        case .float64: return castKernel(to: Double.self, context)
        case .float16: return castKernel(to: Float16.self, context)
        case .int32: return castKernel(to: Int32.self, context)
        case .int64: return castKernel(to: Int64.self, context)
        case .bool: return castKernel(to: Bool.self, context)
        case .string:
            throw ScopeFlowError(
                .unimplemented, "Op '\(context.opName)' (Cast) cannot cast to string; use tf.strings ops instead.",
                names: [context.opName])
        case .resource:
            throw ScopeFlowError(
                .invalidArgument, "Op '\(context.opName)' (Cast) cannot cast to resource; a handle is not a number.",
                names: [context.opName])
        }
    }

    /// A tensor shaped like `x` filled with 0 (`one == false`) or 1.
    static func filled(like x: HostTensor, one: Bool, _ context: KernelContext) throws -> HostTensor {
        let n = x.count
        let storage: HostTensor.Storage
        switch x.storage {
        case .float32: storage = .float32(Array(repeating: one ? 1 : 0, count: n))
        case .float64: storage = .float64(Array(repeating: one ? 1 : 0, count: n))
        case .float16: storage = .float16(Array(repeating: one ? 1 : 0, count: n))
        case .int32: storage = .int32(Array(repeating: one ? 1 : 0, count: n))
        case .int64: storage = .int64(Array(repeating: one ? 1 : 0, count: n))
        case .bool: storage = .bool(Array(repeating: one, count: n))
        case .string:
            if one { throw MathInputs.unsupported(.string, context, allowed: "a numeric or bool type") }
            storage = .string(Array(repeating: "", count: n))
        }
        return HostTensor(uncheckedStorage: storage, shape: x.shape)
    }

    /// `ZerosLike` (`one == false`) or `OnesLike`.
    static func like(one: Bool) -> KernelFactory {
        { context in
            { inputs in
                try MathInputs.require(inputs, count: 1, context)
                return [try filled(like: inputs[0], one: one, context)]
            }
        }
    }

}
