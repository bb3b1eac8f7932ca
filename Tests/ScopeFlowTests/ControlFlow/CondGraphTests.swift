import Foundation
import Testing

@testable import ScopeFlow

/// `cond`, `case` and `smartCond` programs, with `gradients` through them, compared node for node
/// (name, type, data and control inputs, in graph order) with what TF 2.21 builds for the same
/// Python with v1 control flow (`Resources/cond_graphs.json`, recorded by
/// `Scripts/tf-verify/record_cond_graphs.py`, which holds the Python of each case).
@Suite struct CondGraphTests {
    /// One recorded node.
    struct Node: Decodable {
        let name: String
        let op: String
        let inputs: [String]
    }

    /// Flattened values: bools or numbers.
    enum Values: Decodable {
        case bools([Bool])
        case numbers([Double])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let bools = try? container.decode([Bool].self) {
                self = .bools(bools)
            } else {
                self = .numbers(try container.decode([Double].self))
            }
        }

        /// The values as a tensor of `like`'s dtype and static shape.
        func hostTensor(like tensor: Tensor) throws -> HostTensor {
            let dims = try #require(tensor.shape.knownDims)
            switch self {
            case .bools(let values): return try HostTensor(values, shape: dims)
            case .numbers(let values): return try HostTensor(values.map { Float($0) }, shape: dims)
            }
        }
    }

    /// One session TF ran: its feeds, then each fetch in turn.
    struct Run: Decodable {
        struct Fetch: Decodable {
            let name: String
            let value: [Double]
        }

        let feed: [String: Values]
        let fetches: [Fetch]
    }

    /// One recorded program.
    struct RecordedCase: Decodable {
        let nodes: [Node]
        let runs: [Run]
    }

    static let recorded: [String: RecordedCase] = {
        guard let url = Bundle.module.url(forResource: "cond_graphs", withExtension: "json", subdirectory: "Resources"),
            let data = try? Data(contentsOf: url),
            let cases = try? JSONDecoder().decode([String: RecordedCase].self, from: data)
        else { return [:] }
        return cases
    }()

    /// A node as one comparable line: `name op input,input…`.
    static func line(_ name: String, _ op: String, _ inputs: [String]) -> String {
        "\(name) \(op) \(inputs.joined(separator: ","))"
    }

    /// Builds `body` in a fresh graph and expects its nodes to be TF's for `recordedCase`,
    /// pointing at the first node that differs, then runs TF's sessions of the case (both branches
    /// taken) and expects TF's values.
    /// `runsValues` false checks the nodes only.
    func expectTFGraph(
        _ recordedCase: String, runsValues: Bool = true, sourceLocation: Testing.SourceLocation = #_sourceLocation,
        _ body: () throws -> Void
    ) throws {
        let recorded = try #require(Self.recorded[recordedCase], "no recorded case \(recordedCase)")
        let graph = Graph()
        try graph.asDefault(body)
        try expectNodes(of: graph, recorded.nodes, sourceLocation: sourceLocation)
        if runsValues { try expectValues(of: graph, recorded.runs, sourceLocation: sourceLocation) }
    }

    private func expectValues(of graph: Graph, _ runs: [Run], sourceLocation: Testing.SourceLocation) throws {
        let hasVariables = graph.operations.contains { $0.type == "VariableV2" }
        let initializer = hasVariables ? try graph.asDefault { try globalVariablesInitializer() } : nil
        for run in runs {
            let session = Session(graph: graph)
            if let initializer { try session.run(initializer) }
            var feeds: [Tensor: HostTensor] = [:]
            for (name, values) in run.feed {
                let tensor = try #require(graph.tensor(named: name))
                feeds[tensor] = try values.hostTensor(like: tensor)
            }
            for fetch in run.fetches {
                let value = try session.run(try #require(graph.tensor(named: fetch.name)), feeds: feeds)
                let got = try #require(value.floats, "\(fetch.name) is \(value.dtype)").map(Double.init)
                #expect(
                    got.count == fetch.value.count && zip(got, fetch.value).allSatisfy { abs($0 - $1) <= 1e-5 },
                    "\(fetch.name) with \(run.feed.keys.sorted()): \(got), TF \(fetch.value)",
                    sourceLocation: sourceLocation)
            }
        }
    }

    private func expectNodes(of graph: Graph, _ nodes: [Node], sourceLocation: Testing.SourceLocation) throws {
        let expected = nodes.map { Self.line($0.name, $0.op, $0.inputs) }
        let ours = graph.graphDef().node.map { Self.line($0.name, $0.op, $0.input) }
        let difference = zip(ours, expected).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(
            difference == nil,
            "node \(difference?.offset ?? 0): ours '\(difference?.element.0 ?? "")', TF '\(difference?.element.1 ?? "")'",
            sourceLocation: sourceLocation)
        #expect(
            ours.count == expected.count, "\(ours.count) nodes, TF \(expected.count)", sourceLocation: sourceLocation)
        if ours.count != expected.count {
            let extra = ours.count > expected.count ? ours[expected.count...] : expected[ours.count...]
            Issue.record("unmatched nodes: \(Array(extra.prefix(5)))", sourceLocation: sourceLocation)
        }
    }

    func inputs() throws -> (x: Tensor, p: Tensor) {
        (try placeholder(.float32, shape: [2, 3], name: "x"), try placeholder(.bool, shape: [], name: "p"))
    }

    @Test func simpleCondAndItsGradient() throws {
        try expectTFGraph("simple") {
            let (x, p) = try inputs()
            let r = try cond(p, trueFn: { try x * 2.0 }, falseFn: { try x + 1.0 })
            _ = try gradients(r, x)
        }
    }

    @Test func secondCondIsNamedCond1() throws {
        try expectTFGraph("second_cond") {
            let (x, p) = try inputs()
            let a = try cond(p, trueFn: { try square(x) }, falseFn: { try negative(x) })
            _ = try cond(p, trueFn: { try a - 1.0 }, falseFn: { try a * a })
        }
    }

    @Test func branchReturningAnOutsideTensorSwitchesIt() throws {
        try expectTFGraph("outside_values") {
            let (x, p) = try inputs()
            let y = try placeholder(.float32, shape: [2, 3], name: "y")
            let r = try cond(p, trueFn: { x }, falseFn: { try y * x })
            _ = try gradients(r, [x, y])
        }
    }

    @Test func constantsInBranchesWaitForThePivots() throws {
        try expectTFGraph("constants") {
            let (_, p) = try inputs()
            _ = try cond(p, trueFn: { try constant(Float(1)) }, falseFn: { try constant(Float(2)) })
        }
    }

    @Test func nestedCondsAndTheirGradient() throws {
        try expectTFGraph("nested") {
            let (x, p) = try inputs()
            let q = try placeholder(.bool, shape: [], name: "q")
            let r = try cond(
                p, trueFn: { try cond(q, trueFn: { try x * 2.0 }, falseFn: { try x * 3.0 }) },
                falseFn: { try sin(x) })
            _ = try gradients(r, x)
        }
    }

    /// `assign_add` in a branch reads the variable through a `RefSwitch` and merges with a
    /// `RefMerge`; `v * 2.0` reads `v/read` through a plain `Switch`. Running it writes the
    /// variable only in the branch taken.
    @Test func condsOnAVariable() throws {
        try expectTFGraph("variable") {
            let (_, p) = try inputs()
            let v = try getVariable("v", initializer: .tensor(constant([Float(1), 2])))
            _ = try cond(
                p, trueFn: { try updated(v, with: assignAdd, "AssignAdd") },
                falseFn: { try updated(v, with: assignSub, "AssignSub") })
            let r = try cond(p, trueFn: { try v * 2.0 }, falseFn: { try v * 3.0 })
            _ = try gradients(r, v)
        }
    }

    /// `tf.assign_add(v, [1.0, 1.0])` (or `assign_sub`): the value converted inside the op's
    /// name scope, as `AssignAdd/value`.
    func updated(
        _ v: Variable, with update: (Variable, any TensorConvertible, String?, String, Int) throws -> Tensor,
        _ opName: String
    ) throws -> Tensor {
        try nameScope(nil, defaultName: opName) { scope in
            try update(v, constant([Float(1), 1], name: "value"), scope, #fileID, #line)
        }
    }

    @Test func multipleOutputsMergeOneByOne() throws {
        try expectTFGraph("multiple_outputs") {
            let (x, p) = try inputs()
            let results = try cond(
                p, trueFn: { [try x * 2.0, try x + 1.0] }, falseFn: { [try square(x), try x - 1.0] })
            _ = try gradients(results, [x])
        }
    }

    @Test func caseNestsCondsInFalseBranches() throws {
        try expectTFGraph("case") {
            let (x, p) = try inputs()
            let q = try placeholder(.bool, shape: [], name: "q")
            let r = try `case`(
                [(p, { [try x * 2.0] }), (q, { [try x * 3.0] })], default: { [try negative(x)] })
            _ = try gradients(r[0], x)
        }
    }

    @Test func smartCondOnAConstantBuildsOnlyTheBranchTaken() throws {
        try expectTFGraph("smart_cond_constant") {
            let (x, _) = try inputs()
            _ = try smartCond(constant(true), trueFn: { try x * 2.0 }, falseFn: { try x + 1.0 })
            _ = try smartCond(false, trueFn: { try x * 2.0 }, falseFn: { try x + 1.0 })
        }
    }

    @Test func smartCondOnAPlaceholderBuildsACond() throws {
        try expectTFGraph("smart_cond_tensor") {
            let (x, p) = try inputs()
            _ = try smartCond(p, trueFn: { try x * 2.0 }, falseFn: { try x + 1.0 })
        }
    }

    @Test func branchesGivingDifferentCountsOrDTypesAreRejected() throws {
        let graph = Graph()
        try graph.asDefault {
            let (x, p) = try inputs()
            let counts = #expect(throws: ScopeFlowError.self) {
                try cond(p, trueFn: { [x, x] }, falseFn: { [x] })
            }
            #expect(counts?.code == .invalidArgument)
            let dtypes = #expect(throws: ScopeFlowError.self) {
                try cond(p, trueFn: { x }, falseFn: { try constant(Int32(1)) })
            }
            #expect(dtypes?.code == .dtypeMismatch)
            let empty = #expect(throws: ScopeFlowError.self) {
                try cond(p, trueFn: { [] }, falseFn: { [] })
            }
            #expect(empty?.code == .invalidArgument)
        }
    }

    @Test func caseWithoutDefaultIsUnimplemented() throws {
        let graph = Graph()
        try graph.asDefault {
            let (x, p) = try inputs()
            let error = #expect(throws: ScopeFlowError.self) {
                try `case`([(p, { [x] })], default: nil, exclusive: true)
            }
            #expect(error?.code == .unimplemented)
        }
    }
}

/// `tf.layers.dropout` with a bool tensor `training`, and its gradient: the nodes of the MNIST
/// model's dropout (`/work/shared/models/mnist_cnn/graph.txt`).
@Suite struct DropoutCondGraphTests {
    @Test func dropoutWithATrainingTensorBuildsTFsCond() throws {
        try CondGraphTests().expectTFGraph("dropout_training_tensor") {
            let x = try placeholder(.float32, shape: [2, 3], name: "x")
            let p = try placeholder(.bool, shape: [], name: "p")
            let h = try dropout(x, rate: 0.5, training: p)
            _ = try gradients(h, x)
        }
    }
}
