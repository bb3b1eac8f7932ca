import Testing

@testable import ScopeFlow

/// Weight regularizers (`Regularizer`, `l1Regularizer` …) on layers, on `getVariable` and on
/// variable scopes, and `getRegularizationLoss`, against TF 2.21's graphs and values.
@Suite struct RegularizerTests {
    static let l2 = Regularizer { w in try 1e-4 * l2Loss(w) }

    /// tf.layers conv2d / conv2d_transpose / dense with kernel and bias regularizers: a closure and
    /// tf_keras' l2, l1_l2 and l1; a reused dense layer adds no second loss.
    @Test func layerRegularizersBuildTFsPenalties() throws {
        try RecordedResNetPieces.expectTF("layer_regularizers") {
            let x = try placeholder(.float32, shape: [2, 4, 4, 2], name: "x")
            var h = try conv2dLayer(
                x, filters: 3, kernelSize: [3, 3], padding: "same", kernelInitializer: .constant(0.25),
                biasInitializer: .constant(-0.5), kernelRegularizer: Self.l2, biasRegularizer: l2Regularizer(0.3),
                name: "conv")
            h = try conv2dTranspose(
                h, filters: 2, kernelSize: [2, 2], strides: [2, 2], kernelInitializer: .constant(-0.125),
                kernelRegularizer: l1l2Regularizer(l1: 0.01, l2: 0.02), name: "deconv")
            let flat = try reshape(h, shape: [2, -1])
            _ = try dense(
                flat, units: 3, kernelInitializer: .constant(0.5), kernelRegularizer: l1Regularizer(0.05),
                name: "dense")
            _ = try dense(flat, units: 3, kernelRegularizer: l1Regularizer(0.05), name: "dense", reuse: .reuse)
            _ = try nameScope("loss") { _ in try getRegularizationLoss() }
        }
    }

    /// batch_normalization's gamma and beta regularizers (fused, training).
    @Test func batchNormRegularizersBuildTFsPenalties() throws {
        try RecordedResNetPieces.expectTF("batch_norm_regularizers") {
            let x = try placeholder(.float32, shape: [2, 2, 2, 3], name: "x")
            _ = try batchNormalization(
                x, betaInitializer: .constant(-0.25), gammaInitializer: .constant(1.5),
                betaRegularizer: Self.l2, gammaRegularizer: l2Regularizer(0.1), training: true, name: "bn")
            _ = try getRegularizationLoss()
        }
    }

    /// `regularizer:` on getVariable and on variable scopes (inherited by inner scopes; a reused
    /// variable adds nothing): TF's probe at the root, the entry in `<name>/Regularizer/`, rebuilt
    /// for each use; a single loss is an Identity, none a Const 0.
    @Test func getVariableRegularizersBuildTFsLazyPenalties() throws {
        try RecordedResNetPieces.expectTF("get_variable_regularizers") {
            _ = try variableScope("s") { _ in
                try getVariable("w", shape: [2, 3], initializer: .constant(1.5), regularizer: Self.l2)
            }
            try variableScope("r", regularizer: l2Regularizer(0.5)) { _ in
                _ = try getVariable("u", shape: [3], initializer: .constant(-2.0))
                _ = try variableScope("inner") { _ in try getVariable("v", shape: [2], initializer: .constant(0.75)) }
            }
            _ = try variableScope("r", reuse: .reuse) { _ in try getVariable("u", shape: [3]) }
            let total = try getRegularizationLoss()
            let scoped = try getRegularizationLoss(scope: "s", name: "s_loss")
            let empty = try getRegularizationLoss(scope: "nothing")
            #expect([total.op.type, scoped.op.type, empty.op.type] == ["AddN", "Identity", "Const"])
        }
    }

    @Test func regularizerFactorsAreChecked() throws {
        for factor in [-1.0, .nan, .infinity] {
            #expect(throws: ScopeFlowError.self) { try l1Regularizer(factor) }
            #expect(throws: ScopeFlowError.self) { try l2Regularizer(factor) }
            #expect(throws: ScopeFlowError.self) { try l1l2Regularizer(l1: 0.1, l2: factor) }
        }
    }

}
