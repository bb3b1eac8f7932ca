import Testing

@testable import ScopeFlow

/// `conv2dTranspose`, the layer and the op, against TF 2.21's `tf.compat.v1.layers.conv2d_transpose`
/// and `tf.compat.v1.nn.conv2d_transpose`: the graphs node for node (the output shape computed in
/// the graph for static and dynamic sizes, `Conv2DBackpropInput`, its gradient by
/// `Conv2DBackpropFilter` and `Conv2D`) and their values, from `Resources/layer-graphs.json`.
@Suite struct TransposedConvolutionTests {
    @Test func sameLayerWithStaticShape() throws {
        try RecordedLayerGraphs.expectTFGraph("deconv_same") {
            let x = try placeholder(.float32, shape: [2, 3, 3, 2], name: "x")
            let y = try conv2dTranspose(
                x, filters: 3, kernelSize: [3, 3], strides: [2, 2], padding: "same", name: "deconv")
            #expect(y.shape == Shape([2, 6, 6, 3]))
            _ = try gradients(RecordedLayerGraphs.weightedLoss(y, "DW"), [x] + trainableVariables(), name: "grads")
        }
    }

    @Test func validLayersWithDynamicSizes() throws {
        try RecordedLayerGraphs.expectTFGraph("deconv_valid_dynamic") {
            let x = try placeholder(.float32, shape: [nil, nil, 3, 2], name: "x")
            let h = try conv2dTranspose(
                x, filters: 2, kernelSize: [3, 2], strides: [2, 1], padding: "valid", activation: .relu, useBias: false)
            #expect(h.shape == Shape([nil, nil, 4, 2]))
            let y = try conv2dTranspose(h, filters: 1, kernelSize: [1, 1], padding: "same", kernelInitializer: .ones)
            _ = try identity(y, name: "y")
            _ = try gradients(reduceSum(square(y)), [x, h] + trainableVariables(), name: "grads")
        }
    }

    @Test func nnConv2dTransposeAndItsGradient() throws {
        try RecordedLayerGraphs.expectTFGraph("nn_conv2d_transpose") {
            let x = try placeholder(.float32, shape: [2, 3, 3, 2], name: "x")
            let k = try placeholder(.float32, shape: [3, 3, 3, 2], name: "k")
            let y = try conv2dTranspose(x, filter: k, outputShape: [2, 6, 6, 3], strides: [1, 2, 2, 1])
            #expect(y.shape == Shape([2, 6, 6, 3]))
            _ = try gradients(RecordedLayerGraphs.weightedLoss(y, "DW"), [x, k], name: "grads")
        }
    }

    @Test func badArgumentsAreRefused() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.float32, shape: [2, 3, 3, 2], name: "x")
            let padding = try #require(throws: ScopeFlowError.self) {
                try conv2dTranspose(x, filters: 3, kernelSize: [3, 3], padding: "full")
            }
            #expect(padding.code == .invalidArgument)
            let rank = try #require(throws: ScopeFlowError.self) {
                try conv2dTranspose(placeholder(.float32, shape: [2, 3]), filters: 3, kernelSize: [3, 3])
            }
            #expect(rank.code == .shapeMismatch)
            let k = try placeholder(.float32, shape: [3, 3, 3, 5], name: "k")
            let depth = try #require(throws: ScopeFlowError.self) {
                try conv2dTranspose(x, filter: k, outputShape: [2, 6, 6, 3], strides: [1, 2, 2, 1])
            }
            #expect(depth.code == .shapeMismatch)
        }
    }
}
