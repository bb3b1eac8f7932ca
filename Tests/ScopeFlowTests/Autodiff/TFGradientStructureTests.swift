import Testing
@testable import ScopeFlow

/// Gradients built op for op as TF 2.21 builds them, with the right values: the
/// reduced-shape cache of Sum/Mean, `ConcatV2` of more than 16 values, `StridedSliceGrad`.
@Suite struct TFGradientStructureTests {
    /// The gradient's nodes of `graph` below `prefix`: `name type input,input…`.
    private func nodes(_ graph: Graph, under prefix: String) -> [String] {
        graph.graphDef().node.filter { $0.name.hasPrefix(prefix) }
            .map { "\($0.name) \($0.op) \($0.input.joined(separator: ","))" }
    }

    /// TF: `reduce_sum(a, 1) + reduce_mean(b, 1)` of two `[3, 4]` placeholders; the Mean's
    /// gradient finds `((3, 4), (1,))` in the graph's cache and makes no `Maximum`/`floordiv`.
    @Test func secondIdenticalReductionReusesTheCachedShapes() throws {
        let graph = Graph()
        let (a, b, grads) = try graph.asDefault {
            let a = try placeholder(.float32, shape: [3, 4], name: "a")
            let b = try placeholder(.float32, shape: [3, 4], name: "b")
            let y = try reduceSum(a, axis: [1]) + reduceMean(b, axis: [1])
            return (a, b, try gradients([y], [a, b]))
        }
        let g = "gradients/"
        #expect(nodes(graph, under: g + "Sum_grad/") == [
            "\(g)Sum_grad/Maximum/x Const ", "\(g)Sum_grad/Maximum/y Const ",
            "\(g)Sum_grad/Maximum Maximum \(g)Sum_grad/Maximum/x,\(g)Sum_grad/Maximum/y",
            "\(g)Sum_grad/floordiv/x Const ", "\(g)Sum_grad/floordiv FloorDiv \(g)Sum_grad/floordiv/x,\(g)Sum_grad/Maximum",
            "\(g)Sum_grad/Reshape/shape Const ", "\(g)Sum_grad/Reshape Reshape \(g)grad_ys_0,\(g)Sum_grad/Reshape/shape",
            "\(g)Sum_grad/Tile/multiples Const ", "\(g)Sum_grad/Tile Tile \(g)Sum_grad/Reshape,\(g)Sum_grad/Tile/multiples",
        ])
        #expect(nodes(graph, under: g + "Mean_grad/") == [
            "\(g)Mean_grad/Reshape/shape Const ", "\(g)Mean_grad/Reshape Reshape \(g)grad_ys_0,\(g)Mean_grad/Reshape/shape",
            "\(g)Mean_grad/Tile/multiples Const ", "\(g)Mean_grad/Tile Tile \(g)Mean_grad/Reshape,\(g)Mean_grad/Tile/multiples",
            "\(g)Mean_grad/Const Const ", "\(g)Mean_grad/truediv RealDiv \(g)Mean_grad/Tile,\(g)Mean_grad/Const",
        ])
        let ones = try HostTensor([Float](repeating: 1, count: 12), shape: [3, 4])
        let feeds = [a: ones, b: ones]
        let session = Session(graph: graph)
        #expect(try session.run(try #require(grads[0]), feeds: feeds).floats == [Float](repeating: 1, count: 12))
        #expect(try session.run(try #require(grads[1]), feeds: feeds).floats == [Float](repeating: 0.25, count: 12))
    }

    /// TF's `_ConcatGradHelper` for 17 values: `mod`, 17 `Shape`s, `stack`, `Slice/begin`
    /// (`Pack` of `mod` and `Slice/begin/1`), `Slice/size`, `Slice`, `Squeeze` and a `SplitV`
    /// named `split`; each value's gradient is its part of the upstream gradient.
    @Test func concatOfSeventeenValuesSplitsItsGradient() throws {
        let graph = Graph()
        let (values, grads) = try graph.asDefault {
            let values = try (0..<17).map { i in try constant(HostTensor([Float](repeating: Float(i), count: 2 * (i % 3 + 1)), shape: [2, i % 3 + 1])) }
            let joined = try concat(values, axis: -1)
            let widths = (0..<17).map { $0 % 3 + 1 }.reduce(0, +)
            let weights = try constant(HostTensor((0..<(2 * widths)).map { Float($0) }, shape: [2, widths]))
            return (values, try gradients([reduceSum(joined * weights)], values))
        }
        let types = graph.graphDef().node.filter { $0.name.hasPrefix("gradients/concat_grad/") }
            .map { "\($0.name.dropFirst("gradients/concat_grad/".count)) \($0.op)" }
        #expect(types == ["Rank Const", "mod FloorMod"] + (0..<17).map { "Shape\($0 == 0 ? "" : "_\($0)") Const" } + [
            "stack Pack", "Slice/begin/1 Const", "Slice/begin Pack", "Slice/size Const", "Slice Slice", "Squeeze Squeeze",
            "split SplitV",
        ])
        let session = Session(graph: graph)
        let widths = (0..<17).map { $0 % 3 + 1 }
        let total = widths.reduce(0, +)
        var start = 0
        for (i, gradient) in grads.enumerated() {
            let expected = (0..<2).flatMap { row in (0..<widths[i]).map { Float(row * total + start + $0) } }
            #expect(try session.run(try #require(gradient)).floats == expected, "value \(i) (\(values[i].name))")
            start += widths[i]
        }
    }

    /// TF's `_StridedSliceGrad` of `x[::-1, 1:3]`: `Shape`, then `StridedSliceGrad` with its
    /// `shape`, `begin`, `end`, `strides` `Const`s; the gradient lands where the slice read.
    @Test func stridedSliceGradientIsAStridedSliceGradOp() throws {
        let graph = Graph()
        let gradient = try graph.asDefault {
            let x = try placeholder(.float32, shape: [3, 4], name: "x")
            let sliced = try x[.range(nil, nil, step: -1), .range(1, 3)]
            let weights = try constant(HostTensor([Float]([1, 2, 3, 4, 5, 6]), shape: [3, 2]))
            return try gradients(reduceSum(sliced * weights), x)
        }
        let g = "gradients/strided_slice_grad/"
        #expect(nodes(graph, under: g).map { String($0.split(separator: " ")[0].dropFirst(g.count)) } == [
            "Shape", "StridedSliceGrad/shape", "StridedSliceGrad/begin", "StridedSliceGrad/end", "StridedSliceGrad/strides",
            "StridedSliceGrad",
        ])
        let x = try #require(graph.tensor(named: "x:0"))
        let value = try Session(graph: graph).run(try #require(gradient), feeds: [x: HostTensor([Float](repeating: 0, count: 12), shape: [3, 4])])
        #expect(value.floats == [0, 5, 6, 0, 0, 3, 4, 0, 0, 1, 2, 0])
    }
}
