import Testing

@testable import ScopeFlow

/// Compiled plans fuse runs of elementwise ops over large values into one blocked pass
/// (``ElementChains``) with the interpreter's bits, and keep apart the ops whose
/// intermediate values someone else reads.
@Suite struct ElementChainTests {
    /// 99,459 elements: above ``ElementChains/minimumCount`` and ``ElementStripes/minimum``,
    /// and neither a multiple of the block nor of 16.
    static let shape = [3, 257, 129]

    private func data(_ step: Int) throws -> HostTensor {
        let count = Self.shape.reduce(1, *)
        return try HostTensor((0..<count).map { Float(($0 * step + 11) % 23) / 7 - 1.5 }, shape: Self.shape)
    }

    /// Runs `fetches` compiled and interpreted; returns the compiled plan's step count.
    private func compiledSteps(_ graph: Graph, _ fetches: [Tensor], _ feeds: [Tensor: HostTensor]) throws -> Int? {
        let session = Session(graph: graph)
        _ = try session.run(fetches, feeds: feeds)
        let compiled = try session.run(fetches, feeds: feeds)
        let interpreted = try Session(graph: graph, compilesPlans: false).run(fetches, feeds: feeds)
        for (index, (a, b)) in zip(compiled, interpreted).enumerated() {
            #expect(a.shape == b.shape && a.floats == b.floats, "fetch \(index): \(fetches[index].name)")
        }
        return try #require(session.planReports().first).compiledSteps
    }

    @Test func aChainOfElementwiseOpsIsOneStepWithTheInterpretersBits() throws {
        let graph = Graph()
        let (x, t, chain) = try graph.asDefault {
            let x = try placeholder(.float32, shape: Shape(known: Self.shape), name: "x")
            let t = try placeholder(.float32, shape: Shape(known: Self.shape), name: "t")
            // The running value as left and right operand, against scalars and values, through
            // unary ops with and without their own buffer loops.
            let difference = try multiply(try subtract(x, t), try constant(2.0))
            let squashed = try sigmoid(try subtract(try constant(1.0), difference))
            let chain = try maximum(try tanh(try multiply(t, squashed)), x)
            return (x, t, chain)
        }
        let steps = try compiledSteps(graph, [chain], [x: try data(37), t: try data(5)])
        #expect(steps == 1)
    }

    @Test func anIntermediateReadElsewhereEndsTheChain() throws {
        let graph = Graph()
        let (x, t, fetches) = try graph.asDefault {
            let x = try placeholder(.float32, shape: Shape(known: Self.shape), name: "x")
            let t = try placeholder(.float32, shape: Shape(known: Self.shape), name: "t")
            let difference = try subtract(x, t)  // fetched, and read by two ops
            let scaled = try multiply(difference, try constant(0.5))
            let both = try add(scaled, try sigmoid(difference))
            return (x, t, [difference, both])
        }
        // `difference`; `sigmoid`; `scaled` with the `add` joined to its chain.
        let steps = try compiledSteps(graph, fetches, [x: try data(37), t: try data(5)])
        #expect(steps == 3)
    }

    @Test func smallValuesKeepOneStepPerOp() throws {
        let graph = Graph()
        let (x, y) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [64, 64], name: "x")
            return (x, try tanh(try multiply(x, try constant(3.0))))
        }
        let values = try HostTensor((0..<4096).map { Float($0 % 17) / 5 - 1.5 }, shape: [64, 64])
        #expect(try compiledSteps(graph, [y], [x: values]) == 2)
    }
}
