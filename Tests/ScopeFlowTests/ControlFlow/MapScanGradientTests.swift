import Testing

@testable import ScopeFlow

/// Gradients through ``mapFn(_:_:dtype:parallelIterations:backProp:swapMemory:inferShape:name:file:line:)``,
/// ``scan(_:_:initializer:parallelIterations:backProp:swapMemory:inferShape:reverse:name:file:line:)`` and
/// ``foldr(_:_:initializer:parallelIterations:backProp:swapMemory:name:file:line:)`` (TensorArrays in a while
/// loop, differentiated as TF does), against hand-computed answers for x of shape [4, 3].
@Suite struct MapScanGradientTests {
    static let x = try! HostTensor((0..<12).map { Float($0) - 5 }, shape: [4, 3])

    /// d(sum(f(x)))/dx, run with `x` fed.
    func gradientOfSum(_ f: (Tensor) throws -> Tensor) throws -> [Float] {
        let graph = Graph()
        let (x, grad) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [4, 3], name: "x")
            return (x, try #require(try gradients([reduceSum(f(x))], [x])[0]))
        }
        return try #require(try Session(graph: graph).run(grad, feeds: [x: Self.x]).floats)
    }

    @Test func mapFnPassesEachRowsGradient() throws {
        // sum(2·x + 1): 2 everywhere.
        #expect(try gradientOfSum { try mapFn({ row in try row * 2.0 + 1.0 }, $0) } == Array(repeating: 2, count: 12))
    }

    @Test func scanCountsEveryLaterRunningSum() throws {
        // Running sums s_i = x_0 + … + x_i: x_j appears in 4 - j of them.
        let expected: [Float] = (0..<4).flatMap { row in Array(repeating: Float(4 - row), count: 3) }
        #expect(try gradientOfSum { try scan({ acc, row in try acc + row }, $0) } == expected)
    }

    @Test func foldrHalvesTheWeightOfEachEarlierRow() throws {
        // a = 0; for i in 3...0: a = a·0.5 + x_i  →  a = x_0 + 0.5·x_1 + 0.25·x_2 + 0.125·x_3.
        let expected: [Float] = [1, 0.5, 0.25, 0.125].flatMap { Array(repeating: Float($0), count: 3) }
        let got = try gradientOfSum { try foldr({ acc, row in try acc * 0.5 + row }, $0, initializer: zeros(shape: [3])) }
        #expect(got == expected)
    }
}
