import Testing
@testable import ScopeFlow

/// The `tf.losses` functions beyond what the op oracle records: every ``Reduction``,
/// the losses collection, and the errors for weights and shapes that do not fit.
@Suite("Weighted losses")
struct LossTests {
    /// Squared errors `[[1, 4], [9, 16]]` weighted by `[[4], [0]]`: weighted sum 20 over 8 weight,
    /// 4 elements, 2 non-zero weights.
    private func squaredErrorLoss(_ reduction: Reduction) throws -> HostTensor {
        let graph = Graph()
        let loss = try graph.asDefault {
            try meanSquaredError(
                labels: constant(HostTensor([Float](repeating: 0, count: 4), shape: [2, 2])),
                predictions: constant(HostTensor([Float]([1, 2, 3, 4]), shape: [2, 2])),
                weights: constant(HostTensor([Float]([4, 0]), shape: [2, 1])), reduction: reduction)
        }
        return try Session(graph: graph).run(loss)
    }

    @Test func everyReductionGivesTFsValue() throws {
        #expect(try squaredErrorLoss(.none).floats == [4, 16, 0, 0])
        #expect(try squaredErrorLoss(.sum).floats == [20])
        #expect(try squaredErrorLoss(.mean).floats == [2.5])
        #expect(try squaredErrorLoss(.sumOverBatchSize).floats == [5])
        #expect(try squaredErrorLoss(.sumByNonzeroWeights).floats == [10])
    }

    @Test func zeroWeightsGiveZeroNotNaN() throws {
        let graph = Graph()
        let loss = try graph.asDefault {
            try meanSquaredError(
                labels: constant(HostTensor([Float]([1, 2]))), predictions: constant(HostTensor([Float]([3, 5]))),
                weights: constant(0.0))
        }
        #expect(try Session(graph: graph).run(loss).floats == [0])
    }

    @Test func lossJoinsTheLossesCollection() throws {
        let graph = Graph()
        let loss = try graph.asDefault {
            try sparseSoftmaxCrossEntropy(
                labels: constant(HostTensor([Int32]([0, 1]))), logits: constant(HostTensor([Float](repeating: 0, count: 4), shape: [2, 2])))
        }
        #expect(try graph.collection(GraphKeys.losses).map(\.name) == [loss.name])
        let value = try #require(try Session(graph: graph).run(loss).floats?.first)
        #expect(abs(value - 0.693_147_2) < 1e-6)   // ln 2: uniform logits over two classes
    }

    @Test func labelsWithATrailingOneAreSqueezed() throws {
        let graph = Graph()
        let (flat, column) = try graph.asDefault {
            let logits = try constant(HostTensor([Float]([1, 2, 3, 1, 0, -1]), shape: [2, 3]))
            let flat = try sparseSoftmaxCrossEntropy(labels: constant(HostTensor([Int32]([2, 0]))), logits: logits)
            let column = try sparseSoftmaxCrossEntropy(
                labels: constant(HostTensor([Int32]([2, 0]), shape: [2, 1])), logits: logits)
            return (flat, column)
        }
        let session = Session(graph: graph)
        #expect(try session.run(column).floats == session.run(flat).floats)
        #expect(graph.operations.contains { $0.name == "sparse_softmax_cross_entropy_loss_1/remove_squeezable_dimensions/Squeeze" })
    }

    @Test func weightsThatDoNotBroadcastAreRejected() throws {
        try Graph().asDefault {
            let labels = try placeholder(.float32, shape: [2, 2], name: "labels")
            let predictions = try placeholder(.float32, shape: [2, 2], name: "predictions")
            for shape: Shape in [[2], [2, 3]] {
                let weights = try placeholder(.float32, shape: shape)
                let error = #expect(throws: ScopeFlowError.self) {
                    try meanSquaredError(labels: labels, predictions: predictions, weights: weights)
                }
                #expect(error?.code == .shapeMismatch)
                #expect(error?.message.contains("weights can not be broadcast to values") == true)
            }
        }
    }

    @Test func mismatchedLabelsAreRejected() throws {
        try Graph().asDefault {
            let labels = try placeholder(.float32, shape: [2, 3], name: "labels")
            let predictions = try placeholder(.float32, shape: [3, 2], name: "predictions")
            let mse = #expect(throws: ScopeFlowError.self) { try meanSquaredError(labels: labels, predictions: predictions) }
            #expect(mse?.code == .shapeMismatch)
            let sigmoid = #expect(throws: ScopeFlowError.self) {
                try sigmoidCrossEntropyWithLogits(labels: labels, logits: predictions)
            }
            #expect(sigmoid?.message.contains("must have the same shape") == true)
        }
    }
}
