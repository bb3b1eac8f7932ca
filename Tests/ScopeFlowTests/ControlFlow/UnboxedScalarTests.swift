import Testing

@testable import ScopeFlow

/// The frame executor keeps a loop's scalars unboxed and computes `Add`/`Sub`/`Mul` and the
/// comparisons on them itself: the results are the kernels' (integers wrap, floats round as the
/// kernels do), scalars reach kernels that read them as tensors, and ops on tensors that are not
/// scalars still run their kernels.
@Suite struct UnboxedScalarTests {
    /// `while i < count { i += 1; x = x * factor + offset }` over `x`'s dtype; returns the final x.
    private func affineLoop(_ x: Tensor, factor: Tensor, offset: Tensor, count: Int32) throws -> Tensor {
        try whileLoop(
            cond: { try less($0[0], constant(count)) },
            body: { [try $0[0] + constant(Int32(1)), try $0[1] * factor + offset] },
            loopVars: [constant(Int32(0)), x])[1]
    }

    @Test func integersWrapAsTheKernelsDo() throws {
        let graph = Graph()
        let (int32, int64) = try graph.asDefault {
            (
                try affineLoop(constant(Int32(1)), factor: constant(Int32(3)), offset: constant(Int32(-7)), count: 40),
                try affineLoop(constant(Int64(1)), factor: constant(Int64(5)), offset: constant(Int64(1)), count: 40)
            )
        }
        var expected32 = Int32(1)
        var expected64 = Int64(1)
        for _ in 0..<40 {
            expected32 = expected32 &* 3 &+ -7
            expected64 = expected64 &* 5 &+ 1
        }
        let values = try Session(graph: graph).run([int32, int64])
        #expect(values[0].int32s == [expected32])
        #expect(values[1].int64s == [expected64])
    }

    @Test func floatsRoundAsTheKernelsDo() throws {
        let graph = Graph()
        let (x0, float32, float64) = try graph.asDefault {
            let x0 = try placeholder(.float32, shape: [])
            return (
                x0, try affineLoop(x0, factor: constant(Float(0.999)), offset: constant(Float(1)), count: 1000),
                try affineLoop(
                    constant(1, dtype: .float64), factor: constant(0.999, dtype: .float64),
                    offset: constant(1, dtype: .float64), count: 1000)
            )
        }
        var expected32 = Float(1)
        var expected64 = Double(1)
        for _ in 0..<1000 {
            expected32 = expected32 * 0.999 + 1
            expected64 = expected64 * 0.999 + 1
        }
        let values = try Session(graph: graph).run([float32, float64], feeds: [x0: HostTensor(scalar: Float(1))])
        #expect(values[0].floats == [expected32])
        #expect(values[1].doubles == [expected64])
    }

    @Test func everyComparisonEndsItsLoopWhereTheKernelWould() throws {
        let graph = Graph()
        let results = try graph.asDefault {
            let comparisons: [(Tensor, Tensor) throws -> Tensor] = [
                { try less($0, $1) }, { try lessEqual($0, $1) }, { try greater($1, $0) },
                { try greaterEqual($1, $0) },
            ]
            return try comparisons.map { compare in
                try whileLoop(
                    cond: { try compare($0[0], constant(Float(2.5))) },
                    body: { [try $0[0] + constant(Float(0.5)), try $0[1] - constant(Int32(2))] },
                    loopVars: [constant(Float(0)), constant(Int32(0))])[1]
            }
        }
        // 0, 0.5, … 2.0 are below 2.5 (5 iterations); with `<=` 2.5 runs too (6).
        #expect(try Session(graph: graph).run(results).map(\.int32s) == [[-10], [-12], [-10], [-12]])
    }

    @Test func kernelsReadUnboxedScalarsAndTensorsKeepTheirKernels() throws {
        let graph = Graph()
        let (scale, vector) = try graph.asDefault {
            let results = try whileLoop(
                cond: { try less($0[0], constant(Float(4))) },
                body: { [try $0[0] + constant(Float(1)), try $0[1] * $0[0] + $0[1]] },
                loopVars: [constant(Float(1)), constant([Float(1), -2])])
            return (results[0], results[1])
        }
        // v ← v·s + v for s = 1, 2, 3: v·2·3·4.
        let values = try Session(graph: graph).run([scale, vector])
        #expect(values[0].floats == [4] && values[0].shape == [])
        #expect(values[1].floats == [24, -48] && values[1].shape == [2])
    }
}
