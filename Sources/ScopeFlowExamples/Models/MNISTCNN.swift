import ScopeFlow

/// The TF1 "Layers" tutorial CNN of `shared/models/mnist_cnn.py`, written with ScopeFlow's API as
/// the Python program writes it with `tf.layers`: its graph is TF 2.21's node for node.
///
/// 28×28×1 images in batches of 8: conv 5×5 (4 filters, relu, same) → max pool 2 → conv 5×5
/// (8 filters) → max pool 2 → flatten → dense 16 relu → dropout 0.4 while `is_training` →
/// dense 10; sparse softmax cross-entropy, accuracy, Adam(1e-3) with the global step.
public struct MNISTCNN: PortedModel {
    public static let modelName = "mnist_cnn"

    /// The fed tensors.
    public let images, labels, isTraining: Tensor
    /// The fetched ones.
    public let logits, predictions, probabilities, loss, accuracy: Tensor
    public let globalStep: Variable
    /// One Adam step (also in the `train_op` collection).
    public let trainOp: Operation
    /// `tf.global_variables_initializer()`, made last.
    public let initializer: Operation

    /// Builds the model in the default graph, with the Python program's graph seed.
    /// Images per batch.
    public static let batchSize = 8

    public init() throws {
        let batchSize = Self.batchSize
        Graph.current.seed = 1234
        images = try placeholder(.float32, shape: [batchSize, 28, 28, 1], name: "images")
        labels = try placeholder(.int32, shape: [batchSize], name: "labels")
        isTraining = try placeholderWithDefault(HostTensor(scalar: false), shape: [], name: "is_training")

        let conv1 = try conv2dLayer(images, filters: 4, kernelSize: [5, 5], padding: "same", activation: .relu)
        let pool1 = try maxPooling2d(conv1, poolSize: [2, 2], strides: [2, 2])
        let conv2 = try conv2dLayer(pool1, filters: 8, kernelSize: [5, 5], padding: "same", activation: .relu)
        let pool2 = try maxPooling2d(conv2, poolSize: [2, 2], strides: [2, 2])
        let flat = try flatten(pool2)
        let hidden = try dense(flat, units: 16, activation: .relu)
        let dropped = try dropout(hidden, rate: 0.4, seed: 42, training: isTraining)
        let logits = try dense(dropped, units: 10)
        let labels = self.labels
        self.logits = logits

        predictions = try argmax(logits, axis: 1, name: "predictions")
        probabilities = try softmax(logits, name: "softmax_tensor")
        loss = try sparseSoftmaxCrossEntropy(labels: labels, logits: logits)
        accuracy = try nameScope("accuracy") { _ in
            let correct = try equal(argmax(logits, axis: 1, outputType: .int32), labels)
            return try reduceMean(cast(correct, to: .float32), name: "accuracy")
        }
        globalStep = try getOrCreateGlobalStep()
        trainOp = try AdamOptimizer(learningRate: 1e-3).minimize(loss, globalStep: globalStep)
        Graph.current.addToCollection("train_op", .operation(trainOp))
        initializer = try globalVariablesInitializer()
    }

    public var monitored: [(name: String, tensor: Tensor)] { [("loss", loss), ("accuracy", accuracy)] }

    /// One Adam step on a batch like the program's: pixels in multiples of 1/64, random labels,
    /// dropout on.
    public func trainStep(_ session: Session, random: inout SeededRandom) throws -> [Float] {
        let batch = Self.batchSize
        let feeds: [Tensor: HostTensor] = [
            images: try random.quantized([batch, 28, 28, 1], low: 0, high: 63, denominator: 64),
            labels: try random.labels(batch, classes: 10),
            isTraining: HostTensor(scalar: true),
        ]
        let values = try session.run(monitored.map(\.tensor), feeds: feeds, targets: [trainOp])
        return values.map { $0.floats?.first ?? .nan }
    }
}
