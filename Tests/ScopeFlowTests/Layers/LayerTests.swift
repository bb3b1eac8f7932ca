import Testing
@testable import ScopeFlow

/// tf.layers-style functions: TF's variable and op names, shapes, sharing and values.
@Suite struct LayerTests {
    @Test func denseNamesAreUniquePerGraph() throws {
        let graph = Graph()
        let (hidden, logits) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [3, 4], name: "x")
            let hidden = try dense(x, units: 5, activation: .relu)
            return (hidden, try dense(hidden, units: 2, useBias: false))
        }
        #expect(hidden.name == "dense/Relu:0")
        #expect(hidden.shape == Shape(known: [3, 5]))
        #expect(logits.name == "dense_1/MatMul:0")
        #expect(graph.operation(named: "dense/BiasAdd") != nil)
        #expect(try graph.variables().map(\.name) == ["dense/kernel:0", "dense/bias:0", "dense_1/kernel:0"])
        #expect(try graph.variables().first!.shape == Shape(known: [4, 5]))
    }

    @Test func namedDenseSharesOnlyWithReuse() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.float32, shape: [3, 4], name: "x")
            _ = try dense(x, units: 2, name: "fc")
            #expect(throws: ScopeFlowError.self) { try dense(x, units: 2, name: "fc") }
            let again = try dense(x, units: 2, name: "fc", reuse: .reuse)
            #expect(again.op.name == "fc_2/BiasAdd")
        }
        #expect(try graph.variables().map(\.name) == ["fc/kernel:0", "fc/bias:0"])
    }

    @Test func denseComputesXTimesKernelPlusBias() throws {
        let graph = Graph()
        let y = try graph.asDefault {
            try dense(
                try constant([1, 2] as [Float], shape: [1, 2]), units: 2, kernelInitializer: .constant([1, 2, 3, 4]),
                biasInitializer: .constant(0.5))
        }
        let session = Session(graph: graph)
        try session.run(graph.asDefault { try globalVariablesInitializer() })
        #expect(try session.run(y).floats == [7.5, 10.5])
    }

    @Test func conv2dLayerAndMaxPooling() throws {
        let graph = Graph()
        let (conv, pooled) = try graph.asDefault {
            let images = try placeholder(.float32, shape: [2, 8, 8, 3], name: "images")
            let conv = try conv2dLayer(images, filters: 4, kernelSize: [3, 3], padding: "same", activation: .relu)
            return (conv, try maxPooling2d(conv, poolSize: [2, 2], strides: [2, 2]))
        }
        #expect(conv.name == "conv2d/Relu:0")
        #expect(graph.operation(named: "conv2d/Conv2D")?.attrs["padding"]?.stringValue == "SAME")
        #expect(conv.shape == Shape(known: [2, 8, 8, 4]))
        #expect(pooled.name == "max_pooling2d/MaxPool:0")
        #expect(pooled.shape == Shape(known: [2, 4, 4, 4]))
        #expect(try graph.variables().map { "\($0.name) \($0.shape)" }
            == ["conv2d/kernel:0 \(Shape(known: [3, 3, 3, 4]))", "conv2d/bias:0 \(Shape(known: [4]))"])
    }

    @Test func dropoutKeepsOrScalesAndIsIdentityWhenNotTraining() throws {
        let graph = Graph()
        let (kept, dropped) = try graph.asDefault {
            let x = try constant([Float](repeating: 1, count: 1000))
            return (try dropout(x, rate: 0.5), try dropout(x, rate: 0.25, seed: 1, training: true))
        }
        #expect(kept.op.type == "Identity")
        let values = try Session(graph: graph).run(dropped).floats!
        #expect(values.allSatisfy { $0 == 0 || abs($0 - 4.0 / 3) < 1e-6 })
        let zeros = values.filter { $0 == 0 }.count
        #expect((150...350).contains(zeros))
    }
}
