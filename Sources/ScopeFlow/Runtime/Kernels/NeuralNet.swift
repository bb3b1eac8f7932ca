
/// `BiasAdd` and `L2Loss`.
enum NeuralNetOps {
    /// Adds the vector `bias` along the channel axis: the last one (NHWC) or
    /// axis 1 (NCHW), writing over the input's buffer when nothing else holds it.
    private struct BiasAdd: OwnedNumericVisitor {
        let bias: HostTensor
        let channelsLast: Bool
        let context: KernelContext

        func visit<T: NumericElement>(_ x: consuming [T], shape: [Int]) throws -> HostTensor {
            let b = try NaryOps.values(bias, as: T.self, context)
            guard shape.count >= 2 else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "Op '\(context.opName)' (BiasAdd) needs an input of rank 2 or more, not shape \(shape).",
                    names: [context.opName])
            }
            let axis = channelsLast ? shape.count - 1 : 1
            guard bias.shape == [shape[axis]] else {
                throw NaryOps.shapeError("bias", bias.shape, [shape[axis]], context)
            }
            let inner = shape[(axis + 1)...].reduce(1, *)
            var values = consume x
            b.withUnsafeBufferPointer { pb in
                values.withUnsafeMutableBufferPointer { pv in
                    guard let bias = pb.baseAddress, var run = pv.baseAddress, pb.count > 0, inner > 0 else { return }
                    // Pointer steps without overflow checks, so the inner loops vectorize.
                    let channels = pb.count
                    for _ in 0..<(pv.count / (channels * inner)) {
                        if inner == 1 {
                            for c in 0..<channels { run[c] = .add(run[c], bias[c]) }
                            run += channels
                            continue
                        }
                        for c in 0..<channels {
                            let value = bias[c]
                            for j in 0..<inner { run[j] = .add(run[j], value) }
                            run += inner
                        }
                    }
                }
            }
            return HostTensor(uncheckedStorage: T.storage(values), shape: shape)
        }
    }

    /// `sum(x²) / 2`, accumulated in the wide type.
    private struct L2Loss: FloatVisitor {
        func visit<T: FloatElement>(_ x: [T], _ a: HostTensor) throws -> HostTensor {
            var sum = T.Wide.zero
            for v in x { sum = .add(sum, T.multiply(v, v).widened) }
            let half = T(narrowing: sum) / 2
            return HostTensor(uncheckedStorage: T.storage([half]), shape: [])
        }
    }

    static let biasAdd: SingleOutputKernelFactory = { context in
        let format = context.string("data_format", default: "NHWC")
        guard format == "NHWC" || format == "NCHW" else {
            throw ScopeFlowError(
                .invalidArgument,
                "Op '\(context.opName)' (BiasAdd): unknown data_format '\(format)'; use NHWC or NCHW.",
                names: [context.opName])
        }
        let channelsLast = format == "NHWC"
        return { inputs in
            try MathInputs.require(inputs, count: 2, context)
            let visitor = BiasAdd(bias: inputs.removeLast(), channelsLast: channelsLast, context: context)
            let x = inputs.removeLast()
            return try dispatchOwned(consume x, context, visitor)
        }
    }

    static let l2Loss: KernelFactory = { context in
        { inputs in
            try MathInputs.require(inputs, count: 1, context)
            return [try dispatchFloat(inputs[0], context, L2Loss())]
        }
    }
}
