/// Which class of floating-point value `IsFinite`, `IsNan` and `IsInf` test each element for.
enum FloatClass: Sendable {
    case finite
    case nan
    case infinite

    /// The kernel of the op that tests for this class: a bool tensor of the input's shape.
    var kernel: KernelFactory {
        { context in
            { inputs in
                try context.checkInputCount(inputs, 1)
                return [try dispatchFloat(inputs[0], context, FloatClassTest(tested: self))]
            }
        }
    }
}

/// Whether each visited element is of class `tested`.
private struct FloatClassTest: FloatVisitor {
    let tested: FloatClass

    func visit<T: FloatElement>(_ x: [T], _ a: HostTensor) throws -> HostTensor {
        let result: [Bool]
        switch tested {
        case .finite: result = x.map(\.isFinite)
        case .nan: result = x.map(\.isNaN)
        case .infinite: result = x.map(\.isInfinite)
        }
        return HostTensor(uncheckedStorage: .bool(result), shape: a.shape)
    }
}
