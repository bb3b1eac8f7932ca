import Foundation
import ScopeFlowExamples
import Testing

@testable import ScopeFlow

/// The seed RNN's graph: TF's variable and op names (`../shared/bench/tf/RESULTS.md`)
/// and the test RNN sharing the train RNN's weights.
@Suite struct ExampleSeedRNNTests {
    /// The tutorial's `AdamOptimizer(lr).minimize(cost)`.
    private static func minimize(_ optimizer: AdamOptimizer, _ cost: Tensor) throws -> ScopeFlow.Operation {
        try optimizer.minimize(cost)
    }

    private func build(_ mode: SeedRNNMode = .loop) throws -> (Graph, SeedRNN, SeedRNN) {
        let graph = Graph()
        let (train, test) = try graph.asDefault {
            try variableScope("rnn") { scope in
                let train = try SeedRNN(.train, mode: mode, optimize: Self.minimize)
                scope.reuseVariables()
                return (train, try SeedRNN(.test, mode: mode, optimize: Self.minimize))
            }
        }
        return (graph, train, test)
    }

    /// Every node of the train and test RNNs (name, type, data and control inputs), as
    /// `rnn_seed.py`'s model builds them in TF 2.21 with ref variables
    /// (`Resources/seed_rnn_graph_tf21.txt`, and `seed_rnn_dynamic_graph_tf21.txt` for its
    /// `dynamic` variant; one `name type input,input…` line per node, written by
    /// `Scripts/tf-verify/dump_seed_rnn_graph.py`).
    @Test(arguments: [(SeedRNNMode.loop, "seed_rnn_graph_tf21"), (.dynamic, "seed_rnn_dynamic_graph_tf21")])
    func wholeGraphEqualsTensorFlows(_ mode: SeedRNNMode, _ resource: String) throws {
        let url = try #require(
            Bundle.module.url(forResource: resource, withExtension: "txt", subdirectory: "Resources"))
        let expected = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .map { $0.hasSuffix(" ") ? String($0.dropLast()) : String($0) }
        let (graph, _, _) = try build(mode)
        let ours = graph.graphDef().node.map { "\($0.name) \($0.op) \($0.input.joined(separator: ","))" }
            .map { $0.hasSuffix(" ") ? String($0.dropLast()) : $0 }
        #expect(ours.count == expected.count)
        let firstDifference = zip(ours, expected).first { $0 != $1 }
        #expect(
            firstDifference == nil,
            "first differing node: ours \(firstDifference?.0 ?? "") vs TF \(firstDifference?.1 ?? "")")
        if firstDifference != nil || ours.count != expected.count {
            try? ours.joined(separator: "\n").write(
                toFile: NSTemporaryDirectory() + "seed_rnn_graph_ours.txt", atomically: true, encoding: .utf8)
        }
    }

    @Test func variableNamesEqualTensorFlows() throws {
        let (graph, _, _) = try build()
        let trainable = [
            "rnn/input_layer/weights:0", "rnn/input_layer/biases:0", "rnn/cell/basic_lstm_cell/kernel:0",
            "rnn/cell/basic_lstm_cell/bias:0", "rnn/output_layer/weights:0", "rnn/output_layer/biases:0",
        ]
        #expect(try graph.variables(GraphKeys.trainableVariables).map(\.name) == trainable)
        let slots = trainable.flatMap { name -> [String] in
            let base = "rnn/trian/" + name.dropLast(2)
            return [base + "/Adam:0", base + "/Adam_1:0"]
        }
        let global =
            trainable + ["rnn/trian/beta1_power:0", "rnn/trian/beta2_power:0"] + slots
            + ["rnn/trian_1/beta1_power:0", "rnn/trian_1/beta2_power:0"]
        #expect(try graph.variables().map(\.name) == global)
    }

    @Test func tensorAndOpNamesEqualTensorFlows() throws {
        let (_, train, test) = try build()
        #expect(
            [train.xs.name, train.ys.name, test.xs.name, test.ys.name]
                == ["rnn/inputs/xs:0", "rnn/inputs/ys:0", "rnn/inputs_1/xs:0", "rnn/inputs_1/ys:0"])
        #expect(
            [train.prediction.name, test.prediction.name]
                == ["rnn/RNN/output_layer/Relu:0", "rnn/RNN_1/output_layer/Relu:0"])
        #expect([train.cost.name, test.cost.name] == ["rnn/cost/Sum:0", "rnn/cost_1/Sum:0"])
        #expect(train.cost.shape == Shape(known: [2]))
        #expect([train.trainOp.name, test.trainOp.name] == ["rnn/trian/Adam", "rnn/trian_1/Adam"])
        #expect(train.inputWeights === test.inputWeights)
    }

    @Test func testRNNUsesTheTrainRNNsWeights() throws {
        let (graph, train, test) = try build()
        let session = Session(graph: graph)
        try session.run(graph.asDefault { try globalVariablesInitializer() })
        let config = SeedRNNConfig.train
        let values = (0..<(config.batchSize * config.timeSteps * config.inputSize)).map {
            Float(($0 * 37) % 23) / 23 - 0.5
        }
        let xs = try HostTensor(values, shape: [config.batchSize, config.timeSteps, config.inputSize])
        let firstStep = try HostTensor(
            (0..<config.batchSize).flatMap { b in
                values[(b * config.timeSteps * config.inputSize)...].prefix(config.inputSize)
            },
            shape: [config.batchSize, 1, config.inputSize])
        let trainPred = try session.run(train.prediction, feeds: [train.xs: xs]).floats!
        let testPred = try session.run(test.prediction, feeds: [test.xs: firstStep]).floats!
        let out = config.outputSize
        for b in 0..<config.batchSize {
            for k in 0..<out {
                #expect(abs(trainPred[(b * config.timeSteps) * out + k] - testPred[b * out + k]) < 1e-6)
            }
        }
    }

    /// The dynamic variant computes what the tutorial's loop computes: from the same variable
    /// values, the same cost, and after one Adam step the same cost again. (Its cell's variables
    /// are `rnn/cell/rnn/basic_lstm_cell/…`, the rest are named as the loop's, in the same order.)
    @Test func dynamicVariantTrainsAsTheLoop() throws {
        let config = SeedRNNConfig.train
        let count = config.batchSize * config.timeSteps
        let xs = try HostTensor(
            (0..<(count * config.inputSize)).map { Float(($0 * 37) % 23) / 23 - 0.5 },
            shape: [config.batchSize, config.timeSteps, config.inputSize])
        let ys = try HostTensor(
            (0..<(count * config.outputSize)).map { Float(($0 * 11) % 7) / 7 },
            shape: [config.batchSize, config.timeSteps, config.outputSize])
        var costs: [[Float]] = []
        var values: [HostTensor] = []
        for mode in [SeedRNNMode.loop, .dynamic] {
            let (graph, train, _) = try build(mode)
            let session = Session(graph: graph)
            let (initializer, variables) = try graph.asDefault {
                (try globalVariablesInitializer(), try globalVariables())
            }
            try session.run(initializer)
            if values.isEmpty {
                values = try variables.map { try session.run($0) }
            } else {
                #expect(variables.map(\.shape) == values.map { Shape(known: $0.shape) })
                let loads = try graph.asDefault {
                    try zip(variables, values).map { try assign($0, constant($1)) }
                }
                try session.run(loads)
            }
            let feeds = [train.xs: xs, train.ys: ys]
            let before = try #require(try session.run(train.cost, feeds: feeds).floats)
            try session.run(train.trainOp, feeds: feeds)
            costs.append(before + (try #require(try session.run(train.cost, feeds: feeds).floats)))
        }
        for (loop, dynamic) in zip(costs[0], costs[1]) {
            #expect(abs(loop - dynamic) <= 1e-5 * max(1, abs(loop)), "\(costs[0]) vs \(costs[1])")
        }
    }
}
