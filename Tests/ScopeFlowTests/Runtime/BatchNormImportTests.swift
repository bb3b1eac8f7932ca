import Foundation
import ScopeFlowProto
import Testing

@testable import ScopeFlow

/// TF 2.21 graphs built with `tf.compat.v1.layers.batch_normalization` (fused): a training step
/// with its moving-average updates and an optimizer, inference reading the moving statistics a
/// training layer updated, and a bool `is_training` placeholder choosing between the two in a
/// cond, as the models do. Imported from the GraphDefs TF wrote and run: every fetched value,
/// moving averages and trained variables included, must be TF's. Recorded by
/// `Scripts/tf-verify/record_batch_norm_imports.py`.
@Suite struct BatchNormImportTests {
    static let recording = RecordedGraphImports.load("batch-norm-imports")

    @Test func theGraphsUseTheFusedOps() throws {
        var types: [String: Set<String>] = [:]
        for recorded in Self.recording.cases {
            let graphDef = try Tensorflow_GraphDef(serializedBytes: Data(base64Encoded: recorded.graph_def)!)
            types[recorded.name] = Set(graphDef.node.map(\.op))
        }
        #expect(types.keys.sorted() == ["inference_after_training", "training_placeholder", "training_step"])
        #expect(types.values.allSatisfy { $0.contains("FusedBatchNormV3") })
        #expect(types["training_step"]?.contains("FusedBatchNormGradV3") == true)
        #expect(types["training_placeholder"]?.isSuperset(of: ["FusedBatchNormGradV3", "Switch", "Merge"]) == true)
    }

    @Test(arguments: recording.cases)
    func importedGraphComputesTensorFlowsValues(_ recorded: RecordedGraphImports.Case) throws {
        try RecordedGraphImports.check(recorded)
    }
}
