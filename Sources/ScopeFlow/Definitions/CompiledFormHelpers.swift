/// Short spellings of the compiled forms the op families share, so an op's
/// interpreter kernel and compiled form name the same element function.
extension CompiledForm {
    /// An elementwise op of one numeric operand.
    static func unary<F: NumericUnaryFunction>(numeric f: F) -> CompiledForm {
        .elementwise(CompiledElementwise.unary(CompiledElementwise.Numeric(f: f)))
    }

    /// An elementwise op of one floating-point operand.
    static func unary<F: FloatUnaryFunction>(float f: F) -> CompiledForm {
        .elementwise(CompiledElementwise.unary(CompiledElementwise.Floating(f: f)))
    }

    /// An elementwise op of one floating-point operand whose function reads the op's attributes
    /// (`LeakyRelu`'s `alpha`).
    static func unary<F: FloatUnaryFunction>(float make: @escaping @Sendable (KernelContext) -> F) -> CompiledForm {
        let element: @Sendable (CompiledOpRequest) -> CompiledElementwise.ElementOp = { request in
            CompiledElementwise.unary(CompiledElementwise.Floating(f: make(request.context)))
        }
        return .elementwise(
            CompiledElementwise.ElementOp(
                step: { request in element(request).step(request) },
                link: { request, running in element(request).link(request, running) }))
    }

    /// An elementwise op of two floating-point operands whose function reads the op's attributes
    /// (`LeakyReluGrad`'s `alpha`).
    static func binary<F: FloatBinaryFunction>(float make: @escaping @Sendable (KernelContext) -> F) -> CompiledForm {
        let element: @Sendable (CompiledOpRequest) -> CompiledElementwise.ElementOp = { request in
            CompiledElementwise.binary(CompiledElementwise.FloatingPair(f: make(request.context)))
        }
        return .elementwise(
            CompiledElementwise.ElementOp(
                step: { request in element(request).step(request) },
                link: { request, running in element(request).link(request, running) }))
    }

    /// An elementwise op of two numeric operands.
    static func binary<F: NumericBinaryFunction>(numeric f: F) -> CompiledForm {
        .elementwise(CompiledElementwise.binary(CompiledElementwise.NumericPair(f: f)))
    }

    /// An elementwise op of two floating-point operands.
    static func binary<F: FloatBinaryFunction>(float f: F) -> CompiledForm {
        .elementwise(CompiledElementwise.binary(CompiledElementwise.FloatingPair(f: f)))
    }

    /// A data-movement op, compiled by running its interpreter `kernel` once on element numbers.
    static func copies(_ kernel: KernelForm) -> CompiledForm {
        .step(CompiledCopies.copies(kernel: kernel.factory))
    }
}
