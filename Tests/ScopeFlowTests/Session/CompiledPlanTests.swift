import ScopeFlowExamples
import Testing

@testable import ScopeFlow

/// Compiled plans against the interpreter: after its first run a float32 plan
/// runs over a preallocated arena, and must give the interpreter's bits.
@Suite struct CompiledPlanTests {
    /// Deterministic, non-symmetric test data.
    private func data(_ shape: [Int], offset: Float = 0) throws -> HostTensor {
        let count = shape.reduce(1, *)
        return try HostTensor((0..<count).map { Float(($0 * 37 + 11) % 23) / 7 - 1.5 + offset }, shape: shape)
    }

    /// Runs `fetches` three times in a compiling session and once in an
    /// interpreting one; returns both results and the compiling session.
    private func bothPaths(
        _ graph: Graph, _ fetches: [Tensor], feeds: [Tensor: HostTensor]
    ) throws -> (compiled: [HostTensor], interpreted: [HostTensor], session: Session) {
        let session = Session(graph: graph)
        let first = try session.run(fetches, feeds: feeds)
        let compiled = try session.run(fetches, feeds: feeds)
        #expect(try session.run(fetches, feeds: feeds).map(\.floats) == compiled.map(\.floats))
        let interpreted = try Session(graph: graph, compilesPlans: false).run(fetches, feeds: feeds)
        #expect(first.map(\.floats) == interpreted.map(\.floats))
        return (compiled, interpreted, session)
    }

    @Test func dataMovementReductionsAndTheirGradientsMatchTheInterpreter() throws {
        let graph = Graph()
        let (x, fetches) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [4, 6], name: "x")
            let bias = try constant((0..<6).map { Float($0) / 4 })
            let column = try constant([0.5, -1, 2, 0.25] as [Float], shape: [4, 1])
            let parts = try split(x, numSplits: 3, axis: 1)
            let joined = try concat([parts[2], try multiply(parts[0], try constant(2.0)), parts[1]], axis: 1)
            let sliced = try slice(joined, begin: [1, 1], size: [2, 4])
            let strided = try stridedSlice(x, begin: [0, 1], end: [4, 6], strides: [2, 2])
            let picked = try stridedSlice(x, begin: [2, 0], end: [3, 6], strides: [1, 1], shrinkAxisMask: 1)
            let moved = try transpose(try tile(strided, multiples: [2, 1]))
            let padded = try pad(sliced, paddings: [[1, 0], [0, 2]])
            let rows = try unstack(x, axis: 0)
            let stacked = try stack([rows[3], rows[0]], axis: 1)
            let biased = try biasAdd(try sigmoid(x), bias)
            let broadcast = try add(try tanh(x), column)
            let product = try matmul(x, joined, transposeA: true)
            let productT = try matmul(padded, x, transposeB: true)
            let summed = try addN([x, try relu(x), try square(x)])
            let reductions = [
                try reduceSum(x, axis: [0]), try reduceSum(x, axis: [1], keepDims: true), try reduceSum(x),
                try reduceMean(product, axis: [1]),
            ]
            let all = [joined, sliced, strided, picked, moved, padded, stacked, biased, broadcast, product, productT, summed]
                + reductions
            let loss = try addN(try all.map { try reduceSum(try square($0)) })
            let grad = try gradients([loss], [x])[0]!
            return (x, all + [loss, grad, try reduceMax(broadcast, axis: [0])])
        }
        let (compiled, interpreted, session) = try bothPaths(graph, fetches, feeds: [x: try data([4, 6])])
        #expect(session.compiledPlanCount == 1)
        for (index, (a, b)) in zip(compiled, interpreted).enumerated() {
            #expect(a.shape == b.shape, "fetch \(index): \(fetches[index].name)")
            #expect(a.floats == b.floats, "fetch \(index): \(fetches[index].name)")
        }
    }

    @Test func otherFeedShapesFallBackToTheInterpreter() throws {
        let graph = Graph()
        let (x, y) = try graph.asDefault {
            let x = try placeholder(.float32, shape: Shape([nil, 3]), name: "x")
            return (x, try reduceSum(try multiply(x, x), axis: [1]))
        }
        let session = Session(graph: graph)
        let small = try HostTensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])
        #expect(try session.run(y, feeds: [x: small]).floats == [14, 77])
        #expect(try session.run(y, feeds: [x: small]).floats == [14, 77])
        #expect(session.compiledPlanCount == 1)
        let other = try HostTensor([1, 0, 0, 2, 0, 0, 0, 0, 3] as [Float], shape: [3, 3])
        #expect(try session.run(y, feeds: [x: other]).floats == [1, 4, 9])
        #expect(try session.run(y, feeds: [x: small]).floats == [14, 77])
        #expect(throws: ScopeFlowError.self) {
            _ = try session.run(y, feeds: [x: try HostTensor([1, 2] as [Float], shape: [1, 2])])
        }
    }

    @Test func targetsStillRunWhileUnreadGradientsAreLeftOut() throws {
        let graph = Graph()
        let (x, product, group, unread) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [2, 2], name: "x")
            let product = try matmul(x, x)
            let sum = try add(x, x)
            let both = try noOp(controlInputs: [product.op, sum.op], name: "both")
            // The gradient-gating pattern: a value that waits for a product nobody reads.
            let gated = try controlDependencies([product.op]) { try identity(try square(x), name: "gated") }
            return (x, product, both, gated)
        }
        let feeds = [x: try data([2, 2])]
        for (targets, steps) in [([product.op], 1), ([group], 2)] {
            let session = Session(graph: graph)
            for _ in 0..<2 { try session.run(targets: targets, feeds: feeds) }
            #expect(session.compiledStepCounts == [steps], "targets \(targets.map(\.name))")
        }
        // Fetched, the gated value needs the product only as a control dependency: the
        // interpreter runs it, the compiled plan leaves it out.
        let session = Session(graph: graph)
        let first = try session.run(unread, feeds: feeds)
        #expect(try session.run(unread, feeds: feeds).floats == first.floats)
        #expect(session.compiledStepCounts == [1])
    }

    @Test func planReportsSayWhichPlansRunCompiledAndWhyOthersDoNot() throws {
        let graph = Graph()
        let (x, doubled, best) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [2, 3], name: "x")
            let doubled = try multiply(x, try constant(2.0), name: "doubled")
            return (x, doubled, try argmax(doubled, axis: 1, name: "best"))
        }
        let feeds = [x: try data([2, 3])]
        let session = Session(graph: graph)
        for _ in 0..<2 {
            _ = try session.run(doubled, feeds: feeds)
            _ = try session.run(best, feeds: feeds)
        }
        let reports = session.planReports()
        #expect(reports.count == 2)
        let compiled = try #require(reports.first { $0.signature.hasPrefix("fetches: doubled:0") })
        #expect(compiled.compiledSteps == 1 && compiled.steps == 1 && compiled.interpretedBecause == nil)
        #expect(compiled.description == "fetches: doubled:0; feeds: x:0; targets:  — compiled, 1 steps (1 interpreted)")
        let interpreted = try #require(reports.first { $0.signature.hasPrefix("fetches: best:0") })
        #expect(interpreted.compiledSteps == nil)
        #expect(interpreted.interpretedBecause == "op 'best' (ArgMax): it computes int64 values")

        let off = Session(graph: graph, compilesPlans: false)
        _ = try off.run(doubled, feeds: feeds)
        #expect(off.planReports().map(\.interpretedBecause) == ["the session was created with compilesPlans: false"])
    }

    @Test func emptyValuesCompile() throws {
        let graph = Graph()
        let (x, joined) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [2, 3], name: "x")
            let empty = try constant([Float](), shape: [0, 3])
            return (x, try concat([empty, try relu(x), empty], axis: 0))
        }
        let session = Session(graph: graph)
        let value = try HostTensor([1, -2, 3, -4, 5, -6] as [Float], shape: [2, 3])
        for _ in 0..<2 { #expect(try session.run(joined, feeds: [x: value]).floats == [1, 0, 3, 0, 5, 0]) }
        #expect(session.compiledPlanCount == 1)
    }

    @Test func everyOptimizerUpdatesLikeTheInterpreter() throws {
        let builds: [(String, () throws -> any Optimizer)] = [
            ("sgd", { GradientDescentOptimizer(learningRate: 0.1) }),
            ("momentum", { MomentumOptimizer(learningRate: 0.05, momentum: 0.9, useNesterov: true) }),
            ("adam", { AdamOptimizer(learningRate: 0.01) }),
            ("rmsprop", { RMSPropOptimizer(learningRate: 0.01, momentum: 0.5) }),
        ]
        for (label, build) in builds {
            let graph = Graph()
            let (w, train) = try graph.asDefault {
                let w = try getVariable("w", shape: [3, 2], initializer: .constant([0.5, -0.25, 1, 2, -1, 0.75]))
                let x = try constant([1, 2, 3, -1, 0.5, 2] as [Float], shape: [2, 3])
                let loss = try reduceSum(try square(try subtract(try matmul(x, w), try constant(1.0))))
                return (w, try build().minimize(loss))
            }
            var results: [[Float]] = []
            for compiles in [true, false] {
                let session = Session(graph: graph, compilesPlans: compiles)
                try session.run(graph.asDefault { try globalVariablesInitializer() })
                for _ in 0..<4 { try session.run(train) }
                #expect((session.compiledPlanCount > 0) == compiles, "\(label)")
                results.append(try session.run(w).floats ?? [])
            }
            #expect(results[0] == results[1], "\(label)")
            #expect(results[0] != [0.5, -0.25, 1, 2, -1, 0.75], "\(label) did not train")
        }
    }

    @Test func aFetchedVariableValueStaysAsItWasWhenTrainingGoesOn() throws {
        let graph = Graph()
        let (w, train) = try graph.asDefault {
            let w = try getVariable("w", shape: [2], initializer: .constant([1, 2]))
            return (w, try GradientDescentOptimizer(learningRate: 0.5).minimize(try reduceSum(try square(w))))
        }
        let session = Session(graph: graph)
        try session.run(graph.asDefault { try globalVariablesInitializer() })
        try session.run(train)
        try session.run(train)
        let held = try session.run(w)
        #expect(held.floats == [0, 0])
        _ = try session.run(graph.asDefault { try assign(w, try constant([3, 4] as [Float])) })
        let before = try session.run(w)
        try session.run(train)
        #expect(session.compiledPlanCount >= 1)
        #expect(before.floats == [3, 4])
        #expect(held.floats == [0, 0])
        #expect(try session.run(w).floats == [0, 0])
    }

    @Test func compiledPlansSeeVariablesChangedByOtherRunsAndByAssignValue() throws {
        let graph = Graph()
        let (w, bump, doubled) = try graph.asDefault {
            let w = try getVariable("w", shape: [2], initializer: .constant([1, 2]))
            return (w, try assignAdd(w, try constant([1, 1] as [Float])), try multiply(w, try constant(2.0)))
        }
        let session = Session(graph: graph)
        try session.run(graph.asDefault { try globalVariablesInitializer() })
        var expected: [Float] = [1, 2]
        for round in 0..<4 {
            _ = try session.run(bump)
            expected = expected.map { $0 + 1 }
            #expect(try session.run(doubled).floats == expected.map { $0 * 2 }, "round \(round)")
            #expect(try session.run(doubled).floats == expected.map { $0 * 2 }, "round \(round)")
        }
        try session.assignValue(try HostTensor([10, 20] as [Float], shape: [2]), to: w)
        #expect(try session.run(doubled).floats == [20, 40])
        _ = try session.run(bump)
        #expect(try session.run(doubled).floats == [22, 42])
        #expect(session.compiledPlanCount == 3)  // the initializer, bump and doubled
    }

    /// Products of a transposed operand read one row-major copy of its transpose per run, made
    /// again after a variable is written: the second product reads the variable after its update.
    @Test func transposedOperandsAreCopiedOncePerValueUntilAVariableChanges() throws {
        let graph = Graph()
        let (x, fetches) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [2, 4], name: "x")
            let w = try getVariable("w", shape: [3, 4], initializer: .constant((0..<12).map { Double($0) / 4 }))
            let first = try matmul(x, w.ref, transposeB: true)
            let again = try matmul(x * 2, w.ref, transposeB: true)
            let bump = try controlDependencies([first.op, again.op]) { try assignAdd(w, try constant([Float](repeating: 1, count: 12), shape: [3, 4])) }
            let after = try controlDependencies([bump.op]) { try matmul(x, w.ref, transposeB: true) }
            return (x, [first, again, after])
        }
        let session = Session(graph: graph)
        try session.run(graph.asDefault { try globalVariablesInitializer() })
        let feed = try data([2, 4])
        let compiled = try (0..<3).map { _ in try session.run(fetches, feeds: [x: feed]).map(\.floats) }
        #expect(session.compiledPlanCount == 2)  // the initializer and the products
        let xs = feed.floats!
        /// `(scale · x) · wᵀ` in Double, with `w` holding `index / 4 + added`.
        func product(_ scale: Double, added: Double) -> [Double] {
            (0..<2).flatMap { i in
                (0..<3).map { (j: Int) -> Double in
                    var sum = 0.0
                    for p in 0..<4 {
                        let weight = Double(j * 4 + p) / 4 + added
                        sum += scale * Double(xs[i * 4 + p]) * weight
                    }
                    return sum
                }
            }
        }
        func close(_ got: [Float]?, _ want: [Double]) -> Bool {
            guard let got, got.count == want.count else { return false }
            return zip(got, want).allSatisfy { abs(Double($0) - $1) <= 1e-5 * max(1, abs($1)) }
        }
        for (run, results) in compiled.enumerated() {
            #expect(close(results[0], product(1, added: Double(run))), "run \(run)")
            #expect(close(results[1], product(2, added: Double(run))), "run \(run)")
            #expect(close(results[2], product(1, added: Double(run + 1))), "run \(run)")
        }
    }

    @Test func seedRNNTrainingAndTestRunsGiveTheInterpretersBits() throws {
        let example = try SeedRNNTraining()
        let interpreter = Session(graph: example.graph, compilesPlans: false)
        try interpreter.run(example.graph.asDefault { try globalVariablesInitializer() })
        let feeds = [example.train.xs: example.inputs, example.train.ys: example.targets]
        let fetches = [example.train.costAverageOverTime]
        for _ in 0..<4 {
            let compiled = try example.session.run(fetches, feeds: feeds, targets: [example.train.trainOp])
            let interpreted = try interpreter.run(fetches, feeds: feeds, targets: [example.train.trainOp])
            #expect(compiled[0].floats == interpreted[0].floats)
        }
        #expect(example.session.compiledPlanCount >= 1)
        for variable in try example.graph.variables() {
            #expect(try example.session.run(variable).floats == interpreter.run(variable).floats, "\(variable.name)")
        }
        let testFeeds = [example.test.xs: example.firstSteps]
        for _ in 0..<2 {
            #expect(
                try example.session.run(example.test.prediction, feeds: testFeeds).floats
                    == interpreter.run(example.test.prediction, feeds: testFeeds).floats)
        }
        #expect(interpreter.compiledPlanCount == 0)
    }
}
