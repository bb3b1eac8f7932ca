/// A binary operation defined for every numeric element type.
protocol NumericBinaryFunction: Sendable {
    func callAsFunction<T: NumericElement>(_ a: T, _ b: T) -> T
}

/// A binary operation defined for floating-point element types only.
protocol FloatBinaryFunction: Sendable {
    func callAsFunction<T: FloatElement>(_ a: T, _ b: T) -> T
}

/// A comparison producing a `bool` tensor.
protocol ComparisonFunction: Sendable {
    func callAsFunction<T: Comparable>(_ a: T, _ b: T) -> Bool
}

/// The binary arithmetic, comparison and logical ops (numpy broadcasting).
enum BinaryOps {
    struct Add: NumericBinaryFunction {
        @inline(__always) func callAsFunction<T: NumericElement>(_ a: T, _ b: T) -> T { .add(a, b) }
    }
    struct Sub: NumericBinaryFunction {
        @inline(__always) func callAsFunction<T: NumericElement>(_ a: T, _ b: T) -> T { .subtract(a, b) }
    }
    struct Mul: NumericBinaryFunction {
        @inline(__always) func callAsFunction<T: NumericElement>(_ a: T, _ b: T) -> T { .multiply(a, b) }
    }
    struct Maximum: NumericBinaryFunction {
        @inline(__always) func callAsFunction<T: NumericElement>(_ a: T, _ b: T) -> T { .maximum(a, b) }
    }
    struct Minimum: NumericBinaryFunction {
        @inline(__always) func callAsFunction<T: NumericElement>(_ a: T, _ b: T) -> T { .minimum(a, b) }
    }
    struct SquaredDifference: NumericBinaryFunction {
        @inline(__always) func callAsFunction<T: NumericElement>(_ a: T, _ b: T) -> T {
            let d = T.subtract(a, b)
            return .multiply(d, d)
        }
    }
    struct RealDiv: FloatBinaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ a: T, _ b: T) -> T { a / b }
    }
    struct DivNoNan: FloatBinaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ a: T, _ b: T) -> T { b == 0 ? 0 : a / b }
    }
    struct Pow: FloatBinaryFunction {
        @inline(__always) func callAsFunction<T: FloatElement>(_ a: T, _ b: T) -> T { .pow(a, b) }
    }
    struct Equal: ComparisonFunction {
        @inline(__always) func callAsFunction<T: Comparable>(_ a: T, _ b: T) -> Bool { a == b }
    }
    struct NotEqual: ComparisonFunction {
        @inline(__always) func callAsFunction<T: Comparable>(_ a: T, _ b: T) -> Bool { a != b }
    }
    struct Less: ComparisonFunction {
        @inline(__always) func callAsFunction<T: Comparable>(_ a: T, _ b: T) -> Bool { a < b }
    }
    struct LessEqual: ComparisonFunction {
        @inline(__always) func callAsFunction<T: Comparable>(_ a: T, _ b: T) -> Bool { a <= b }
    }
    struct Greater: ComparisonFunction {
        @inline(__always) func callAsFunction<T: Comparable>(_ a: T, _ b: T) -> Bool { a > b }
    }
    struct GreaterEqual: ComparisonFunction {
        @inline(__always) func callAsFunction<T: Comparable>(_ a: T, _ b: T) -> Bool { a >= b }
    }

    private struct NumericVisit<F: NumericBinaryFunction>: OwnedNumericPairVisitor {
        let f: F
        let planner: BroadcastPlanner
        @inline(__always)
        func visit<T: NumericElement>(_ x: consuming [T], _ xShape: [Int], _ y: consuming [T], _ yShape: [Int]) throws
            -> HostTensor
        {
            try broadcastMapInPlace(consume x, xShape, consume y, yShape, planner: planner) { f($0, $1) }
        }
    }

    private struct FloatVisit<F: FloatBinaryFunction>: OwnedFloatPairVisitor {
        let f: F
        let planner: BroadcastPlanner
        @inline(__always)
        func visit<T: FloatElement>(_ x: consuming [T], _ xShape: [Int], _ y: consuming [T], _ yShape: [Int]) throws
            -> HostTensor
        {
            try broadcastMapInPlace(consume x, xShape, consume y, yShape, planner: planner) { f($0, $1) }
        }
    }

    private struct CompareVisit<F: ComparisonFunction>: NumericPairVisitor {
        let f: F
        let planner: BroadcastPlanner
        @inline(__always)
        func visit<T: NumericElement>(_ x: [T], _ y: [T], _ a: HostTensor, _ b: HostTensor) throws -> HostTensor {
            try broadcastMap(x, a.shape, y, b.shape, planner: planner) { f($0, $1) }
        }
    }

    /// The factory of a broadcasting op over all numeric types, writing over an input's buffer when it can.
    static func numeric<F: NumericBinaryFunction>(_ f: F) -> SingleOutputKernelFactory {
        { context in
            let visitor = NumericVisit(f: f, planner: BroadcastPlanner(opName: context.opName))
            return { inputs in
                try MathInputs.require(inputs, count: 2, context)
                let b = inputs.removeLast()
                let a = inputs.removeLast()
                return try dispatchOwned(consume a, consume b, context, visitor)
            }
        }
    }

    /// The factory of a broadcasting op over floating-point types, writing over an input's buffer when it can.
    static func float<F: FloatBinaryFunction>(_ f: F) -> SingleOutputKernelFactory {
        { context in
            let visitor = FloatVisit(f: f, planner: BroadcastPlanner(opName: context.opName))
            return { inputs in
                try MathInputs.require(inputs, count: 2, context)
                let b = inputs.removeLast()
                let a = inputs.removeLast()
                return try dispatchOwned(consume a, consume b, context, visitor)
            }
        }
    }

    /// The factory of a broadcasting comparison. `boolEquality` is the
    /// result for equal operands when the op also takes `bool` tensors
    /// (`true` for `Equal`, `false` for `NotEqual`), nil when it does not.
    static func comparison<F: ComparisonFunction>(_ f: F, boolEquality: Bool? = nil) -> SingleOutputKernelFactory {
        { context in
            let planner = BroadcastPlanner(opName: context.opName)
            let visitor = CompareVisit(f: f, planner: planner)
            return { inputs in
                try MathInputs.require(inputs, count: 2, context)
                let (a, b) = (inputs[0], inputs[1])
                if let same = boolEquality, case .bool(let x) = a.storage, case .bool(let y) = b.storage {
                    return try broadcastMap(x, a.shape, y, b.shape, planner: planner) { ($0 == $1) == same }
                }
                return try dispatchNumeric(a, b, context, visitor)
            }
        }
    }

    /// The factory of `LogicalAnd` (`isAnd`) or `LogicalOr` on `bool` tensors.
    /// `LogicalNot(x)` of a bool tensor.
    static let logicalNot: SingleOutputKernelFactory = { context in
        { inputs in
            try MathInputs.require(inputs, count: 1, context)
            let x = inputs.removeLast()
            guard case .bool(let values) = x.storage else {
                throw MathInputs.unsupported(x.dtype, context, allowed: "bool")
            }
            return HostTensor(uncheckedStorage: .bool(values.map { !$0 }), shape: x.shape)
        }
    }

    static func logical(isAnd: Bool) -> SingleOutputKernelFactory {
        { context in
            let planner = BroadcastPlanner(opName: context.opName)
            return { inputs in
                try MathInputs.require(inputs, count: 2, context)
                let (a, b) = (inputs[0], inputs[1])
                guard case .bool(let x) = a.storage, case .bool(let y) = b.storage else {
                    throw MathInputs.unsupported(a.dtype == .bool ? b.dtype : a.dtype, context, allowed: "bool")
                }
                return isAnd
                    ? try broadcastMap(x, a.shape, y, b.shape, planner: planner) { $0 && $1 }
                    : try broadcastMap(x, a.shape, y, b.shape, planner: planner) { $0 || $1 }
            }
        }
    }

}
