import ScopeFlow

/// The CIFAR-style ResNet of `shared/models/resnet_mini.py`, shrunk to 8×8×3 images, written
/// with ScopeFlow's API as the Python program writes it with `tf.layers`: its graph is TF 2.21's
/// node for node.
///
/// In variable scope `resnet`: a 3×3 convolution (8 filters, no bias) with fused batch norm
/// (`training` the placeholder `is_training`, true by default) and relu, two residual blocks
/// (conv-bn-relu-conv-bn, identity shortcut, relu), a global average pool and a dense layer of 10
/// logits. Every kernel has the L2 penalty `1e-4 · l2Loss(w)`; the loss is the sparse softmax
/// cross-entropy plus ``getRegularizationLoss(scope:name:file:line:)``. The learning rate is
/// `piecewiseConstant` of the global step
/// (0.1, 0.05 after step 3, 0.01 after step 6) for a Nesterov `MomentumOptimizer(0.9)` run after the
/// batch-norm updates; an ``ExponentialMovingAverage`` (0.99, limited by the global step) of the
/// trainable variables is applied after each step.
public struct ResNetMini: PortedModel {
    public static let modelName = "resnet_mini"
    /// Images per batch in the Python program.
    public static let batchSize = 4
    /// The height and width of the program's images.
    public static let imageSide = 8

    /// Images per batch of this instance (``batchSize`` unless built scaled up).
    public let batch: Int
    /// The height and width of this instance's images (``imageSide`` unless built scaled up).
    public let side: Int

    /// The fed tensors; `isTraining` defaults to true.
    public let images, labels, isTraining: Tensor
    /// The logits `[batch, 10]`.
    public let logits: Tensor
    /// The cross-entropy, the regularization loss and their sum (`loss/total_loss`).
    public let crossEntropy, regularizationLoss, loss: Tensor
    /// The piecewise-constant learning rate.
    public let learningRate: Tensor
    public let globalStep: Variable
    /// One Nesterov momentum step, after the batch-norm updates.
    public let trainOp: Operation
    /// The moving averages of the trainable variables.
    public let movingAverage: ExponentialMovingAverage
    /// The averages' update after ``trainOp`` (what a training run targets; in `train_op`).
    public let trainAndAverage: Operation
    /// `tf.global_variables_initializer()`, made last.
    public let initializer: Operation

    /// Builds the model in the default graph, with the Python program's graph seed.
    public init() throws { try self.init(batch: Self.batchSize, side: Self.imageSide) }

    /// Builds the model for `batch` images of `side` × `side` × 3 (the program's are 4 of 8 × 8 × 3):
    /// the same nodes, only the placeholders' shapes differ. The benchmarks scale it up this way.
    ///
    /// - Throws: a ``ScopeFlowError`` (`invalidArgument`) when `batch` or `side` is below 1.
    public init(batch: Int, side: Int) throws {
        guard batch >= 1, side >= 1 else {
            throw ScopeFlowError(
                .invalidArgument,
                "ResNetMini needs at least one image of at least 1 × 1 pixels, got batch \(batch) and side \(side).")
        }
        (self.batch, self.side) = (batch, side)
        Graph.current.seed = 31337
        images = try placeholder(.float32, shape: [batch, side, side, 3], name: "images")
        labels = try placeholder(.int64, shape: [batch], name: "labels")
        isTraining = try placeholderWithDefault(HostTensor(scalar: true), shape: [], name: "is_training")

        let (images, isTraining) = (self.images, self.isTraining)
        logits = try variableScope("resnet") { _ in
            var x = try Self.convBN(images, "init", isTraining: isTraining)
            for block in 0..<2 { x = try Self.residualBlock(x, "block\(block)", isTraining: isTraining) }
            x = try reduceMean(x, axis: [1, 2], name: "global_pool")
            return try dense(x, units: 10, kernelRegularizer: Self.l2, name: "logits")
        }
        let (labels, logits) = (self.labels, self.logits)
        (crossEntropy, regularizationLoss, loss) = try nameScope("loss") { _ in
            let crossEntropy = try sparseSoftmaxCrossEntropy(labels: labels, logits: logits)
            let regularization = try getRegularizationLoss()
            return (crossEntropy, regularization, try add(crossEntropy, regularization, name: "total_loss"))
        }

        let globalStep = try getOrCreateGlobalStep()
        self.globalStep = globalStep
        learningRate = try piecewiseConstant(globalStep, boundaries: [3, 6], values: [0.1, 0.05, 0.01])
        let optimizer = MomentumOptimizer(
            learningRate: .tensor(learningRate), momentum: 0.9, useNesterov: true)
        let loss = self.loss
        trainOp = try controlDependencies(collection(GraphKeys.updateOps).compactMap(\.operation)) {
            try optimizer.minimize(loss, globalStep: globalStep)
        }
        let movingAverage = try ExponentialMovingAverage(decay: 0.99, numUpdates: globalStep)
        self.movingAverage = movingAverage
        trainAndAverage = try controlDependencies([trainOp]) { try movingAverage.apply(trainableVariables()) }
        Graph.current.addToCollection("train_op", .operation(trainAndAverage))
        initializer = try globalVariablesInitializer()
    }

    public var monitored: [(name: String, tensor: Tensor)] {
        [("loss", loss), ("cross_entropy", crossEntropy), ("learning_rate", learningRate)]
    }

    /// One training run on a batch like the program's: pixels in multiples of 1/32 in [-1, 1],
    /// random labels, `is_training` left at its default.
    public func trainStep(_ session: Session, random: inout SeededRandom) throws -> [Float] {
        let feeds: [Tensor: HostTensor] = [
            images: try random.quantized([batch, side, side, 3], low: -32, high: 32, denominator: 32),
            labels: try HostTensor(
                storage: .int64((0..<batch).map { _ in Int64.random(in: 0..<10, using: &random) }), shape: [batch]),
        ]
        let values = try session.run(monitored.map(\.tensor), feeds: feeds, targets: [trainAndAverage])
        return values.map { $0.floats?.first ?? .nan }
    }

    /// The program's kernel penalty, `lambda w: 1e-4 * tf.nn.l2_loss(w)`.
    private static let l2 = Regularizer { w in try 1e-4 * l2Loss(w) }

    /// Variable scope `name`: a 3×3 convolution of 8 filters without bias, batch norm, and relu.
    private static func convBN(_ x: Tensor, _ name: String, isTraining: Tensor, relu applyRelu: Bool = true) throws
        -> Tensor
    {
        try variableScope(name) { _ in
            var h = try conv2dLayer(
                x, filters: 8, kernelSize: [3, 3], padding: "same", useBias: false, kernelRegularizer: l2,
                name: "conv")
            h = try batchNormalization(h, training: isTraining, name: "bn")
            return applyRelu ? try relu(h) : h
        }
    }

    /// Variable scope `name`: conv-bn-relu, conv-bn, plus the block's input, relu.
    private static func residualBlock(_ x: Tensor, _ name: String, isTraining: Tensor) throws -> Tensor {
        try variableScope(name) { _ in
            let shortcut = x
            var h = try convBN(x, "a", isTraining: isTraining)
            h = try convBN(h, "b", isTraining: isTraining, relu: false)
            return try relu(h + shortcut)
        }
    }
}
