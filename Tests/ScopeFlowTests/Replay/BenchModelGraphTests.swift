import ScopeFlowExamples
import Testing

@testable import ScopeFlow

/// The scaled-up ports the `bn-cnn` and `deconv-gan` benchmarks build (issue 26) are the graphs their
/// TF twins, Benchmarks/tf/bn_cnn.py and deconv_gan.py, build: node for node
/// (`Resources/*_bench_graph_tf21.txt`, recorded by Scripts/tf-verify/record_bench_model_graphs.py),
/// with the scaled shapes; sizes the models cannot take are clear errors.
@Suite struct BenchModelGraphTests {
    @Test func resNetMiniFor64ImagesOf32PixelsIsBNCNNsGraph() throws {
        let graph = Graph()
        let model = try graph.asDefault { try ResNetMini(batch: 64, side: 32) }
        try ModelGraphTests.expectSame(ModelGraphTests.lines(of: graph), fixture: "bn_cnn_bench_graph_tf21")
        #expect(model.images.shape == [64, 32, 32, 3])
        #expect(model.labels.shape == [64])
        #expect(model.logits.shape == [64, 10])
    }

    /// The generator starts from 8 × 8 × 16 (side / 4) and ends in 3 channels; the discriminator's
    /// dense layer reads 8 · 8 · 16 features, so its Adam slots are TF's `Fill`s (1,024 floats).
    @Test func dcganFor64ImagesOf32By32By3IsDeconvGANsGraph() throws {
        let graph = Graph()
        let model = try graph.asDefault { try DCGAN(batch: 64, side: 32, channels: 3) }
        try ModelGraphTests.expectSame(ModelGraphTests.lines(of: graph), fixture: "deconv_gan_bench_graph_tf21")
        #expect(model.z.shape == [64, 16])
        #expect(model.realImages.shape == [64, 32, 32, 3])
        #expect(model.fake.shape == [64, 32, 32, 3])
        #expect(model.fakeLogits.shape == [64, 1])
    }

    @Test func sizesTheModelsCannotTakeAreInvalidArguments() throws {
        for (batch, side) in [(0, 32), (64, 0), (-1, 8)] {
            let error = #expect(throws: ScopeFlowError.self) {
                try Graph().asDefault { _ = try ResNetMini(batch: batch, side: side) }
            }
            #expect(error?.code == .invalidArgument, "batch \(batch), side \(side)")
        }
        for (batch, side, channels) in [(0, 32, 3), (64, 30, 3), (64, 2, 3), (64, 0, 3), (64, 32, 0)] {
            let error = #expect(throws: ScopeFlowError.self) {
                try Graph().asDefault { _ = try DCGAN(batch: batch, side: side, channels: channels) }
            }
            #expect(error?.code == .invalidArgument, "batch \(batch), side \(side), channels \(channels)")
        }
    }
}
