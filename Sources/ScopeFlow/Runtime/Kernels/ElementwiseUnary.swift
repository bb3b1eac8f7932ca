import ScopeFlowSIMDKernels

/// A unary operation defined for every numeric element type.
protocol NumericUnaryFunction: Sendable {
    func callAsFunction<T: NumericElement>(_ x: T) -> T
}

/// A unary operation defined for floating-point element types only.
protocol FloatUnaryFunction: Sendable {
    func callAsFunction<T: FloatElement>(_ x: T) -> T
    /// A loop over a float32 buffer that gives the same bits as the element
    /// function, faster; nil when the element function's own loop runs.
    var float32Loop: FloatBufferLoop? { get }
}

/// Replaces each of `count` floats in place with a function of it.
typealias FloatBufferLoop = @Sendable (UnsafeMutablePointer<Float>, _ count: Int) -> Void

extension FloatUnaryFunction {
    var float32Loop: FloatBufferLoop? { nil }
}

/// The one-input math and activation ops.
enum UnaryOps {
    struct Neg: NumericUnaryFunction {
        @inline(__always) func callAsFunction<T: NumericElement>(_ x: T) -> T { .negate(x) }
    }
    struct Square: NumericUnaryFunction {
        @inline(__always) func callAsFunction<T: NumericElement>(_ x: T) -> T { .multiply(x, x) }
    }
    struct Abs: NumericUnaryFunction {
        @inline(__always) func callAsFunction<T: NumericElement>(_ x: T) -> T { .magnitude(x) }
    }
    /// −1, 0 or 1; `Sign(±0) = +0` and NaN stays NaN.
    struct Sign: NumericUnaryFunction {
        @inline(__always) func callAsFunction<T: NumericElement>(_ x: T) -> T {
            x.isNaNValue ? x : x > .zero ? .one : x < .zero ? .negate(.one) : .zero
        }
    }
    /// `max(x, 0)`, keeping NaN.
    struct Relu: NumericUnaryFunction {
        @inline(__always) func callAsFunction<T: NumericElement>(_ x: T) -> T { .maximum(x, .zero) }
    }
    /// `min(max(x, 0), 6)`, keeping NaN.
    struct Relu6: NumericUnaryFunction {
        @inline(__always) func callAsFunction<T: NumericElement>(_ x: T) -> T {
            .minimum(.maximum(x, .zero), T(count: 6))
        }
    }
    struct Sqrt: FloatUnaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ x: T) -> T { x.squareRoot() }
    }
    struct Rsqrt: FloatUnaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ x: T) -> T { 1 / x.squareRoot() }
    }
    struct Reciprocal: FloatUnaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ x: T) -> T { 1 / x }
    }
    struct Exp: FloatUnaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ x: T) -> T { .exp(x) }
    }
    struct Sin: FloatUnaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ x: T) -> T { .sin(x) }
    }
    struct Cos: FloatUnaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ x: T) -> T { .cos(x) }
    }
    /// `Round`: to the nearest integer, halves to even (TF's banker's rounding).
    struct Round: FloatUnaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ x: T) -> T { x.rounded(.toNearestOrEven) }
    }
    struct Expm1: FloatUnaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ x: T) -> T { .expm1(x) }
    }
    struct Log: FloatUnaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ x: T) -> T { .log(x) }
    }
    struct Log1p: FloatUnaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ x: T) -> T { .log1p(x) }
    }
    struct Floor: FloatUnaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ x: T) -> T { x.rounded(.down) }
    }
    struct Ceil: FloatUnaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ x: T) -> T { x.rounded(.up) }
    }
    struct Tanh: FloatUnaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ x: T) -> T { .tanh(x) }
        var float32Loop: FloatBufferLoop? {
            SIMDSupport.avx512Kernel ? avx512EigenTanh : SIMDSupport.wideKernel ? wideEigenTanh : nil
        }
    }
    struct Sigmoid: FloatUnaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ x: T) -> T { .logistic(x) }
        var float32Loop: FloatBufferLoop? {
            SIMDSupport.avx512Kernel ? avx512EigenLogistic : SIMDSupport.wideKernel ? wideEigenLogistic : nil
        }
    }
    /// `x` for `x > 0`, `exp(x) − 1` otherwise (keeps `-0.0`).
    struct Elu: FloatUnaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ x: T) -> T { x > 0 ? x : .expm1(x) }
    }
    /// Scaled ELU with TensorFlow's constants.
    struct Selu: FloatUnaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ x: T) -> T {
            let scale = T(1.0507009873554804934193349852946)
            let scaledAlpha = T(1.7580993408473768599402175208123)
            return x > 0 ? scale * x : scaledAlpha * .expm1(x)
        }
    }
    /// `x` for `x > 0`, `alpha · x` otherwise.
    struct LeakyRelu: FloatUnaryFunction {
        let alpha: Double
        @inline(__always) func callAsFunction<T: FloatElement>(_ x: T) -> T { x > 0 ? x : x * T(alpha) }
    }
    /// `log(1 + exp(x))` with TensorFlow's cut-offs: `x` above `−log(ε) − 2`,
    /// `exp(x)` below `log(ε) + 2`.
    struct Softplus: FloatUnaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ x: T) -> T {
            // log(ε) + 2, with log(ε) = −significandBitCount · ln 2 (constant-folded).
            let threshold = 2 - T(T.significandBitCount) * T(0.69314718055994530942)
            if x > -threshold { return x }
            if x < threshold { return .exp(x) }
            return .log1p(.exp(x))
        }
    }
    /// `x / (1 + |x|)`.
    struct Softsign: FloatUnaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ x: T) -> T { x / (1 + Swift.abs(x)) }
    }

    private struct NumericVisit<F: NumericUnaryFunction>: OwnedNumericVisitor {
        let f: F
        @inline(__always)
        func visit<T: NumericElement>(_ x: consuming [T], shape: [Int]) throws -> HostTensor {
            mapInPlace(consume x, shape: shape) { f($0) }
        }
    }

    private struct FloatVisit<F: FloatUnaryFunction>: OwnedFloatVisitor {
        let f: F
        /// `f.float32Loop`, read once when the kernel is built.
        let float32Loop: FloatBufferLoop?

        init(f: F) {
            self.f = f
            float32Loop = f.float32Loop
        }

        @inline(__always)
        func visit<T: FloatElement>(_ x: consuming [T], shape: [Int]) throws -> HostTensor {
            if T.self == Float.self, let loop = float32Loop {
                var values = consume x
                values.withUnsafeMutableBufferPointer { buffer in
                    buffer.withMemoryRebound(to: Float.self) { floats in
                        if let base = floats.baseAddress { loop(base, floats.count) }
                    }
                }
                return HostTensor(uncheckedStorage: T.storage(values), shape: shape)
            }
            return mapInPlace(consume x, shape: shape) { f($0) }
        }
    }

    /// The factory of an op over all numeric types, writing over its input's buffer when it can.
    static func numeric<F: NumericUnaryFunction>(_ f: F) -> SingleOutputKernelFactory {
        { context in
            let visitor = NumericVisit(f: f)
            return { inputs in
                try MathInputs.require(inputs, count: 1, context)
                return try dispatchOwned(inputs.removeLast(), context, visitor)
            }
        }
    }

    /// The factory of an op over floating-point types, writing over its input's
    /// buffer when it can; `make` builds the function from the op's attributes.
    static func float<F: FloatUnaryFunction>(
        _ make: @escaping @Sendable (KernelContext) throws -> F
    ) -> SingleOutputKernelFactory {
        { context in
            let visitor = FloatVisit(f: try make(context))
            return { inputs in
                try MathInputs.require(inputs, count: 1, context)
                return try dispatchOwned(inputs.removeLast(), context, visitor)
            }
        }
    }

    /// The factory of an attribute-free float op.
    static func float<F: FloatUnaryFunction>(_ f: F) -> SingleOutputKernelFactory { float { _ in f } }

    /// `LeakyRelu` with its `alpha` attribute (TF's default 0.2).
    static let leakyRelu: SingleOutputKernelFactory = float { context in LeakyRelu(alpha: context.float("alpha", default: 0.2)) }

}
