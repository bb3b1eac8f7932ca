import Foundation
import ScopeFlowProto
import Testing

@testable import ScopeFlow
@testable import ScopeFlowExamples

/// The MetaGraph of a port holds TF's `cond_context` / `while_context` collections: each outermost
/// cond branch and loop as the `CondContextDef` / `WhileContextDef` TF 2.21 wrote into the model's
/// `model.meta` (names, pivots, `Enter`s and `Exit`s, sorted values, outside values, nested
/// contexts), so TF can take gradients through the loops of a graph ScopeFlow exported.
@Suite struct PortContextExportTests {
    static let ports: [String: @Sendable () throws -> Void] = [
        "mnist_cnn": { _ = try MNISTCNN() },
        "ptb_lstm": { _ = try PTBLSTM() },
        "bigru_tagger": { _ = try BiGRUTagger() },
        "resnet_mini": { _ = try ResNetMini() },
    ]

    @Test(arguments: ports.keys.sorted())
    func exportsTFsContexts(_ model: String) throws {
        let graph = Graph()
        try graph.asDefault { try Self.ports[model]!() }
        let ours = try graph.metaGraphDef()
        let theirs = try readMetaGraph(ModelReplayTests.folder(model) + "/model.meta")
        for key in [GraphKeys.condContext, GraphKeys.whileContext] {
            let expected = theirs.collectionDef[key]?.bytesList.value ?? []
            let got = ours.collectionDef[key]?.bytesList.value ?? []
            #expect(got.count == expected.count, "\(key): \(got.count) contexts, TF \(expected.count)")
            for (index, (a, b)) in zip(got, expected).enumerated() {
                if key == GraphKeys.whileContext {
                    let (x, y) = (
                        try Tensorflow_WhileContextDef(serializedBytes: a),
                        try Tensorflow_WhileContextDef(serializedBytes: b)
                    )
                    #expect(x == y, "\(key) \(index): ours\n\(x.textFormatString())\nTF\n\(y.textFormatString())")
                } else {
                    let (x, y) = (
                        try Tensorflow_CondContextDef(serializedBytes: a),
                        try Tensorflow_CondContextDef(serializedBytes: b)
                    )
                    #expect(x == y, "\(key) \(index): ours\n\(x.textFormatString())\nTF\n\(y.textFormatString())")
                }
            }
        }
    }
}
