import Foundation
import ScopeFlowProto
import Testing

@testable import ScopeFlow

/// TF graphs recorded as binary GraphDefs with the values TF computed from them
/// (`Scripts/tf-verify/record_control_flow_imports.py`, `record_batch_norm_imports.py`): each
/// case is imported into a fresh graph, its variables initialized, and its runs replayed in
/// order in one session, every fetched value compared with TF's.
struct RecordedGraphImports: Decodable {
    struct Run: Decodable {
        let feeds: [String: OpOracle.TensorRecord]
        let fetches: [String: OpOracle.TensorRecord]
        /// Ops run with the fetches (a training step, moving-average updates); later runs see
        /// the variables they updated.
        let targets: [String]?
    }

    struct Case: Decodable, CustomTestStringConvertible {
        let name: String
        let graph_def: String
        /// The variables' initializer, run first, when the graph has variables.
        let `init`: String?
        let runs: [Run]
        var testDescription: String { name }

        /// The recorded graph.
        func graphDef() throws -> Tensorflow_GraphDef {
            try Tensorflow_GraphDef(serializedBytes: Data(base64Encoded: graph_def)!)
        }
    }

    let cases: [Case]

    /// The recording in `Resources/<resource>.json`.
    static func load(_ resource: String) -> RecordedGraphImports {
        let url = Bundle.module.url(forResource: resource, withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(RecordedGraphImports.self, from: Data(contentsOf: url))
    }

    /// Imports `recorded`'s GraphDef and replays its runs, expecting TF's values within `tolerance`
    /// (relative, absolute below 1).
    static func check(_ recorded: Case, tolerance: Double = 1e-5) throws {
        let graph = Graph()
        try graph.importGraphDef(recorded.graphDef(), prefix: "")
        try replay(recorded, on: graph, tolerance: tolerance)
    }

    /// Builds `body` in a fresh graph, then the variables' initializer `init`, and expects
    /// `recorded`'s nodes (name, type, data and control inputs, in graph order), pointing at the
    /// first node that differs; then replays its runs on that graph.
    static func expectBuilds(
        _ recorded: Case, sourceLocation: Testing.SourceLocation = #_sourceLocation, _ body: () throws -> Void
    ) throws {
        let graph = Graph()
        try graph.asDefault {
            try body()
            _ = try globalVariablesInitializer()
        }
        let line = { (name: String, op: String, inputs: [String]) in "\(name) \(op) \(inputs.joined(separator: ","))" }
        let expected = try recorded.graphDef().node.map { line($0.name, $0.op, $0.input) }
        let ours = graph.graphDef().node.map { line($0.name, $0.op, $0.input) }
        let difference = zip(ours, expected).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(
            difference == nil,
            "node \(difference?.offset ?? 0): ours '\(difference?.element.0 ?? "")', TF '\(difference?.element.1 ?? "")'",
            sourceLocation: sourceLocation)
        #expect(
            ours.count == expected.count, "\(ours.count) nodes, TF \(expected.count)", sourceLocation: sourceLocation)
        guard difference == nil, ours.count == expected.count else { return }
        try replay(recorded, on: graph)
    }

    /// Replays `recorded`'s runs on `graph` (the imported GraphDef, or a graph built to equal it),
    /// expecting TF's values within `tolerance` (relative, absolute below 1).
    static func replay(_ recorded: Case, on graph: Graph, tolerance: Double = 1e-5) throws {
        let session = Session(graph: graph)
        if let initializer = recorded.`init` { try session.run(try #require(graph.operation(named: initializer))) }
        for (index, run) in recorded.runs.enumerated() {
            var feeds: [Tensor: HostTensor] = [:]
            for (name, value) in run.feeds { feeds[try #require(graph.tensor(named: name))] = try value.hostTensor() }
            let names = run.fetches.keys.sorted()
            let fetches = try names.map { try #require(graph.tensor(named: $0)) }
            let targets = try (run.targets ?? []).map { try #require(graph.operation(named: $0)) }
            let values = try session.run(fetches, feeds: feeds, targets: targets)
            for (name, value) in zip(names, values) {
                let expected = try run.fetches[name]!.hostTensor()
                #expect(value.shape == expected.shape, "\(recorded.name) \(name)")
                #expect(value.dtype == expected.dtype, "\(recorded.name) \(name)")
                let got = value.doublesForComparison
                let want = expected.doublesForComparison
                #expect(got.count == want.count)
                for (g, w) in zip(got, want) {
                    #expect(
                        abs(g - w) <= tolerance * max(1, abs(w)),
                        "\(recorded.name) run \(index) \(name) with \(run.feeds.keys.sorted()): \(got) vs TF's \(want)")
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
