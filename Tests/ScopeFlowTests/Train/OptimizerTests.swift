import Testing
@testable import ScopeFlow

/// The optimizers' apply ops against single steps computed by hand, and their TF names.
@Suite struct OptimizerTests {
    /// A graph with `w = [1, 2]` and the constant gradient `[0.1, -0.2]`.
    private struct Fixture {
        let graph = Graph()
        let w: Variable
        let gradient: Tensor
        static let start: [Double] = [1, 2]
        static let g: [Double] = [0.1, -0.2]

        init() throws {
            (w, gradient) = try graph.asDefault {
                (
                    try getVariable("w", shape: [2], initializer: .constant(Self.start)),
                    try constant(Self.g.map { Float($0) })
                )
            }
        }

        /// Builds `train` with `build`, initializes, runs it `steps` times and returns `w`.
        func run(steps: Int = 1, _ build: () throws -> Operation) throws -> (Session, [Double]) {
            let train = try graph.asDefault(build)
            let session = Session(graph: graph)
            try session.run(graph.asDefault { try globalVariablesInitializer() })
            for _ in 0..<steps { try session.run(train) }
            return (session, try session.run(w).floats!.map(Double.init))
        }
    }

    private func expectClose(_ actual: [Double], _ expected: [Double], tolerance: Double = 1e-6) {
        #expect(actual.count == expected.count)
        for (a, e) in zip(actual, expected) { #expect(abs(a - e) <= tolerance, "\(actual) vs \(expected)") }
    }

    @Test func gradientDescentStep() throws {
        let f = try Fixture()
        let (_, w) = try f.run { try GradientDescentOptimizer(learningRate: 0.1).applyGradients([(f.gradient, f.w)]) }
        expectClose(w, zip(Fixture.start, Fixture.g).map { $0 - 0.1 * $1 })
        #expect(f.graph.operation(named: "GradientDescent/update_w/ApplyGradientDescent")?.type == "ApplyGradientDescent")
        #expect(f.graph.operation(named: "GradientDescent/learning_rate")?.type == "Const")
        #expect(f.graph.operation(named: "GradientDescent")?.type == "NoOp")
    }

    @Test func momentumTwoStepsAndNesterov() throws {
        let f = try Fixture()
        let optimizer = MomentumOptimizer(learningRate: 0.1, momentum: 0.9)
        let (session, w) = try f.run(steps: 2) { try optimizer.applyGradients([(f.gradient, f.w)]) }
        // accum: g, then 1.9 g; w -= 0.1 · accum each step.
        expectClose(w, zip(Fixture.start, Fixture.g).map { $0 - 0.1 * ($1 + 1.9 * $1) })
        let slot = try #require(optimizer.slot(for: f.w, named: "momentum"))
        #expect(slot.name == "w/Momentum:0")
        #expect(!slot.trainable)
        expectClose(try session.run(slot).floats!.map(Double.init), Fixture.g.map { 1.9 * $0 })
        #expect(f.graph.operation(named: "Momentum/update_w/ApplyMomentum")?.attrs["use_nesterov"]?.boolValue == false)

        let n = try Fixture()
        let (_, wn) = try n.run {
            try MomentumOptimizer(learningRate: 0.1, momentum: 0.9, useNesterov: true).applyGradients([(n.gradient, n.w)])
        }
        expectClose(wn, zip(Fixture.start, Fixture.g).map { $0 - 0.1 * $1 - 0.1 * 0.9 * $1 })
    }

    @Test func adamFirstStepAndBetaPowers() throws {
        let f = try Fixture()
        let optimizer = AdamOptimizer(learningRate: 0.1)
        let (session, w) = try f.run { try optimizer.applyGradients([(f.gradient, f.w)]) }
        let alpha = 0.1 * (1 - 0.999).squareRoot() / (1 - 0.9)
        let expected = zip(Fixture.start, Fixture.g).map { start, g in
            start - alpha * (0.1 * g) / ((0.001 * g * g).squareRoot() + 1e-8)
        }
        expectClose(w, expected, tolerance: 1e-5)
        let m = try #require(optimizer.slot(for: f.w, named: "m"))
        let v = try #require(optimizer.slot(for: f.w, named: "v"))
        #expect([m.name, v.name] == ["w/Adam:0", "w/Adam_1:0"])
        expectClose(try session.run(m).floats!.map(Double.init), Fixture.g.map { 0.1 * $0 })
        let globals = try f.graph.variables().map(\.name)
        #expect(globals == ["w:0", "beta1_power:0", "beta2_power:0", "w/Adam:0", "w/Adam_1:0"])
        let beta1Power = try f.graph.variables().first { $0.name == "beta1_power:0" }!
        expectClose(try session.run(beta1Power).floats!.map(Double.init), [0.81])
        for name in ["Adam/update_w/ApplyAdam", "Adam/Assign", "Adam/Assign_1", "Adam/mul", "Adam/beta1", "Adam/epsilon"] {
            #expect(f.graph.operation(named: name) != nil, "missing \(name)")
        }
        #expect(f.graph.operation(named: "Adam/mul")?.controlInputs.map(\.name) == ["Adam/update_w/ApplyAdam"])
        let group = try #require(f.graph.operation(named: "Adam"))
        #expect(group.type == "NoOp")
        #expect(group.controlInputs.map(\.name) == ["Adam/update_w/ApplyAdam", "Adam/Assign", "Adam/Assign_1"])
        #expect(try f.graph.collection(GraphKeys.trainOp).map(\.name) == ["Adam"])
    }

    @Test func rmsPropTwoSteps() throws {
        let f = try Fixture()
        let optimizer = RMSPropOptimizer(learningRate: 0.1, momentum: 0.5)
        let (_, w) = try f.run(steps: 2) { try optimizer.applyGradients([(f.gradient, f.w)]) }
        let expected = zip(Fixture.start, Fixture.g).map { start, g in
            var (ms, mom, w) = (1.0, 0.0, start)
            for _ in 0..<2 {
                ms += (g * g - ms) * 0.1
                mom = mom * 0.5 + g * 0.1 / (ms + 1e-10).squareRoot()
                w -= mom
            }
            return w
        }
        expectClose(w, expected, tolerance: 1e-5)
        #expect(optimizer.slot(for: f.w, named: "rms")?.name == "w/RMSProp:0")
        #expect(optimizer.slot(for: f.w, named: "momentum")?.name == "w/RMSProp_1:0")
        #expect(f.graph.operation(named: "RMSProp/update_w/ApplyRMSProp") != nil)
    }

    @Test func globalStepCountsTrainingSteps() throws {
        let f = try Fixture()
        var step: Variable?
        let (session, _) = try f.run(steps: 3) {
            step = try getOrCreateGlobalStep()
            return try AdamOptimizer().applyGradients([(f.gradient, f.w)], globalStep: step)
        }
        let globalStep = try #require(step)
        #expect(globalStep.name == "global_step:0")
        #expect(globalStep.dtype == .int64)
        #expect(!globalStep.trainable)
        #expect(try ScopeFlow.globalStep(graph: f.graph) === globalStep)
        #expect(try session.run(globalStep).int64s == [3])
        let train = try #require(f.graph.operation(named: "Adam"))
        #expect(train.type == "AssignAdd")
        // As TF builds it: the constant 1 waits for the updates, the AssignAdd reads it.
        #expect(train.controlInputs.isEmpty)
        #expect(train.inputs.map(\.name) == ["global_step:0", "Adam/value:0"])
        #expect(train.inputs[1].op.controlInputs.map(\.name) == ["Adam/update"])
    }

    @Test func nilGradientsAreSkippedAndAllNilFails() throws {
        let f = try Fixture()
        let other = try f.graph.asDefault { try getVariable("other", shape: [1]) }
        _ = try f.graph.asDefault {
            try GradientDescentOptimizer(learningRate: 1).applyGradients([(f.gradient, f.w), (nil, other)])
        }
        #expect(f.graph.operation(named: "GradientDescent/update_other/ApplyGradientDescent") == nil)
        #expect(throws: ScopeFlowError.self) {
            try f.graph.asDefault {
                try GradientDescentOptimizer(learningRate: 1).applyGradients([(nil as Tensor?, other)])
            }
        }
    }

    @Test func slotsAreCreatedInsideAReusingScope() throws {
        let graph = Graph()
        let (w, optimizer) = try graph.asDefault {
            try variableScope("s") { scope in
                let w = try getVariable("w", shape: [2])
                scope.reuseVariables()
                let optimizer = AdamOptimizer(learningRate: 0.1)
                try optimizer.applyGradients([(try constant([1, 1] as [Float]), w)])
                return (w, optimizer)
            }
        }
        #expect(optimizer.slot(for: w, named: "m")?.name == "s/s/w/Adam:0")
        #expect(optimizer.slot(for: w, named: "v")?.name == "s/s/w/Adam_1:0")
        #expect(try graph.variables().map(\.name).contains("s/beta1_power:0"))
    }

    @Test func secondOptimizerInANewScopeEntryReusesSlots() throws {
        let graph = Graph()
        let (first, second, w) = try graph.asDefault {
            try variableScope("rnn") { scope in
                let w = try getVariable("w", shape: [2])
                let g = try constant([1, 1] as [Float])
                let first = AdamOptimizer()
                _ = try variableScope("trian") { _ in try first.applyGradients([(g, w)]) }
                scope.reuseVariables()
                let second = AdamOptimizer()
                _ = try variableScope("trian") { _ in try second.applyGradients([(g, w)]) }
                return (first, second, w)
            }
        }
        #expect(first.slot(for: w, named: "m") === second.slot(for: w, named: "m"))
        #expect(second.slot(for: w, named: "v")?.name == "rnn/trian/rnn/w/Adam_1:0")
        let names = try graph.variables().map(\.name)
        #expect(names.contains("rnn/trian_1/beta1_power:0"))
        #expect(graph.operation(named: "rnn/trian_1/Adam")?.type == "NoOp")
    }

    @Test func applyOpRejectsAGradientOfAnotherShape() throws {
        let f = try Fixture()
        #expect(throws: ScopeFlowError.self) {
            try f.graph.asDefault {
                try GradientDescentOptimizer(learningRate: 1).applyGradients([(try constant([1, 2, 3] as [Float]), f.w)])
            }
        }
    }
}
