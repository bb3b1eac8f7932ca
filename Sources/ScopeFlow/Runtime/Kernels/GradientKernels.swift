extension Kernels {
    /// `StopGradient`: its input, unchanged (gradients stop at graph-building time).
    static let stopGradient: KernelFactory = { context in
        { inputs in
            try context.checkInputCount(inputs, 1)
            return [inputs[0]]
        }
    }

    /// `Shape`: the input's dimensions, int32 unless `out_type` is int64.
    static let shape: KernelFactory = { context in
        let outType = context.attrs["out_type"]?.typeValue ?? .int32
        return { inputs in
            try context.checkInputCount(inputs, 1)
            return [shapeTensor(inputs[0].shape, outType: outType)]
        }
    }

    /// `Size`: the input's element count, int32 unless `out_type` is int64.
    static let size: KernelFactory = { context in
        let outType = context.attrs["out_type"]?.typeValue ?? .int32
        return { inputs in
            try context.checkInputCount(inputs, 1)
            let count = inputs[0].shape.reduce(1, *)
            guard outType == .int64 || count <= Int(Int32.max) else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "Size of '\(context.opName)' is \(count) elements, more than int32 holds; use out_type int64.")
            }
            return [outType == .int64 ? HostTensor(scalar: Int64(count)) : HostTensor(scalar: Int32(count))]
        }
    }

    /// `ShapeN`: the dimensions of each input.
    static let shapeN: KernelFactory = { context in
        let outType = context.attrs["out_type"]?.typeValue ?? .int32
        return { inputs in inputs.map { shapeTensor($0.shape, outType: outType) } }
    }

    /// `BroadcastGradientArgs(s0, s1)`: the axes each broadcast shape was expanded over.
    static let broadcastGradientArgs: KernelFactory = { context in
        { inputs in
            try context.checkInputCount(inputs, 2)
            let (r0, r1) = try broadcastReductionAxes(
                context.indexVector(inputs[0], "s0"), context.indexVector(inputs[1], "s1"), context)
            return [HostTensor(r0.map(Int32.init)), HostTensor(r1.map(Int32.init))]
        }
    }

    /// `dims` as the value of `Shape`: int64 when `outType` says so, int32 otherwise.
    static func shapeTensor(_ dims: [Int], outType: DType) -> HostTensor {
        outType == .int64 ? HostTensor(dims.map(Int64.init)) : HostTensor(dims.map(Int32.init))
    }

    /// The axes over which each of two broadcast shapes was expanded (TF's
    /// `BroadcastGradientArgs`): summing a gradient over them undoes the broadcast.
    static func broadcastReductionAxes(_ s0: [Int], _ s1: [Int], _ context: KernelContext) throws -> ([Int], [Int]) {
        let rank = Swift.max(s0.count, s1.count)
        var r0: [Int] = []
        var r1: [Int] = []
        for i in 0..<rank {
            let a = i < rank - s0.count ? 1 : s0[i - (rank - s0.count)]
            let b = i < rank - s1.count ? 1 : s1[i - (rank - s1.count)]
            guard a == b || a == 1 || b == 1 else {
                throw context.arrayError(.invalidArgument, "Incompatible shapes: \(s0) vs. \(s1).")
            }
            if a == 1 && b != 1 {
                r0.append(i)
            } else if b == 1 && a != 1 {
                r1.append(i)
            } else if a == 1 && b == 1 {
                r0.append(i)
                r1.append(i)
            }
        }
        return (r0, r1)
    }
}

/// The elementwise gradients of activations, as TF's `*Grad` kernels compute them.
/// Each takes the incoming gradient and the op's output or input, in TF's operand order.
enum ActivationGrads {
    /// `LeakyReluGrad` with its `alpha` attribute (TF's default 0.2).
    static let leakyRelu: SingleOutputKernelFactory = { context in
        try BinaryOps.float(LeakyRelu(alpha: context.float("alpha", default: 0.2)))(context)
    }

    /// `ReluGrad(gradients, features)`: the gradient where the feature is positive (0 at 0 and NaN).
    struct Relu: FloatBinaryFunction {
        func callAsFunction<T: FloatElement>(_ g: T, _ x: T) -> T { x > 0 ? g : 0 }
    }
    /// `Relu6Grad(gradients, features)`: the gradient on `0 < x < 6`.
    struct Relu6: FloatBinaryFunction {
        func callAsFunction<T: FloatElement>(_ g: T, _ x: T) -> T { x > 0 && x < 6 ? g : 0 }
    }
    /// `EluGrad(gradients, outputs)`: `g` on the positive branch, `g·(y + 1)` below 0.
    struct Elu: FloatBinaryFunction {
        func callAsFunction<T: FloatElement>(_ g: T, _ y: T) -> T { y < 0 ? g * (y + 1) : g }
    }
    /// `SeluGrad(gradients, outputs)`: `g·scale` on the positive branch, `g·(y + scale·alpha)` below 0.
    struct Selu: FloatBinaryFunction {
        func callAsFunction<T: FloatElement>(_ g: T, _ y: T) -> T {
            y < 0 ? g * (y + T(1.7580993408473768599402175208123)) : g * T(1.0507009873554804934193349852946)
        }
    }
    /// `LeakyReluGrad(gradients, features)`: `g` where `x > 0`, else `alpha·g`.
    struct LeakyRelu: FloatBinaryFunction {
        let alpha: Double
        func callAsFunction<T: FloatElement>(_ g: T, _ x: T) -> T { x > 0 ? g : g * T(alpha) }
    }
    /// `SoftplusGrad(gradients, features)`: `g / (exp(−x) + 1)`.
    struct Softplus: FloatBinaryFunction {
        func callAsFunction<T: FloatElement>(_ g: T, _ x: T) -> T { g / (.exp(-x) + 1) }
    }
    /// `TanhGrad(y, dy)`: `dy·(1 − y²)`.
    struct Tanh: FloatBinaryFunction {
        func callAsFunction<T: FloatElement>(_ y: T, _ dy: T) -> T { dy * (1 - y * y) }
    }
    /// `SigmoidGrad(y, dy)`: `dy·y·(1 − y)`.
    struct Sigmoid: FloatBinaryFunction {
        func callAsFunction<T: FloatElement>(_ y: T, _ dy: T) -> T { dy * (y * (1 - y)) }
    }
    /// `SqrtGrad(y, dy)`: `dy·0.5 / y`.
    struct Sqrt: FloatBinaryFunction {
        func callAsFunction<T: FloatElement>(_ y: T, _ dy: T) -> T { dy * T(0.5) / y }
    }
    /// `ReciprocalGrad(y, dy)`: `−dy·y²`.
    struct Reciprocal: FloatBinaryFunction {
        func callAsFunction<T: FloatElement>(_ y: T, _ dy: T) -> T { -dy * y * y }
    }
    /// `SoftsignGrad(gradients, features)`: `g / (1 + |x|)²`.
    struct Softsign: FloatBinaryFunction {
        func callAsFunction<T: FloatElement>(_ g: T, _ x: T) -> T {
            let denominator = 1 + Swift.abs(x)
            return g / (denominator * denominator)
        }
    }
    /// `RsqrtGrad(y, dy)`: `−0.5·dy·y³`.
    struct Rsqrt: FloatBinaryFunction {
        func callAsFunction<T: FloatElement>(_ y: T, _ dy: T) -> T { T(-0.5) * (dy * y) * (y * y) }
    }
}
