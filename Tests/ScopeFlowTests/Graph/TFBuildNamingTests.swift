import Testing
@testable import ScopeFlow

/// Ops built node for node as TF 2.21 builds them (checked with TF itself): a
/// shape-tensor `zeros`, `split` along an axis tensor, `x / 20`, a one-value `concat`
/// and `BasicLSTMCell`'s zero state.
@Suite struct TFBuildNamingTests {
    private func nodes(_ graph: Graph) -> [String] {
        graph.graphDef().node.map { "\($0.name) \($0.op) \($0.input.joined(separator: ","))" }
    }

    @Test func zerosOfAShapeTensorIsAFill() throws {
        let graph = Graph()
        let z = try graph.asDefault { try zeros(dims: constant(HostTensor([Int32]([2, 3]))), dtype: .float64) }
        #expect(nodes(graph) == ["Const Const ", "zeros/Const Const ", "zeros Fill Const,zeros/Const"])
        #expect(z.shape == [2, 3])
        #expect(try Session(graph: graph).run(z).doubles == [Double](repeating: 0, count: 6))
    }

    @Test func splitAlongAnAxisTensorTakesItAsItIs() throws {
        let graph = Graph()
        let pieces = try graph.asDefault {
            let one = try constant(HostTensor(scalar: Int32(1)))
            return try split(constant(HostTensor([Float]([1, 2, 3, 4]), shape: [1, 4])), numSplits: 2, axis: one)
        }
        #expect(nodes(graph) == ["Const Const ", "Const_1 Const ", "split Split Const,Const_1"])
        #expect(pieces.map(\.shape) == [[1, 2], [1, 2]])
        #expect(try pieces.map { try Session(graph: graph).run($0).floats } == [[1, 2], [3, 4]])
        let error = #expect(throws: ScopeFlowError.self) { try graph.asDefault { try split(pieces[0], numSplits: 0, axis: 1) } }
        #expect(error?.code == .invalidArgument)
    }

    @Test func dividingByANumberIsTruediv() throws {
        let graph = Graph()
        let q = try graph.asDefault { try constant(HostTensor([Float]([2, 5]))) / 4 }
        #expect(nodes(graph) == ["Const Const ", "truediv/y Const ", "truediv RealDiv Const,truediv/y"])
        #expect(try Session(graph: graph).run(q).floats == [0.5, 1.25])
        let error = #expect(throws: ScopeFlowError.self) { try graph.asDefault { try constant(Int32(3)) / 2 } }
        #expect(error?.code == .dtypeMismatch)
    }

    @Test func concatOfOneValueIsAnIdentityInItsScope() throws {
        let graph = Graph()
        _ = try graph.asDefault { try concat([constant(Float(1))], axis: 0) }
        #expect(nodes(graph) == ["Const Const ", "concat/concat_dim Const ", "concat/concat Identity Const"])
    }

    @Test func lstmZeroStateConcatsTheShapeAndFills() throws {
        let graph = Graph()
        let state = try graph.asDefault { try BasicLSTMCell(units: 3).zeroState(batchSize: 2, dtype: .float32) }
        let s = "BasicLSTMCellZeroState/"
        #expect(nodes(graph) == [
            "\(s)Const Const ", "\(s)Const_1 Const ", "\(s)concat/axis Const ",
            "\(s)concat ConcatV2 \(s)Const,\(s)Const_1,\(s)concat/axis", "\(s)zeros/Const Const ",
            "\(s)zeros Fill \(s)concat,\(s)zeros/Const", "\(s)Const_2 Const ", "\(s)Const_3 Const ",
            "\(s)Const_4 Const ", "\(s)Const_5 Const ", "\(s)concat_1/axis Const ",
            "\(s)concat_1 ConcatV2 \(s)Const_4,\(s)Const_5,\(s)concat_1/axis", "\(s)zeros_1/Const Const ",
            "\(s)zeros_1 Fill \(s)concat_1,\(s)zeros_1/Const", "\(s)Const_6 Const ", "\(s)Const_7 Const ",
        ])
        #expect([state.c.shape, state.h.shape] == [[2, 3], [2, 3]])
        #expect(try Session(graph: graph).run(state.h).floats == [Float](repeating: 0, count: 6))
    }
}
