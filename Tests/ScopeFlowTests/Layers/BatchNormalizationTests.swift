import Testing

@testable import ScopeFlow

/// `batchNormalization` against TF 2.21's `tf.compat.v1.layers.batch_normalization` (fused, NHWC):
/// each program's graph node for node and its values run after run (training steps with the
/// moving-average updates, inference on the moving statistics, an `is_training` cond), from
/// `Resources/layer-graphs.json`.
@Suite struct BatchNormalizationTests {
    /// `x * k` for a trainable per-channel `k`, so that training also needs x's gradient.
    func scaledInput() throws -> Tensor {
        let x = try placeholder(.float32, shape: [4, 3, 3, 2], name: "x")
        let k = try getVariable("k", initializer: .tensor(constant([Float(1.5), -0.5])))
        return try x * k
    }

    /// The moving-average updates of the default graph.
    func updateOps() throws -> [Operation] {
        try collection(GraphKeys.updateOps).compactMap(\.operation)
    }

    @Test func trainingStepWithItsMovingAverageUpdates() throws {
        try RecordedLayerGraphs.expectTFGraph("bn_training") {
            let y = try batchNormalization(scaledInput(), momentum: 0.9, training: true, name: "bn")
            #expect(try updateOps().map(\.name) == ["bn/AssignMovingAvg", "bn/AssignMovingAvg_1"])
            try controlDependencies(updateOps()) {
                _ = try GradientDescentOptimizer(learningRate: 0.1).minimize(
                    RecordedLayerGraphs.weightedLoss(y, "W"), name: "train")
            }
        }
    }

    @Test func inferenceReusesTheTrainingLayersVariables() throws {
        try RecordedLayerGraphs.expectTFGraph("bn_inference_reuse") {
            let h = try scaledInput()
            _ = try batchNormalization(h, momentum: 0.5, epsilon: 0.01, training: true, name: "bn")
            let y = try batchNormalization(h, momentum: 0.5, epsilon: 0.01, training: false, name: "bn", reuse: .reuse)
            _ = try identity(y, name: "y")
            _ = try group(updateOps(), name: "update")
        }
    }

    @Test func unnamedLayersWithoutCenterOrScaleUseConstants() throws {
        try RecordedLayerGraphs.expectTFGraph("bn_unnamed_without_center_scale") {
            let x = try placeholder(.float32, shape: [4, 3, 3, 2], name: "x")
            let a = try batchNormalization(x, epsilon: 0.01, center: false, scale: false, training: true)
            let b = try batchNormalization(a, center: false)
            _ = try gradients(RecordedLayerGraphs.weightedLoss(b, "W"), [x], name: "grads")
            _ = try group(updateOps(), name: "update")
        }
    }

    @Test func aTrainingTensorBuildsTwoConds() throws {
        try RecordedLayerGraphs.expectTFGraph("bn_training_tensor") {
            let training = try nameScope("is_training") { scope in
                try placeholderWithDefault(constant(false, name: "input"), shape: [], name: scope)
            }
            let y = try batchNormalization(scaledInput(), momentum: 0.8, training: training, name: "bn")
            try controlDependencies(updateOps()) {
                _ = try GradientDescentOptimizer(learningRate: 0.05).minimize(
                    RecordedLayerGraphs.weightedLoss(y, "W"), name: "train")
            }
        }
    }

    @Test func aConstantTrainingTensorBuildsLikeABool() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.float32, shape: [2, 2, 2, 3], name: "x")
            _ = try batchNormalization(x, training: constant(true))
            #expect(!graph.operations.contains { $0.type == "Switch" })
            #expect(try updateOps().count == 2)
            _ = try batchNormalization(x, training: constant(false))
            #expect(try updateOps().count == 2)
        }
    }

    @Test func badInputsAreRefused() throws {
        let graph = Graph()
        try graph.asDefault {
            let matrix = try placeholder(.float32, shape: [4, 3], name: "m")
            let rank = try #require(throws: ScopeFlowError.self) { try batchNormalization(matrix, training: true) }
            #expect(rank.code == .shapeMismatch)
            #expect(rank.message.contains("rank 4"))
            let x = try placeholder(.float32, shape: [4, 3, 3, 2], name: "x")
            let axis = try #require(throws: ScopeFlowError.self) { try batchNormalization(x, axis: 1) }
            #expect(axis.code == .unimplemented)
            let flag = try placeholder(.float32, shape: [], name: "flag")
            let training = try #require(throws: ScopeFlowError.self) { try batchNormalization(x, training: flag) }
            #expect(training.code == .invalidArgument)
            #expect(training.message.contains("bool scalar"))
        }
    }
}
