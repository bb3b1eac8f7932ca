import Foundation
import Testing

@testable import ScopeFlow

/// `AdagradOptimizer` against TF 2.21's (`Resources/adagrad_optimizer.json`, recorded by
/// `Scripts/tf-verify/record_adagrad_optimizer.py`): the graph `minimize` builds, node for node,
/// and two training steps' loss, variables, accumulators and global step.
@Suite struct AdagradOptimizerTests {
    struct Recorded: Decodable {
        struct Step: Decodable {
            let feeds: [String: OpOracle.TensorRecord]
            let loss: OpOracle.TensorRecord
            let variables: [String: OpOracle.TensorRecord]
        }
        let w: [[Double]]
        let b: [Double]
        let slots: [String: String]
        let nodes: [[String]]
        let train_op: String
        let steps: [Step]
    }

    static let recorded: Recorded = {
        let url = Bundle.module.url(forResource: "adagrad_optimizer", withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(Recorded.self, from: Data(contentsOf: url))
    }()

    /// TF's model built with ScopeFlow: the placeholders, the loss and the train op.
    private static func build() throws -> (
        x: Tensor, y: Tensor, loss: Tensor, train: ScopeFlow.Operation, AdagradOptimizer
    ) {
        let x = try placeholder(.float32, shape: [4, 3], name: "x")
        let y = try placeholder(.float32, shape: [4, 2], name: "y")
        let w = try getVariable("w", shape: [3, 2], initializer: .constant(recorded.w.flatMap { $0 }))
        let b = try getVariable("b", shape: [2], initializer: .constant(recorded.b))
        let loss = try reduceMean(square(matmul(x, w) + b - y))
        let optimizer = try AdagradOptimizer(learningRate: 0.1, initialAccumulatorValue: 0.2)
        let train = try optimizer.minimize(loss, globalStep: getOrCreateGlobalStep())
        return (x, y, loss, train, optimizer)
    }

    @Test func buildsTensorFlowsGraph() throws {
        let graph = Graph()
        let (train, optimizer, variables) = try graph.asDefault {
            let built = try Self.build()
            return (built.train, built.4, try globalVariables())
        }
        let nodes = graph.graphDef().node.map { [$0.name, $0.op] + $0.input }
        #expect(nodes.count == Self.recorded.nodes.count)
        let difference = zip(nodes, Self.recorded.nodes).first { $0 != $1 }
        #expect(difference == nil, "first differing node: ours \(difference?.0 ?? []) vs TF \(difference?.1 ?? [])")
        #expect(train.name == Self.recorded.train_op)
        for variable in variables where !variable.op.name.contains("/") && variable.op.name != "global_step" {
            let slot = try #require(optimizer.slot(for: variable, named: "accumulator"))
            #expect(slot.op.name == Self.recorded.slots[variable.op.name])
        }
    }

    @Test func trainsAsTensorFlowDoes() throws {
        let graph = Graph()
        let (built, initializer) = try graph.asDefault { (try Self.build(), try globalVariablesInitializer()) }
        let session = Session(graph: graph)
        try session.run(initializer)
        let tolerance = OpOracle.Tolerance(rtol: 1e-6, atol: 1e-7)
        for (k, step) in Self.recorded.steps.enumerated() {
            let feeds = [built.x: try step.feeds["x"]!.hostTensor(), built.y: try step.feeds["y"]!.hostTensor()]
            let loss = try session.run([built.loss], feeds: feeds, targets: [built.train])[0]
            #expect(oracleMismatch(loss, step.loss, tolerance) == nil, "step \(k) loss")
            for (name, want) in step.variables {
                let got = try session.run(try #require(graph.tensor(named: name + ":0")))
                #expect(oracleMismatch(got, want, tolerance) == nil, "step \(k): \(name)")
            }
        }
    }

    @Test func rejectsANonPositiveInitialAccumulator() {
        #expect(throws: ScopeFlowError.self) { try AdagradOptimizer(learningRate: 0.1, initialAccumulatorValue: 0) }
    }
}
