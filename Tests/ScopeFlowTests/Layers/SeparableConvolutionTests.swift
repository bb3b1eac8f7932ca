import Testing

@testable import ScopeFlow

/// `separableConv2dLayer` and `averagePooling2d` against TF 2.21's `tf.compat.v1.layers`
/// (`Resources/layer-graphs.json`): the nodes of the layers and their gradients, and the values of
/// TF's runs replayed on ScopeFlow's graph.
@Suite struct SeparableConvolutionTests {
    @Test func sameLayerWithMultiplierBiasAndActivation() throws {
        try RecordedLayerGraphs.expectTFGraph("separable_same") {
            let x = try placeholder(.float32, shape: [2, 5, 4, 3], name: "x")
            let y = try separableConv2dLayer(
                x, filters: 4, kernelSize: [3, 3], padding: "same", depthMultiplier: 2, activation: .relu)
            #expect(y.shape == Shape([2, 5, 4, 4]))
            _ = try gradients(RecordedLayerGraphs.weightedLoss(y, "SW"), [x] + trainableVariables(), name: "grads")
        }
    }

    @Test func validStridedLayerWithoutBias() throws {
        try RecordedLayerGraphs.expectTFGraph("separable_valid_strided") {
            let x = try placeholder(.float32, shape: [2, 5, 4, 3], name: "x")
            let y = try separableConv2dLayer(
                x, filters: 2, kernelSize: [2, 3], strides: [2, 1], useBias: false, name: "sep")
            #expect(y.shape == Shape([2, 2, 2, 2]))
            _ = try identity(y, name: "y")
            _ = try gradients(reduceSum(square(y)), [x] + trainableVariables(), name: "grads")
        }
    }

    /// Average pooling, SAME and VALID, and SAME max pooling, whose windows at the edges count
    /// only the input pixels they cover.
    @Test func poolingLayers() throws {
        try RecordedLayerGraphs.expectTFGraph("pooling_layers") {
            let x = try placeholder(.float32, shape: [2, 5, 4, 3], name: "x")
            let a = try averagePooling2d(x, poolSize: [2, 2], strides: [2, 2], padding: "same")
            let b = try averagePooling2d(x, poolSize: [3, 2], strides: [1, 2], name: "pool")
            let c = try maxPooling2d(x, poolSize: [3, 3], strides: [2, 2], padding: "same")
            #expect(
                a.shape == Shape([2, 3, 2, 3]) && b.shape == Shape([2, 3, 2, 3]) && c.shape == Shape([2, 3, 2, 3]))
            _ = try identity(b, name: "b")
            _ = try identity(c, name: "c")
            let loss = try RecordedLayerGraphs.weightedLoss(a, "PW") + reduceSum(b) + reduceSum(c * c)
            _ = try gradients(loss, [x], name: "grads")
        }
    }

    /// TF's own GraphDefs imported run to TF's values: the depthwise ops, their gradients and the
    /// pooling ops as an imported model holds them.
    @Test(arguments: ["separable_same", "separable_valid_strided", "pooling_layers"])
    func importedGraphsRunAsTensorFlow(_ name: String) throws {
        try RecordedLayerGraphs.expectImportedGraphRuns(name)
    }

    @Test func badSizesAndMultipliersSayWhatIsWrong() throws {
        try Graph().asDefault {
            let x = try placeholder(.float32, shape: [2, 5, 4, 3], name: "x")
            #expect(throws: ScopeFlowError.self) {
                try separableConv2dLayer(x, filters: 2, kernelSize: [3, 3], depthMultiplier: 0)
            }
            #expect(throws: ScopeFlowError.self) {
                try separableConv2dLayer(placeholder(.float32, shape: [5, 4, 3]), filters: 2, kernelSize: [3, 3])
            }
            #expect(throws: ScopeFlowError.self) { try averagePooling2d(x, poolSize: [2], strides: [2, 2]) }
            // The filter's third dimension must be the input's channel count.
            #expect(throws: ScopeFlowError.self) {
                try depthwiseConv2d(
                    x, filter: constant([Float](repeating: 1, count: 8), shape: [2, 2, 2, 1]), strides: [1, 1, 1, 1],
                    padding: "SAME")
            }
            #expect(throws: ScopeFlowError.self) {
                try separableConv2d(
                    x, depthwiseFilter: constant([Float](repeating: 1, count: 12), shape: [2, 2, 3, 1]),
                    pointwiseFilter: constant([Float](repeating: 1, count: 12), shape: [2, 2, 3, 1]),
                    strides: [1, 1, 1, 1], padding: "SAME")
            }
            #expect(throws: ScopeFlowError.self) {
                try depthwiseConv2d(
                    x, filter: constant([Float](repeating: 1, count: 12), shape: [2, 2, 3, 1]), strides: [1, 1, 1, 1],
                    padding: "SAME", rate: [2, 2])
            }
        }
    }

    /// A depthwise kernel given an input whose channels do not match its filter at run time (the
    /// static shapes unknown) fails with TF's message instead of reading out of bounds.
    @Test func runTimeChannelMismatchIsAnError() throws {
        let graph = Graph()
        let (x, y) = try graph.asDefault {
            let x = try placeholder(.float32, shape: Shape([nil, nil, nil, nil]), name: "x")
            let filter = try constant([Float](repeating: 1, count: 8), shape: [2, 2, 2, 1])
            return (x, try depthwiseConv2dNative(x, filter: filter, strides: [1, 1, 1, 1], padding: "VALID"))
        }
        let session = Session(graph: graph)
        let feed = try HostTensor(storage: .float32([Float](repeating: 1, count: 27)), shape: [1, 3, 3, 3])
        #expect {
            _ = try session.run([y], feeds: [x: feed])
        } throws: { error in
            (error as? ScopeFlowError)?.message.contains("must have the same depth: 3 vs 2") == true
        }
    }
}
