/// A number with Python's floor division: `floorDivided` rounds the quotient
/// toward −∞ and `floorRemainder` takes the divisor's sign, so
/// `a == floorDivided(a, b) · b + floorRemainder(a, b)`.
private protocol FloorDivisible: NumericElement {
    static func floorDivided(_ a: Self, _ b: Self) -> Self
    static func floorRemainder(_ a: Self, _ b: Self) -> Self
}

extension FloorDivisible where Self: FixedWidthInteger {
    // `min / -1` wraps to `min` (remainder 0) instead of trapping.
    static func floorDivided(_ a: Self, _ b: Self) -> Self {
        let q = a.dividedReportingOverflow(by: b).partialValue
        let r = a.remainderReportingOverflow(dividingBy: b).partialValue
        return r != 0 && (r < 0) != (b < 0) ? q - 1 : q
    }

    static func floorRemainder(_ a: Self, _ b: Self) -> Self {
        let r = a.remainderReportingOverflow(dividingBy: b).partialValue
        return r != 0 && (r < 0) != (b < 0) ? r + b : r
    }
}

extension FloorDivisible where Self: FloatElement {
    static func floorDivided(_ a: Self, _ b: Self) -> Self { (a / b).rounded(.down) }

    static func floorRemainder(_ a: Self, _ b: Self) -> Self {
        let r = a.truncatingRemainder(dividingBy: b)
        return r != 0 && (r < 0) != (b < 0) ? r + b : r
    }
}

extension Int32: FloorDivisible {}
extension Int64: FloorDivisible {}
extension Float: FloorDivisible {}
extension Double: FloorDivisible {}

extension Kernels {

    static func floorKernel(remainder: Bool) -> KernelFactory {
        { context in
            let planner = BroadcastPlanner(opName: context.opName)
            return { inputs in
                try MathInputs.require(inputs, count: 2, context)
                let (a, b) = (inputs[0], inputs[1])
                switch (a.storage, b.storage) {
                case (.int32(let x), .int32(let y)): return [try floorMap(x, a, y, b, remainder: remainder, planner, context)]
                case (.int64(let x), .int64(let y)): return [try floorMap(x, a, y, b, remainder: remainder, planner, context)]
                case (.float32(let x), .float32(let y)): return [try floorMap(x, a, y, b, remainder: remainder, planner, context)]
                case (.float64(let x), .float64(let y)): return [try floorMap(x, a, y, b, remainder: remainder, planner, context)]
                default:
                    if a.dtype != b.dtype { throw MathInputs.mismatch(a.dtype, b.dtype, context) }
                    throw MathInputs.unsupported(a.dtype, context, allowed: "int32, int64, float32 or float64")
                }
            }
        }
    }

    private static func floorMap<T: FloorDivisible>(
        _ x: [T], _ a: HostTensor, _ y: [T], _ b: HostTensor, remainder: Bool, _ planner: BroadcastPlanner,
        _ context: KernelContext
    ) throws -> HostTensor {
        if T.self == Int32.self || T.self == Int64.self, y.contains(T.zero) {
            throw ScopeFlowError(
                .invalidArgument, "Integer division by zero in '\(context.opName)' (\(context.opType)).",
                names: [context.opName])
        }
        return remainder
            ? try broadcastMap(x, a.shape, y, b.shape, planner: planner) { T.floorRemainder($0, $1) }
            : try broadcastMap(x, a.shape, y, b.shape, planner: planner) { T.floorDivided($0, $1) }
    }
}
