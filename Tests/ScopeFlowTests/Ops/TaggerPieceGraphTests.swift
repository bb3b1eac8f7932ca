import Foundation
import Testing

@testable import ScopeFlow

/// `sequenceMask`, `dense` on a rank-3 input (TF's Tensordot) with `argmax(outputType: .int32)`,
/// the sparse softmax cross-entropy of rank-3 logits, and `clipByNorm`, against TF 2.21's graphs and values (`Resources/tagger-pieces.json`, recorded
/// by `Scripts/tf-verify/record_tagger_pieces.py`, which holds each program's Python).
@Suite struct TaggerPieceGraphTests {
    private struct Arrays: Decodable { let arrays: [String: OpOracle.TensorRecord] }

    /// The recorded array `name` (the programs' loss weights).
    static func array(_ name: String) throws -> HostTensor {
        let url = try #require(
            Bundle.module.url(forResource: "tagger-pieces", withExtension: "json", subdirectory: "Resources"))
        return try #require(try JSONDecoder().decode(Arrays.self, from: Data(contentsOf: url)).arrays[name])
            .hostTensor()
    }

    static func expectTFs(_ name: String, _ body: () throws -> Void) throws {
        let recorded = try #require(LearningRateScheduleTests.recording.cases.first { $0.name == name })
        try RecordedGraphImports.expectBuilds(recorded, body)
    }

    /// A float mask over 7 positions in `loss` and a bool one as long as the longest sequence,
    /// run on lengths that include 0 and one beyond 7.
    @Test func sequenceMaskIsTFs() throws {
        try Self.expectTFs("sequence_mask") {
            let lengths = try placeholder(.int32, shape: [4], name: "sequence_length")
            _ = try nameScope("loss") { _ in try sequenceMask(lengths, maxlen: 7, dtype: .float32) }
            _ = try sequenceMask(lengths, name: "mask")
        }
    }

    /// `tf.layers.dense(x [4, 3, 6], 5, name="proj")` and `tf.argmax(…, -1, output_type=int32)` in
    /// `tagger`, with the gradients of a weighted sum for the input and both variables.
    @Test func denseOnRank3InputsIsTFs() throws {
        let weights = try Self.array("DW")
        try Self.expectTFs("dense_rank3") {
            let x = try placeholder(.float32, shape: [4, 3, 6], name: "x")
            let y = try variableScope("tagger") { _ in
                let y = try dense(x, units: 5, name: "proj")
                _ = try argmax(y, axis: -1, outputType: .int32, name: "predictions")
                return y
            }
            let loss = try reduceSum(identity(y, name: "y") * constant(weights), name: "loss")
            _ = try gradients(loss, [x] + trainableVariables().map { $0 as any TensorConvertible }, name: "grads")
        }
    }

    /// `tf.nn.sparse_softmax_cross_entropy_with_logits` of logits `[2, 3, 4]` in `loss` (flattened
    /// to a matrix and back) and the gradient of a weighted sum of it.
    @Test func sparseCrossEntropyOfRank3LogitsIsTFs() throws {
        let weights = try Self.array("CW")
        try Self.expectTFs("sparse_cross_entropy_rank3") {
            let logits = try placeholder(.float32, shape: [2, 3, 4], name: "logits")
            let labels = try placeholder(.int32, shape: [2, 3], name: "labels")
            let crossEntropy = try nameScope("loss") { _ in
                try sparseSoftmaxCrossEntropyWithLogits(labels: labels, logits: logits)
            }
            _ = try identity(crossEntropy, name: "ce")
            _ = try gradients(reduceSum(crossEntropy * constant(weights)), [logits], name: "grads")
        }
    }

    /// `clip_by_norm(t, 1.0)` and `clip_by_norm(t, 2.5, axes=[1])` in `clip`, on a tensor above
    /// the norms, one below them and one with a zero row.
    @Test func clipByNormIsTFs() throws {
        try Self.expectTFs("clip_by_norm") {
            let t = try placeholder(.float32, shape: [3, 4], name: "t")
            try nameScope("clip") { _ in
                _ = try clipByNorm(t, clipNorm: 1.0)
                _ = try clipByNorm(t, clipNorm: 2.5, axes: [1], name: "rows")
            }
        }
    }

    /// An embedding's IndexedSlices gradient (ids with repeats) clipped to norm 1 in `clip`, its
    /// values and indices fetched, and applied by Adagrad (`SparseApplyAdagrad` after `Unique` and
    /// `UnsortedSegmentSum`) over two steps.
    @Test func clipByNormOfASparseGradientIsTFs() throws {
        let (table, weights) = (try Self.array("EP"), try Self.array("EW"))
        try Self.expectTFs("clip_sparse_gradient") {
            let params = try getVariable("params", initializer: .tensor(constant(table)))
            let ids = try placeholder(.int32, shape: [2, 3], name: "ids")
            let x = try embeddingLookup(params, ids: ids)
            let loss = try reduceSum(x * constant(weights), name: "loss")
            let optimizer = try AdagradOptimizer(learningRate: 0.5)
            let gradient = try #require(try optimizer.computeGradients(loss, varList: [params]).first?.0)
            let clipped = try nameScope("clip") { _ in try clipByNorm(gradient, clipNorm: 1.0) }
            let slices = try #require(clipped.indexedSlices)
            _ = try identity(slices.values, name: "values")
            _ = try identity(slices.indices, name: "indices")
            try optimizer.applyGradients([(clipped, params)], name: "train")
        }
    }

    @Test func badArgumentsAreRefused() throws {
        try Graph().asDefault {
            let lengths = try placeholder(.float32, shape: [4])
            #expect(throws: ScopeFlowError.self) { try sequenceMask(lengths, maxlen: 3) }
            let counts = try placeholder(.int32, shape: [4])
            #expect(throws: ScopeFlowError.self) { try sequenceMask(counts, maxlen: -1) }
            let t = try placeholder(.float32, shape: [2, 2])
            #expect(throws: ScopeFlowError.self) { try clipByNorm(t, clipNorm: 0) }
            #expect(throws: ScopeFlowError.self) { try clipByNorm(t, clipNorm: .infinity) }
            #expect(throws: ScopeFlowError.self) { try clipByNorm(counts, clipNorm: 1) }
            let unknown = try placeholder(.float32, shape: Shape([nil, 3, 2]))
            #expect(throws: ScopeFlowError.self) { try dense(unknown, units: 2) }
            let tags = try placeholder(.int32, shape: Shape([nil, 3]))
            #expect(throws: ScopeFlowError.self) {
                try sparseSoftmaxCrossEntropyWithLogits(labels: tags, logits: unknown)
            }
            #expect(throws: ScopeFlowError.self) {
                try sparseSoftmaxCrossEntropyWithLogits(labels: counts, logits: unknown)
            }
        }
    }
}
