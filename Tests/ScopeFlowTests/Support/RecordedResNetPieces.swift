import Foundation
import Testing

@testable import ScopeFlow
@testable import ScopeFlowExamples

/// What TF 2.21 builds and computes for the pieces of `resnet_mini` (`Resources/resnet-pieces.json`,
/// recorded by `Scripts/tf-verify/record_resnet_pieces.py`, which holds each program): a test
/// builds the program with ScopeFlow, expects TF's nodes line for line (graph.txt's format) and
/// TF's collections, then replays TF's runs in one session and expects TF's values.
enum RecordedResNetPieces {
    struct Run: Decodable {
        let feeds: [String: OpOracle.TensorRecord]
        let fetches: [String: OpOracle.TensorRecord]
        let targets: [String]
    }

    struct Case: Decodable {
        let name: String
        let graph: [String]
        let collections: [String: [String]]
        let runs: [Run]
    }

    private struct Recording: Decodable { let cases: [Case] }

    private static let recording: Recording = {
        let url = Bundle.module.url(forResource: "resnet-pieces", withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(Recording.self, from: Data(contentsOf: url))
    }()

    /// Builds `body` and the initializer in a fresh graph, expects case `name`'s nodes and
    /// collections, then replays its runs.
    @discardableResult
    static func expectTF(
        _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation, _ body: () throws -> Void
    ) throws -> Graph {
        let recorded = try #require(recording.cases.first { $0.name == name }, "no recorded case \(name)")
        let graph = Graph()
        let initializer = try graph.asDefault {
            try body()
            return try globalVariablesInitializer()
        }
        let ours = graph.graphText.split(separator: "\n").map(String.init)
        let difference = ModelPortTests.firstDifference(
            ours.joined(separator: "\n"), recorded.graph.joined(separator: "\n"))
        #expect(difference == nil, "\(difference ?? "")", sourceLocation: sourceLocation)
        for (key, names) in recorded.collections {
            #expect(try graph.collection(key).map(\.name) == names, "collection \(key)", sourceLocation: sourceLocation)
        }
        guard difference == nil else { return graph }
        let session = Session(graph: graph)
        try session.run(initializer)
        let tolerance = ReplayTrace.Tolerance(rtol: 1e-5, atol: 1e-6)
        for (index, run) in recorded.runs.enumerated() {
            let feeds = try Dictionary(
                uniqueKeysWithValues: run.feeds.map {
                    (try #require(graph.tensor(named: $0.key)), try $0.value.hostTensor())
                })
            let names = run.fetches.keys.sorted()
            let values = try session.run(
                names.map { try #require(graph.tensor(named: $0)) }, feeds: feeds,
                targets: try run.targets.map { try #require(graph.operation(named: $0)) })
            for (fetched, value) in zip(names, values) {
                let comparison = ValueComparison(value, try run.fetches[fetched]!.hostTensor(), tolerance: tolerance)
                #expect(
                    comparison.matches, "run \(index) \(fetched): \(comparison.detail)", sourceLocation: sourceLocation)
            }
        }
        return graph
    }

    /// `tf.assign_add(step, 1, name=name)` for an int64 step: the value `<name>/value` converted in
    /// the op's scope.
    static func incrementing(_ step: Variable, name: String) throws -> Tensor {
        try nameScope(name) { scope in
            try assignAdd(step, constant(HostTensor(storage: .int64([1]), shape: []), name: "value"), name: scope)
        }
    }
}
