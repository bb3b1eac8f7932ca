import Testing

@testable import ScopeFlow

/// `einsum`, `tensordot`, `clipByAverageNorm` and the scatter ops refuse what they do not build
/// with an error naming it; the oracle cases (`ops_added.json`, `state_ops.json`) cover their values.
@Suite struct EinsumTensordotTests {
    @Test func einsumNamesTheEquationItDoesNotBuild() throws {
        try Graph().asDefault {
            let a = try placeholder(.float32, shape: [2, 3], name: "a")
            let b = try placeholder(.float32, shape: [3, 4], name: "b")
            let three = #expect(throws: ScopeFlowError.self) { try einsum("ij,jk,kl->il", a, b, b) }
            #expect(three?.code == .unimplemented)
            #expect(three?.message.contains("einsum 'ij,jk,kl->il' has 3 operands") == true)
            let unknown = #expect(throws: ScopeFlowError.self) { try einsum("ij,jk->il", a, b) }
            #expect(unknown?.message.contains("output subscript 'l' does not appear in any input") == true)
            let sizes = #expect(throws: ScopeFlowError.self) { try einsum("ij,ik->jk", a, b) }
            #expect(sizes?.code == .shapeMismatch)
            let rank = #expect(throws: ScopeFlowError.self) { try einsum("ijk->i", a) }
            #expect(rank?.message.contains("an operand of rank 2 has 3 subscripts") == true)
        }
    }

    @Test func einsumBroadcastsEllipsisDimensionsAndSumsTheirGradientBack() throws {
        let graph = Graph()
        let (y, a, b) = try graph.asDefault {
            let a = try placeholder(.float32, shape: [1, 2, 3], name: "a")
            let b = try placeholder(.float32, shape: [2, 3, 1], name: "b")
            return (try einsum("...ij,...jk->...ik", a, b), a, b)
        }
        #expect(y.shape == Shape(known: [2, 2, 1]))
        let ones = try HostTensor([Float](repeating: 1, count: 6), shape: [1, 2, 3])
        let column = try HostTensor([Float(1), 2, 3, 4, 5, 6], shape: [2, 3, 1])
        let session = Session(graph: graph)
        #expect(try session.run(y, feeds: [a: ones, b: column]).floats == [6, 6, 15, 15])
        // a's single batch entry met both of b's: its gradient sums b's columns over the batch.
        let grad = try #require(try graph.asDefault { try gradients([y], [a])[0] })
        let value = try session.run(grad, feeds: [a: ones, b: column])
        #expect(value.shape == [1, 2, 3] && value.floats == [5, 7, 9, 5, 7, 9])
    }

    @Test func tensordotChecksItsAxes() throws {
        try Graph().asDefault {
            let a = try placeholder(.float32, shape: [2, 3], name: "a")
            let b = try placeholder(.float32, shape: [4, 2], name: "b")
            let sizes = #expect(throws: ScopeFlowError.self) { try tensordot(a, b, axes: (a: [1], b: [0])) }
            #expect(sizes?.code == .shapeMismatch)
            let repeated = #expect(throws: ScopeFlowError.self) { try tensordot(a, b, axes: (a: [0, 0], b: [1, 1])) }
            #expect(repeated?.message.contains("must be distinct axes") == true)
            let tooMany = #expect(throws: ScopeFlowError.self) { try tensordot(a, b, axes: 3) }
            #expect(tooMany?.code == .invalidArgument)
        }
    }

    @Test func clipByAverageNormScalesByTheAverageNorm() throws {
        let graph = Graph()
        let clipped = try graph.asDefault { try clipByAverageNorm(constant([Float(3), 4]), clipNorm: 1) }
        // ‖t‖ = 5 over 2 elements: t · 1 · min(2 / 5, 1 / 1).
        let value = try #require(try Session(graph: graph).run(clipped).floats)
        #expect(zip(value, [Float(1.2), 1.6]).allSatisfy { Swift.abs($0 - $1) < 1e-6 })
    }

    @Test func integerScatterDivByZeroIsRefused() throws {
        let graph = Graph()
        let (variable, divided) = try graph.asDefault {
            let variable = try Variable(HostTensor([Int32(8), 9, 10], shape: [3]), name: "v")
            let divided = try scatterDiv(
                variable, indices: constant(HostTensor([Int32(0), 2])), updates: constant(HostTensor([Int32(2), 0])))
            return (variable, divided)
        }
        let session = Session(graph: graph)
        try session.run(targets: [variable.initializer])
        let error = #expect(throws: ScopeFlowError.self) { try session.run(divided) }
        #expect(error?.message.contains("Integer division by zero") == true)
        #expect(try session.run(variable.tensor).int32s == [8, 9, 10])
    }
}
