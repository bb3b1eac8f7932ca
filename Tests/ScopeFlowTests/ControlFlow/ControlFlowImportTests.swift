import Foundation
import ScopeFlowProto
import Testing

@testable import ScopeFlow

/// TF 2.21's own v1 control-flow graphs (cond, while_loop, nested, mixed, maximum_iterations,
/// TensorArray round trips, scan, map_fn, foldl/foldr, the gradients of a cond, a while loop and
/// map_fn, a dynamic_rnn training step's gradients), imported from the GraphDefs TF wrote and run: every fetched value must be
/// TF's. Recorded by `Scripts/tf-verify/record_control_flow_imports.py`.
@Suite struct ControlFlowImportTests {
    struct Recording: Decodable {
        struct Run: Decodable {
            let feeds: [String: OpOracle.TensorRecord]
            let fetches: [String: OpOracle.TensorRecord]
        }

        struct Case: Decodable, CustomTestStringConvertible {
            let name: String
            let graph_def: String
            /// The variables' initializer, run first, when the graph has variables.
            let `init`: String?
            let runs: [Run]
            var testDescription: String { name }
        }

        let cases: [Case]
    }

    static let recording: Recording = {
        let url = Bundle.module.url(
            forResource: "control-flow-imports", withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(Recording.self, from: Data(contentsOf: url))
    }()

    @Test(arguments: recording.cases) func importedGraphComputesTensorFlowsValues(_ recorded: Recording.Case) throws {
        let graph = Graph()
        let graphDef = try Tensorflow_GraphDef(serializedBytes: Data(base64Encoded: recorded.graph_def)!)
        try graph.importGraphDef(graphDef, prefix: "")
        let session = Session(graph: graph)
        if let initializer = recorded.`init` { try session.run(try #require(graph.operation(named: initializer))) }
        for run in recorded.runs {
            var feeds: [Tensor: HostTensor] = [:]
            for (name, value) in run.feeds { feeds[try #require(graph.tensor(named: name))] = try value.hostTensor() }
            let names = run.fetches.keys.sorted()
            let fetches = try names.map { try #require(graph.tensor(named: $0)) }
            let values = try session.run(fetches, feeds: feeds)
            for (name, value) in zip(names, values) {
                let expected = try run.fetches[name]!.hostTensor()
                #expect(value.shape == expected.shape, "\(recorded.name) \(name)")
                #expect(value.dtype == expected.dtype, "\(recorded.name) \(name)")
                let got = value.doublesForComparison
                let want = expected.doublesForComparison
                #expect(got.count == want.count)
                for (g, w) in zip(got, want) {
                    #expect(
                        abs(g - w) <= 1e-5 * max(1, abs(w)),
                        "\(recorded.name) \(name) with \(run.feeds.keys.sorted()): \(got) vs TF's \(want)")
                }
            }
        }
    }
}

extension HostTensor {
    /// The elements as doubles, whatever the dtype, for comparing with a recording.
    fileprivate var doublesForComparison: [Double] {
        if let v = floats { return v.map(Double.init) }
        if let v = doubles { return v }
        if let v = int32s { return v.map(Double.init) }
        if let v = int64s { return v.map(Double.init) }
        if let v = bools { return v.map { $0 ? 1 : 0 } }
        return []
    }
}
