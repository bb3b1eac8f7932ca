import Foundation
import ScopeFlowProto
import Testing

@testable import ScopeFlow

/// The optimizers against TF 2.21's (`Resources/optimizer_graphs.json`, recorded by
/// `Scripts/tf-verify/record_optimizer_graphs.py`) on one model with a dense gradient (`w`) and a
/// sparse one (`emb`, an IndexedSlices with a repeated row): the graph `minimize` builds, node for
/// node, the slots' names, and three training steps' loss, variables and slots, on compiled and
/// interpreted plans, on ScopeFlow's graph and on TF's GraphDef imported.
@Suite struct OptimizerGraphTests {
    struct Recorded: Decodable {
        struct Step: Decodable {
            let feeds: [String: OpOracle.TensorRecord]
            let loss: OpOracle.TensorRecord
            let variables: [String: OpOracle.TensorRecord]
        }
        struct Case: Decodable {
            let slots: [String: [String: String]]
            let nodes: [[String]]
            let train_op: String
            let loss: String
            let `init`: String
            /// TF's whole graph with its initializer, base64.
            let graph_def: String
            let steps: [Step]
        }
        let w: [[Double]]
        let emb: [[Double]]
        let t: [[Double]]
        let u: [[Double]]
        let ids: [Int32]
        let cases: [String: Case]
    }

    static let recorded: Recorded = {
        let url = Bundle.module.url(forResource: "optimizer_graphs", withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(Recorded.self, from: Data(contentsOf: url))
    }()

    /// The recorded cases' optimizers, made as the recording script makes them.
    static func optimizer(_ name: String) throws -> any Optimizer {
        switch name {
        case "momentum":
            return MomentumOptimizer(learningRate: 0.1, momentum: 0.9)
        case "momentum_nesterov":
            return MomentumOptimizer(learningRate: 0.1, momentum: 0.9, useNesterov: true)
        case "rmsprop":
            return RMSPropOptimizer(learningRate: 0.05, momentum: 0.5)
        case "rmsprop_centered":
            return RMSPropOptimizer(learningRate: 0.05, momentum: 0.5, centered: true)
        case "adam":
            return AdamOptimizer(learningRate: 0.1)
        case "adadelta":
            return AdadeltaOptimizer(learningRate: 1.0, rho: 0.9, epsilon: 1e-6)
        case "ftrl":
            return try FtrlOptimizer(learningRate: 0.1, l1RegularizationStrength: 0.01, l2RegularizationStrength: 0.02)
        case "ftrl_power":
            return try FtrlOptimizer(
                learningRate: 0.1, learningRatePower: -0.75, initialAccumulatorValue: 0.2, l1RegularizationStrength: 0.2
            )
        case "ftrl_shrinkage":
            return try FtrlOptimizer(
                learningRate: 0.1, l1RegularizationStrength: 0.01, l2RegularizationStrength: 0.02,
                l2ShrinkageRegularizationStrength: 0.1)
        case "proximal_adagrad":
            return try ProximalAdagradOptimizer(
                learningRate: 0.1, l1RegularizationStrength: 0.05, l2RegularizationStrength: 0.02)
        case "proximal_adagrad_l2":
            return try ProximalAdagradOptimizer(learningRate: 0.1, l2RegularizationStrength: 0.1)
        case "proximal_gradient_descent":
            return ProximalGradientDescentOptimizer(
                learningRate: 0.1, l1RegularizationStrength: 0.05, l2RegularizationStrength: 0.02)
        case "proximal_gradient_descent_l2":
            return ProximalGradientDescentOptimizer(learningRate: 0.1, l2RegularizationStrength: 0.1)
        default: throw ScopeFlowError(.invalidArgument, "no optimizer case \(name)")
        }
    }

    static let caseNames = [
        "momentum", "momentum_nesterov", "rmsprop", "rmsprop_centered", "adam", "adadelta", "ftrl", "ftrl_power",
        "ftrl_shrinkage", "proximal_adagrad", "proximal_adagrad_l2", "proximal_gradient_descent",
        "proximal_gradient_descent_l2",
    ]

    /// TF's model built with ScopeFlow: the placeholder, the loss, the train op and the optimizer.
    private static func build(_ name: String) throws -> (
        x: Tensor, loss: Tensor, train: ScopeFlow.Operation, any Optimizer
    ) {
        let x = try placeholder(.float32, shape: [4, 3], name: "x")
        let w = try getVariable("w", shape: [3, 2], initializer: .constant(recorded.w.flatMap { $0 }))
        let emb = try getVariable("emb", shape: [6, 2], initializer: .constant(recorded.emb.flatMap { $0 }))
        let rows = try gather(emb, indices: constant(recorded.ids, shape: [4], name: "ids"))
        let product = try matmul(x, w)
        let dense = try reduceMean(
            square(product - constant(recorded.t.flatMap { $0 }.map { Float($0) }, shape: [4, 2])))
        let sparse = try reduceSum(square(rows - constant(recorded.u.flatMap { $0 }.map { Float($0) }, shape: [4, 2])))
        let loss = try dense + sparse
        let optimizer = try optimizer(name)
        return (x, loss, try optimizer.minimize(loss), optimizer)
    }

    @Test(arguments: caseNames) func buildsTensorFlowsGraph(_ name: String) throws {
        let recorded = try #require(Self.recorded.cases[name])
        let graph = Graph()
        let (train, optimizer, variables) = try graph.asDefault {
            let built = try Self.build(name)
            return (built.train, built.3, try trainableVariables())
        }
        let nodes = graph.graphDef().node.map { [$0.name, $0.op] + $0.input }
        #expect(nodes.count == recorded.nodes.count)
        let difference = zip(nodes, recorded.nodes).first { $0 != $1 }
        #expect(difference == nil, "first differing node: ours \(difference?.0 ?? []) vs TF \(difference?.1 ?? [])")
        #expect(train.name == recorded.train_op)
        for variable in variables {
            for (slotName, want) in try #require(recorded.slots[variable.op.name]) {
                #expect(optimizer.slot(for: variable, named: slotName)?.op.name == want, "\(variable.name) \(slotName)")
            }
        }
    }

    @Test(arguments: caseNames, [true, false]) func trainsAsTensorFlowDoes(_ name: String, compiled: Bool) throws {
        let recorded = try #require(Self.recorded.cases[name])
        let graph = Graph()
        let (built, initializer) = try graph.asDefault { (try Self.build(name), try globalVariablesInitializer()) }
        let session = Session(graph: graph, compilesPlans: compiled)
        try session.run(initializer)
        let tolerance = OpOracle.Tolerance(rtol: 2e-5, atol: 1e-6)
        for (k, step) in recorded.steps.enumerated() {
            let feeds = [built.x: try step.feeds["x"]!.hostTensor()]
            let loss = try session.run([built.loss], feeds: feeds, targets: [built.train])[0]
            #expect(oracleMismatch(loss, step.loss, tolerance) == nil, "\(name) step \(k) loss")
            for (variable, want) in step.variables {
                let got = try session.run(try #require(graph.tensor(named: variable + ":0")))
                #expect(oracleMismatch(got, want, tolerance) == nil, "\(name) step \(k): \(variable)")
            }
        }
    }

    /// TF's own GraphDef imported (as a model's graph is replayed) trains as TF does.
    @Test(arguments: caseNames, [true, false]) func importedGraphTrainsAsTensorFlowDoes(_ name: String, compiled: Bool)
        throws
    {
        let recorded = try #require(Self.recorded.cases[name])
        let graph = Graph()
        let data = try #require(Data(base64Encoded: recorded.graph_def))
        try graph.importGraphDef(try Tensorflow_GraphDef(serializedBytes: data), prefix: "")
        let session = Session(graph: graph, compilesPlans: compiled)
        try session.run(try #require(graph.operation(named: recorded.`init`)))
        let (x, loss) = (try #require(graph.tensor(named: "x:0")), try #require(graph.tensor(named: recorded.loss)))
        let train = try #require(graph.operation(named: recorded.train_op))
        let tolerance = OpOracle.Tolerance(rtol: 2e-5, atol: 1e-6)
        for (k, step) in recorded.steps.enumerated() {
            let got = try session.run([loss], feeds: [x: try step.feeds["x"]!.hostTensor()], targets: [train])[0]
            #expect(oracleMismatch(got, step.loss, tolerance) == nil, "\(name) step \(k) loss")
            for (variable, want) in step.variables {
                let value = try session.run(try #require(graph.tensor(named: variable + ":0")))
                #expect(oracleMismatch(value, want, tolerance) == nil, "\(name) step \(k): \(variable)")
            }
        }
    }
}
