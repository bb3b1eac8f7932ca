import Foundation
import Testing

@testable import ScopeFlow

/// Gradients through `gather` as TF 2.21 builds and computes them (`Resources/indexed_slices_graphs.json`,
/// recorded by `Scripts/tf-verify/record_indexed_slices_graphs.py`): `gradientValues` returns an
/// IndexedSlices, several are concatenated or summed with dense ones, and GradientDescent and
/// Adagrad update only the rows looked up (`ScatterSub`, `Unique` + `SparseApplyAdagrad`).
@Suite struct IndexedSlicesGradientTests {
    struct Case: Decodable {
        struct Step: Decodable {
            let ids: [[Int32]]
            let loss: OpOracle.TensorRecord
            let variables: [String: OpOracle.TensorRecord]
        }
        let nodes: [[String]]
        let tensors: [String: String]?
        let values: [String: OpOracle.TensorRecord]?
        let train_op: String?
        let steps: [Step]?
    }
    struct Recorded: Decodable {
        let table: [[Double]]
        let ids: [[Int32]]
        let target: [[[Float]]]
        let cases: [String: Case]
    }

    static let recorded: Recorded = {
        let url = Bundle.module.url(
            forResource: "indexed_slices_graphs", withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(Recorded.self, from: Data(contentsOf: url))
    }()

    private static let tolerance = OpOracle.Tolerance(rtol: 1e-6, atol: 1e-7)

    /// The recorded model: `loss = Σ (gather(table, ids) − target)²`.
    private static func model() throws -> (ids: Tensor, table: Variable, loss: Tensor) {
        let ids = try placeholder(.int32, shape: [2, 2], name: "ids")
        let table = try getVariable("table", shape: [5, 3], initializer: .constant(recorded.table.flatMap { $0 }))
        let rows = try gather(table, indices: ids)
        let loss = try reduceSum(
            square(rows - constant(HostTensor(recorded.target.flatMap { $0.flatMap { $0 } }, shape: [2, 2, 3]))))
        return (ids, table, loss)
    }

    private static func expectNodes(_ graph: Graph, _ name: String) {
        let nodes = graph.graphDef().node.map { [$0.name, $0.op] + $0.input }
        let want = recorded.cases[name]!.nodes
        #expect(nodes.count == want.count, "\(name): \(nodes.count) nodes, TF \(want.count)")
        let difference = zip(nodes, want).first { $0 != $1 }
        #expect(
            difference == nil, "\(name): first differing node: ours \(difference?.0 ?? []) vs TF \(difference?.1 ?? [])"
        )
    }

    /// Runs the case's tensors with the recorded ids and compares them with TF's values.
    private static func expectValues(
        _ graph: Graph, _ name: String, _ tensors: [String: Tensor], ids: Tensor, initializer: ScopeFlow.Operation
    ) throws {
        let recordedCase = recorded.cases[name]!
        let session = Session(graph: graph)
        try session.run(initializer)
        let feeds = [ids: try HostTensor(recorded.ids.flatMap { $0 }, shape: [2, 2])]
        for (key, tensor) in tensors {
            #expect(tensor.name == recordedCase.tensors?[key], "\(name): \(key) is \(tensor.name)")
            let got = try session.run([tensor], feeds: feeds)[0]
            let want = try #require(recordedCase.values?[key])
            #expect(oracleMismatch(got, want, tolerance) == nil, "\(name): \(key)")
        }
    }

    @Test func gatherGradientIsTensorFlowsIndexedSlices() throws {
        let graph = Graph()
        let (ids, tensors, initializer) = try graph.asDefault {
            let (ids, table, loss) = try Self.model()
            let gradient = try #require(try gradientValues([loss], [table])[0])
            let slices = try #require(gradient.indexedSlices)
            let dense = try gradient.asTensor()
            let tensors = [
                "values": slices.values, "indices": slices.indices, "dense_shape": slices.denseShape!, "dense": dense,
            ]
            return (ids, tensors, try globalVariablesInitializer())
        }
        Self.expectNodes(graph, "gradients")
        try Self.expectValues(graph, "gradients", tensors, ids: ids, initializer: initializer)
    }

    @Test func slicesFromTwoGathersAreConcatenated() throws {
        let graph = Graph()
        let (ids, tensors, initializer) = try graph.asDefault {
            let (ids, table, loss) = try Self.model()
            let other = try reduceSum(gather(table, indices: constant([4, 1] as [Int32])))
            let gradient = try #require(try gradientValues([loss + other], [table])[0])
            let slices = try #require(gradient.indexedSlices)
            let tensors = ["values": slices.values, "indices": slices.indices, "dense_shape": slices.denseShape!]
            return (ids, tensors, try globalVariablesInitializer())
        }
        Self.expectNodes(graph, "aggregate_slices")
        try Self.expectValues(graph, "aggregate_slices", tensors, ids: ids, initializer: initializer)
    }

    @Test func slicesAndADenseGradientAreSummedByAddN() throws {
        let graph = Graph()
        let (ids, tensors, initializer) = try graph.asDefault {
            let (ids, table, loss) = try Self.model()
            let other = try reduceSum(table.tensor * table.tensor)
            let gradient = try #require(try gradientValues([loss + other], [table])[0])
            return (ids, ["dense": try #require(gradient.denseTensor)], try globalVariablesInitializer())
        }
        Self.expectNodes(graph, "aggregate_mixed")
        try Self.expectValues(graph, "aggregate_mixed", tensors, ids: ids, initializer: initializer)
    }

    /// `minimize` with `optimizer`: TF's graph node for node, then two steps' loss and variables.
    private static func expectTraining(_ name: String, _ makeOptimizer: () throws -> any Optimizer) throws {
        let graph = Graph()
        let (ids, loss, train, initializer) = try graph.asDefault {
            let (ids, _, loss) = try Self.model()
            let train = try makeOptimizer().minimize(loss)
            return (ids, loss, train, try globalVariablesInitializer())
        }
        expectNodes(graph, name)
        let recordedCase = recorded.cases[name]!
        #expect(train.name == recordedCase.train_op)
        let session = Session(graph: graph)
        try session.run(initializer)
        for (k, step) in (recordedCase.steps ?? []).enumerated() {
            let feeds = [ids: try HostTensor(step.ids.flatMap { $0 }, shape: [2, 2])]
            let value = try session.run([loss], feeds: feeds, targets: [train])[0]
            #expect(oracleMismatch(value, step.loss, tolerance) == nil, "\(name) step \(k) loss")
            for (variable, want) in step.variables {
                let got = try session.run(try #require(graph.tensor(named: variable + ":0")))
                #expect(oracleMismatch(got, want, tolerance) == nil, "\(name) step \(k): \(variable)")
            }
        }
    }

    @Test func gradientDescentScatterSubtractsTheRowsLookedUp() throws {
        try Self.expectTraining("gradient_descent") { GradientDescentOptimizer(learningRate: 0.1) }
    }

    @Test func adagradDeduplicatesThenSparselyAppliesTheRows() throws {
        try Self.expectTraining("adagrad") { try AdagradOptimizer(learningRate: 0.1, initialAccumulatorValue: 0.2) }
    }

    /// An optimizer with only a dense update, as a user's own may be.
    private final class DenseOnlyOptimizer: Optimizer {
        let name = "DenseOnly"
        let slots = SlotStore()
        func createSlots(for variables: [Variable]) throws {}
        func prepare() throws -> Tensor { try constant(0.1, name: "learning_rate") }
        func applyDense(_ gradient: Tensor, to variable: Variable, _ rate: Tensor) throws -> ScopeFlow.Operation {
            try applyGradientDescent(variable, alpha: rate, delta: gradient).op
        }
    }

    @Test func optimizersWithoutASparseUpdateSayWhatIsMissing() throws {
        let graph = Graph()
        try graph.asDefault {
            let (_, _, loss) = try Self.model()
            #expect {
                try DenseOnlyOptimizer().minimize(loss)
            } throws: { error in
                let error = error as? ScopeFlowError
                return error?.code == .unimplemented && error?.message.contains("IndexedSlices") == true
            }
        }
    }

    @Test func denseGradientsAPIConvertsTheSlices() throws {
        let graph = Graph()
        let (ids, dense) = try graph.asDefault {
            let (ids, table, loss) = try Self.model()
            return (ids, try #require(try gradients([loss], [table])[0]))
        }
        #expect(dense.shape == Shape([5, 3]))
        let session = Session(graph: graph)
        try session.run(try graph.asDefault { try globalVariablesInitializer() })
        let got = try session.run(
            [dense], feeds: [ids: try HostTensor(Self.recorded.ids.flatMap { $0 }, shape: [2, 2])])[0]
        let want = try #require(Self.recorded.cases["gradients"]?.values?["dense"])
        #expect(oracleMismatch(got, want, Self.tolerance) == nil)
    }

    /// Ids of a shape known only when the graph runs: the rows are counted by a `Size` op (TF's
    /// folded `Const` otherwise), and the values are TF's all the same.
    @Test func idsOfUnknownShapeAreCountedWhenTheGraphRuns() throws {
        let graph = Graph()
        let (ids, values, indices) = try graph.asDefault {
            let ids = try placeholder(.int32, shape: [nil, 2], name: "ids")
            let table = try getVariable(
                "table", shape: [5, 3], initializer: .constant(Self.recorded.table.flatMap { $0 }))
            let target = try constant(HostTensor(Self.recorded.target.flatMap { $0.flatMap { $0 } }, shape: [2, 2, 3]))
            let loss = try reduceSum(square(gather(table, indices: ids) - target))
            let slices = try #require(try gradientValues([loss], [table])[0]?.indexedSlices)
            return (ids, slices.values, slices.indices)
        }
        #expect(graph.operation(named: "gradients/GatherV2_grad/Size")?.type == "Size")
        let session = Session(graph: graph)
        try session.run(try graph.asDefault { try globalVariablesInitializer() })
        let feeds = [ids: try HostTensor(Self.recorded.ids.flatMap { $0 }, shape: [2, 2])]
        let got = try session.run([values, indices], feeds: feeds)
        let want = try #require(Self.recorded.cases["gradients"]?.values)
        #expect(oracleMismatch(got[0], try #require(want["values"]), Self.tolerance) == nil)
        #expect(oracleMismatch(got[1], try #require(want["indices"]), Self.tolerance) == nil)
    }

    @Test func indexedSlicesRejectFloatIndicesAndAMissingDenseShape() throws {
        let graph = Graph()
        try graph.asDefault {
            let values = try constant([1, 2] as [Float])
            #expect(throws: ScopeFlowError.self) { try IndexedSlices(values: values, indices: values, denseShape: nil) }
            let slices = try IndexedSlices(values: values, indices: constant([0, 1] as [Int32]), denseShape: nil)
            #expect(throws: ScopeFlowError.self) { try slices.toTensor() }
        }
    }
}
