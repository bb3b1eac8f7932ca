import Testing

@testable import ScopeFlow

/// Plans with a cond or a loop run their stretches of float32 kernels as compiled segments after
/// the first run: the values are the interpreter's (which the op oracle checks against TF's), on
/// the branch the segments were compiled for, on a branch never recorded, on feeds of other shapes,
/// inside loop bodies and their gradients, and when segments write variables other plans read.
@Suite struct CompiledSegmentTests {
    private func floats(_ values: [Float], _ shape: [Int]) throws -> HostTensor { try HostTensor(values, shape: shape) }

    /// Runs `fetches` with each feed set in order, on a compiling session and on the interpreter.
    private func compareWithInterpreter(
        _ graph: Graph, _ fetches: [Tensor], feedSets: [[Tensor: HostTensor]]
    ) throws -> Session {
        let compiled = Session(graph: graph)
        let interpreter = Session(graph: graph, compilesPlans: false)
        for (index, feeds) in feedSets.enumerated() {
            let expected = try interpreter.run(fetches, feeds: feeds)
            let values = try compiled.run(fetches, feeds: feeds)
            for (value, want) in zip(values, expected) {
                #expect(value.shape == want.shape, "run \(index)")
                #expect(value.floats == want.floats, "run \(index)")
            }
        }
        return compiled
    }

    private func segmentReport(_ session: Session) -> String {
        session.planReports().compactMap(\.interpretedBecause).joined(separator: " | ")
    }

    @Test func aCondsBranchesAndTheWorkAroundThemRunCompiled() throws {
        let graph = Graph()
        let (x, pred, out) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [2, 3], name: "x")
            let pred = try placeholder(.bool, shape: [], name: "pred")
            let w = try constant([0.5, -1, 0.25, 2, 0.75, -0.5, 1, 0, 1.5] as [Float], shape: [3, 3])
            let hidden = try relu(try matmul(x, w) + constant(Float(0.5)))
            let branch = try cond(
                pred, trueFn: { try relu(try matmul(hidden, w) + constant(Float(1))) * constant(Float(2)) },
                falseFn: { try tanh(try matmul(hidden, w)) - constant(Float(1)) })
            return (x, pred, try matmul(branch, w) * constant(Float(3)) + branch)
        }
        let input = try floats([1, -2, 0.5, 3, 0.25, -1], [2, 3])
        let yes = HostTensor(scalar: true)
        let no = HostTensor(scalar: false)
        let session = try compareWithInterpreter(
            graph, [out],
            feedSets: [[x: input, pred: yes], [x: input, pred: yes], [x: input, pred: no], [x: input, pred: yes]])
        #expect(segmentReport(session).contains("compiled segment"), "\(segmentReport(session))")
        // Hand-computed for one row: the true branch of x = [1, -2, 0.5].
        let row = try session.run(out, feeds: [x: input, pred: yes]).floats ?? []
        let w: [[Float]] = [[0.5, -1, 0.25], [2, 0.75, -0.5], [1, 0, 1.5]]
        func times(_ v: [Float]) -> [Float] { (0..<3).map { j in (0..<3).reduce(Float(0)) { $0 + v[$1] * w[$1][j] } } }
        let hidden = times([1, -2, 0.5]).map { max($0 + 0.5, 0) }
        let branch = times(hidden).map { max($0 + 1, 0) * 2 }
        let expected = zip(times(branch), branch).map { $0 * 3 + $1 }
        for (value, want) in zip(row.prefix(3), expected) { #expect(abs(value - want) <= 1e-5 * max(1, abs(want))) }
    }

    @Test func feedsOfAnotherShapeRunTheSegmentsStepsOneByOne() throws {
        let graph = Graph()
        let (x, pred, out) = try graph.asDefault {
            let x = try placeholder(.float32, shape: Shape([nil, 2]), name: "x")
            let pred = try placeholder(.bool, shape: [], name: "pred")
            let doubled = try x * constant(Float(2)) + constant(Float(1))
            let picked = try cond(pred, trueFn: { try square(doubled) }, falseFn: { try negative(doubled) })
            return (x, pred, try reduceSum(try picked * doubled, axis: [1]))
        }
        let yes = HostTensor(scalar: true)
        let session = try compareWithInterpreter(
            graph, [out],
            feedSets: [
                [x: try floats([1, 2, 3, 4], [2, 2]), pred: yes],
                [x: try floats([1, 2, 3, 4, 5, 6], [3, 2]), pred: yes],
                [x: try floats([1, 2, 3, 4], [2, 2]), pred: yes],
            ])
        // (2x + 1)³ summed per row: rows [1, 2] and [5, 6].
        let values = try session.run(out, feeds: [x: try floats([1, 2, 5, 6], [2, 2]), pred: yes]).floats
        #expect(values == [27 + 125, 1331 + 2197])
    }

    @Test func aLoopBodyAndItsGradientRunCompiled() throws {
        let graph = Graph()
        let (x, out, gradient) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [2, 2], name: "x")
            let w = try constant([0.5, -0.25, 0.75, 0.5] as [Float], shape: [2, 2])
            let final = try whileLoop(
                cond: { try less($0[0], constant(Int32(5))) },
                body: { [try $0[0] + constant(Int32(1)), try tanh(try matmul($0[1], w) + constant(Float(0.1))) * x] },
                loopVars: [constant(Int32(0)), x])[1]
            let loss = try reduceSum(try square(final))
            return (x, loss, try #require(try gradients(loss, x)))
        }
        let input = try floats([0.5, -1, 2, 0.25], [2, 2])
        let session = try compareWithInterpreter(
            graph, [out, gradient], feedSets: [[x: input], [x: input], [x: input]])
        #expect(segmentReport(session).contains("compiled segment"), "\(segmentReport(session))")
        // The gradient against central differences of the loss.
        let analytic = try session.run(gradient, feeds: [x: input]).floats ?? []
        let base = input.floats ?? []
        for index in base.indices {
            var up = base
            var down = base
            up[index] += 1e-2
            down[index] -= 1e-2
            let plus = try session.run(out, feeds: [x: try floats(up, [2, 2])]).floats?[0] ?? 0
            let minus = try session.run(out, feeds: [x: try floats(down, [2, 2])]).floats?[0] ?? 0
            let numeric = (plus - minus) / 2e-2
            #expect(abs(analytic[index] - numeric) <= 2e-2 * max(1, abs(numeric)), "element \(index)")
        }
    }

    @Test func variablesWrittenBySegmentsAreSeenByEveryOtherRun() throws {
        let graph = Graph()
        let (w, pred, train, reset) = try graph.asDefault {
            let w = try getVariable("w", shape: [2], initializer: .constant([1, -2]))
            let pred = try placeholder(.bool, shape: [], name: "pred")
            let scaled = try cond(
                pred, trueFn: { try w * constant(Float(3)) }, falseFn: { try w * constant(Float(-1)) })
            let loss = try reduceSum(try square(scaled - constant(Float(0.5))))
            let train = try GradientDescentOptimizer(learningRate: 0.05).minimize(loss)
            return (w, pred, train, try assign(w, try constant([2, 1] as [Float])))
        }
        var histories: [[[Float]]] = []
        for compiles in [true, false] {
            let session = Session(graph: graph, compilesPlans: compiles)
            try session.run(graph.asDefault { try globalVariablesInitializer() })
            var history: [[Float]] = []
            for step in 0..<6 {
                try session.run(targets: [train], feeds: [pred: HostTensor(scalar: step % 3 != 2)])
                history.append(try session.run(w).floats ?? [])
                if step == 3 { _ = try session.run(reset) }
            }
            histories.append(history)
        }
        #expect(histories[0] == histories[1])
        // The first step by hand: w ← w − 0.05 · 2 · 3 · (3w − 0.5).
        let start: [Float] = [1, -2]
        let firstStep = start.map { (value: Float) -> Float in value - 0.3 * (3 * value - 0.5) }
        #expect(histories[0][0] == firstStep)
    }
}
