import Foundation
import Testing

@testable import ScopeFlow

/// TF 2.21's graphs of small layer programs (`Resources/layer-graphs.json`, recorded by
/// `Scripts/tf-verify/record_layer_graphs.py`, which holds the Python of each case): a test builds
/// the same program with ScopeFlow, expects TF's nodes (name, type, data and control inputs, in
/// graph order) and replays TF's runs on its own graph, expecting TF's values.
enum RecordedLayerGraphs {
    private struct Recording: Decodable {
        let arrays: [String: OpOracle.TensorRecord]
        let cases: [RecordedGraphImports.Case]
    }

    private static let recording: Recording = {
        let url = Bundle.module.url(forResource: "layer-graphs", withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(Recording.self, from: Data(contentsOf: url))
    }()

    /// The recorded array `name` (the programs' loss weights `W`, `DW`).
    static func array(_ name: String) throws -> HostTensor {
        try #require(recording.arrays[name]).hostTensor()
    }

    /// `reduce_sum(identity(y, name="y") * weights, name="loss")`, as the recorded programs build
    /// their losses (the weights a `Const` `mul/y` converted in the `Mul`'s scope).
    static func weightedLoss(_ y: Tensor, _ weights: String) throws -> Tensor {
        let named = try identity(y, name: "y")
        let product = try nameScope("mul") { scope in
            try multiply(named, constant(array(weights), name: "y"), name: scope)
        }
        return try reduceSum(product, name: "loss")
    }

    /// Builds `body` in a fresh graph, then the variables' initializer `init`, and expects TF's
    /// nodes for `name`, pointing at the first node that differs; then replays TF's runs.
    static func expectTFGraph(
        _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation, _ body: () throws -> Void
    ) throws {
        let recorded = try #require(recording.cases.first { $0.name == name }, "no recorded case \(name)")
        try RecordedGraphImports.expectBuilds(recorded, sourceLocation: sourceLocation, body)
    }

    /// Imports TF's GraphDef of `name` (as a model's graph is replayed) and replays TF's runs on it.
    static func expectImportedGraphRuns(_ name: String) throws {
        let recorded = try #require(recording.cases.first { $0.name == name }, "no recorded case \(name)")
        try RecordedGraphImports.check(recorded)
    }
}
