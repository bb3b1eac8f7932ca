import Testing
@testable import ScopeFlow

/// The single-output elementwise kernels write over an input's buffer when
/// they hold the only reference to it. These tests check that path against a
/// plain reference computation, and that a value someone else still holds
/// (a fetch, a variable, a constant, the caller's copy) is never overwritten.
@Suite struct InPlaceKernelTests {
    /// `count` distinct, non-zero floats.
    private func floats(_ count: Int, seed: Float) -> [Float] {
        (0..<count).map { Float($0 % 7) * 0.37 + seed + Float($0) * 0.01 }
    }

    /// `x[i] <op> y[j]` over the numpy broadcast of `xShape` and `yShape`, element by element.
    private func reference(
        _ x: [Float], _ xShape: [Int], _ y: [Float], _ yShape: [Int], _ op: (Float, Float) -> Float
    ) -> (values: [Float], shape: [Int]) {
        let rank = max(xShape.count, yShape.count)
        let xs = [Int](repeating: 1, count: rank - xShape.count) + xShape
        let ys = [Int](repeating: 1, count: rank - yShape.count) + yShape
        let shape = zip(xs, ys).map { $0 == 1 ? $1 : $0 }
        let count = shape.reduce(1, *)
        func offset(_ index: Int, _ dims: [Int]) -> Int {
            var (rest, result, stride) = (index, 0, 1)
            for axis in (0..<rank).reversed() {
                let coordinate = rest % shape[axis]
                rest /= shape[axis]
                if dims[axis] != 1 { result += coordinate * stride }
                stride *= dims[axis]
            }
            return result
        }
        return ((0..<count).map { op(x[offset($0, xs)], y[offset($0, ys)]) }, shape)
    }

    private static let shapePairs: [([Int], [Int])] = [
        ([2, 3], [2, 3]), ([2, 3], []), ([], [2, 3]), ([2, 3], [3]), ([3], [2, 3]), ([4, 1, 3], [2, 1]),
        ([2, 1], [1, 3]), ([1], [2, 2]), ([0, 3], [3]),
    ]

    @Test(arguments: ["AddV2", "Sub", "Mul", "RealDiv", "Maximum", "SquaredDifference"])
    func binaryOpsMatchTheReferenceWhetherOrNotTheyReuseABuffer(_ type: String) throws {
        let op: (Float, Float) -> Float = switch type {
        case "AddV2": { $0 + $1 }
        case "Sub": { $0 - $1 }
        case "Mul": { $0 * $1 }
        case "RealDiv": { $0 / $1 }
        case "Maximum": { max($0, $1) }
        default: { ($0 - $1) * ($0 - $1) }
        }
        let context = KernelContext(opType: type, opName: "op", attrs: [:])
        let single = try #require(try OpRegistry.singleOutputKernel(for: context))
        let general = try OpRegistry.kernel(for: context)
        for (xShape, yShape) in Self.shapePairs {
            let x = floats(xShape.reduce(1, *), seed: 1.5)
            let y = floats(yShape.reduce(1, *), seed: -0.75)
            let want = reference(x, xShape, y, yShape, op)
            // Uniquely held inputs: the kernel may write over one of them.
            var owned = [try HostTensor(x.map { $0 }, shape: xShape), try HostTensor(y.map { $0 }, shape: yShape)]
            let reused = try single(&owned)
            #expect(reused.shape == want.shape, "\(type) \(xShape) \(yShape)")
            #expect(reused.floats == want.values, "\(type) \(xShape) \(yShape)")
            // Inputs the caller keeps: they must come back untouched.
            let kept = [try HostTensor(x, shape: xShape), try HostTensor(y, shape: yShape)]
            let copied = try general(kept)[0]
            #expect(copied.floats == want.values, "\(type) \(xShape) \(yShape)")
            #expect(kept[0].floats == x && kept[1].floats == y)
        }
    }

    @Test func unaryOpsMatchTheReferenceAndLeaveAHeldInputAlone() throws {
        let x = floats(6, seed: -1)
        let context = KernelContext(opType: "Sigmoid", opName: "op", attrs: [:])
        let single = try #require(try OpRegistry.singleOutputKernel(for: context))
        let want = x.map { Float.logistic($0) }
        var owned = [try HostTensor(x.map { $0 }, shape: [2, 3])]
        #expect(try single(&owned).floats == want)
        let kept = try HostTensor(x, shape: [2, 3])
        #expect(try OpRegistry.kernel(for: context)([kept])[0].floats == want)
        #expect(kept.floats == x)
    }

    @Test(arguments: [("NHWC", [2, 3], [3]), ("NCHW", [2, 3, 2], [3, 1])])
    func biasAddMatchesTheReferenceWhetherOrNotItReusesTheInput(_ format: String, _ shape: [Int], _ biasShape: [Int])
        throws
    {
        let context = KernelContext(opType: "BiasAdd", opName: "op", attrs: ["data_format": .string(format)])
        let single = try #require(try OpRegistry.singleOutputKernel(for: context))
        let x = floats(shape.reduce(1, *), seed: 0.25)
        let bias = floats(3, seed: -2)
        let want = reference(x, shape, bias, biasShape) { $0 + $1 }.values
        var owned = [try HostTensor(x.map { $0 }, shape: shape), HostTensor(bias)]
        #expect(try single(&owned).floats == want)
        let kept = try HostTensor(x, shape: shape)
        #expect(try OpRegistry.kernel(for: context)([kept, HostTensor(bias)])[0].floats == want)
        #expect(kept.floats == x)
    }

    @Test func aSessionNeverOverwritesFetchedVariableOrConstantValues() throws {
        let graph = Graph()
        let (x, doubled, chained, viaVariable, viaConstant, variable, initializer) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [3], name: "x")
            let doubled = try x * 2.0
            let chained = try (doubled + 1.0) * 3.0
            let v = try Variable([1, 2, 3], name: "v")
            let c = try constant([4, 5, 6] as [Float])
            return (x, doubled, chained, try v + 1.0, try c * 2.0, v, try globalVariablesInitializer())
        }
        let session = Session(graph: graph)
        try session.run(initializer)
        let fed = HostTensor([1, 2, 3] as [Float])
        for _ in 0..<2 {
            let values = try session.run([doubled, chained, viaVariable, viaConstant], feeds: [x: fed])
            #expect(values[0].floats == [2, 4, 6])
            #expect(values[1].floats == [9, 15, 21])
            #expect(values[2].floats == [2, 3, 4])
            #expect(values[3].floats == [8, 10, 12])
        }
        #expect(fed.floats == [1, 2, 3])
        #expect(try session.value(of: variable)?.floats == [1, 2, 3])
    }

    @Test func mismatchedDtypesStillThrow() throws {
        let context = KernelContext(opType: "AddV2", opName: "add", attrs: [:])
        let single = try #require(try OpRegistry.singleOutputKernel(for: context))
        var inputs = [HostTensor([1] as [Float]), HostTensor([1] as [Int32])]
        #expect(throws: ScopeFlowError.self) { try single(&inputs) }
    }
}
