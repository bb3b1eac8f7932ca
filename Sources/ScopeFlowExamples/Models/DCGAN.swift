import ScopeFlow

/// The tiny DCGAN of `shared/models/dcgan.py`, written with ScopeFlow's API as the Python program
/// writes it with `tf.layers`: its graph is TF 2.21's node for node.
///
/// The generator (variable scope `generator`) maps `z` `[8, 16]` by a dense layer to 4×4×16,
/// batch norm, relu, a stride-2 transposed convolution to 8×8×8, batch norm, relu, and a stride-2
/// transposed convolution to a 16×16×1 `tanh` image. The discriminator (variable scope
/// `discriminator`, `AUTO_REUSE`) is applied to the real and to the generated batch: a stride-2
/// convolution with leaky relu (0.2), a stride-2 convolution with batch norm and leaky relu,
/// flatten, a dense logit. Sigmoid cross-entropy losses; an `AdamOptimizer(2e-4, beta1: 0.5)` per
/// network on its scope's trainable variables, under its scope's batch-norm updates. Layers
/// followed by batch norm have no bias.
public struct DCGAN: PortedModel {
    public static let modelName = "dcgan"
    /// Images (and noise vectors) per batch in the Python program.
    public static let batchSize = 8
    /// The generator's noise inputs per image.
    public static let noiseSize = 16
    /// The height and width of the program's images.
    public static let imageSide = 16

    /// Images per batch of this instance (``batchSize`` unless built scaled up).
    public let batch: Int
    /// The height and width of this instance's images (``imageSide`` unless built scaled up).
    public let side: Int
    /// The channels of this instance's images (1 unless built scaled up).
    public let channels: Int

    /// The fed tensors: the generator's noise and a batch of real images.
    public let z, realImages: Tensor
    /// The generated images `[batch, side, side, channels]`.
    public let fake: Tensor
    /// The discriminator's logits for the real and for the generated batch.
    public let realLogits, fakeLogits: Tensor
    /// The discriminator's losses on the real and the generated batch, their sum, and the
    /// generator's loss (its images labelled real).
    public let discriminatorLossReal, discriminatorLossFake, discriminatorLoss, generatorLoss: Tensor
    public let globalStep: Variable
    /// One Adam step on the discriminator (incrementing the global step) and on the generator,
    /// each after its network's moving-average updates; both in the `train_op` collection.
    public let discriminatorTrain, generatorTrain: Operation
    /// `tf.global_variables_initializer()`, made last.
    public let initializer: Operation

    /// Builds the model in the default graph, with the Python program's graph seed.
    public init() throws { try self.init(batch: Self.batchSize, side: Self.imageSide, channels: 1) }

    /// Builds the model for `batch` images of `side` × `side` × `channels` (the program's are 8 of
    /// 16 × 16 × 1): the same nodes, the generator starting from `side / 4` × `side / 4` × 16 and
    /// its last transposed convolution making `channels` channels. The benchmarks scale it up this way.
    ///
    /// - Throws: a ``ScopeFlowError`` (`invalidArgument`) when `batch` or `channels` is below 1 or
    ///   `side` is not a positive multiple of 4 (two stride-2 transposed convolutions make it).
    public init(batch: Int, side: Int, channels: Int) throws {
        guard batch >= 1, channels >= 1, side >= 4, side % 4 == 0 else {
            throw ScopeFlowError(
                .invalidArgument,
                "DCGAN needs at least one image with at least one channel and a side that is a positive multiple of 4 "
                    + "(the generator doubles side / 4 twice), got batch \(batch), side \(side), channels \(channels).")
        }
        (self.batch, self.side, self.channels) = (batch, side, channels)
        Graph.current.seed = 2024
        z = try placeholder(.float32, shape: [batch, Self.noiseSize], name: "z")
        realImages = try placeholder(.float32, shape: [batch, side, side, channels], name: "real_images")

        fake = try Self.generator(z, side: side, channels: channels)
        let realLogits = try Self.discriminator(realImages)
        let fakeLogits = try Self.discriminator(fake)
        (self.realLogits, self.fakeLogits) = (realLogits, fakeLogits)

        let losses = try nameScope("losses") { _ in
            let real = try reduceMean(
                sigmoidCrossEntropyWithLogits(labels: onesLike(realLogits), logits: realLogits))
            let fake = try reduceMean(
                sigmoidCrossEntropyWithLogits(labels: zerosLike(fakeLogits), logits: fakeLogits))
            let discriminator = try add(real, fake, name: "d_loss")
            let generator = try reduceMean(
                sigmoidCrossEntropyWithLogits(labels: onesLike(fakeLogits), logits: fakeLogits), name: "g_loss")
            return (real, fake, discriminator, generator)
        }
        (discriminatorLossReal, discriminatorLossFake, discriminatorLoss, generatorLoss) = losses

        let discriminatorVariables = try trainableVariables(scope: "discriminator")
        let generatorVariables = try trainableVariables(scope: "generator")
        let globalStep = try getOrCreateGlobalStep()
        self.globalStep = globalStep

        discriminatorTrain = try controlDependencies(Self.updateOps(scope: "discriminator")) {
            try AdamOptimizer(learningRate: 2e-4, beta1: 0.5).minimize(
                losses.2, varList: discriminatorVariables, globalStep: globalStep)
        }
        generatorTrain = try controlDependencies(Self.updateOps(scope: "generator")) {
            try AdamOptimizer(learningRate: 2e-4, beta1: 0.5).minimize(losses.3, varList: generatorVariables)
        }
        Graph.current.addToCollection("train_op", .operation(discriminatorTrain))
        Graph.current.addToCollection("train_op", .operation(generatorTrain))
        initializer = try globalVariablesInitializer()
    }

    public var monitored: [(name: String, tensor: Tensor)] {
        [("d_loss", discriminatorLoss), ("g_loss", generatorLoss)]
    }

    /// One discriminator step on a real batch and noise, then one generator step on new noise, as
    /// the program alternates them (two `Session.run`s): noise in multiples of 1/32 in [-1, 1],
    /// images in multiples of 1/16 in [-1, 1]. Returns each step's loss.
    public func trainStep(_ session: Session, random: inout SeededRandom) throws -> [Float] {
        let noiseShape = [batch, Self.noiseSize]
        let discriminatorFeeds: [Tensor: HostTensor] = [
            z: try random.quantized(noiseShape, low: -32, high: 32, denominator: 32),
            realImages: try random.quantized([batch, side, side, channels], low: -16, high: 16, denominator: 16),
        ]
        let dLoss = try session.run([discriminatorLoss], feeds: discriminatorFeeds, targets: [discriminatorTrain])
        let generatorFeeds = [z: try random.quantized(noiseShape, low: -32, high: 32, denominator: 32)]
        let gLoss = try session.run([generatorLoss], feeds: generatorFeeds, targets: [generatorTrain])
        return [dLoss[0].floats?.first ?? .nan, gLoss[0].floats?.first ?? .nan]
    }

    /// `tf.get_collection(tf.GraphKeys.UPDATE_OPS, scope=scope)`.
    private static func updateOps(scope: String) throws -> [Operation] {
        try collection(GraphKeys.updateOps, scope: scope).compactMap(\.operation)
    }

    /// z → dense s·s·16 → batch norm, relu → deconv 8 → batch norm, relu → deconv `channels` → tanh,
    /// where s is `side / 4` (4 in the program).
    private static func generator(_ z: Tensor, side: Int, channels: Int) throws -> Tensor {
        try variableScope("generator") { _ in
            let start = side / 4
            var h = try dense(z, units: start * start * 16, useBias: false, name: "fc")
            h = try reshape(h, shape: [-1, start, start, 16])
            h = try batchNormalization(h, training: true, name: "bn0")
            h = try relu(h)
            h = try conv2dTranspose(
                h, filters: 8, kernelSize: [5, 5], strides: [2, 2], padding: "same", useBias: false, name: "deconv1")
            h = try batchNormalization(h, training: true, name: "bn1")
            h = try relu(h)
            h = try conv2dTranspose(
                h, filters: channels, kernelSize: [5, 5], strides: [2, 2], padding: "same", name: "deconv2")
            return try tanh(h)
        }
    }

    /// x → conv 8 + leaky relu → conv 16 + batch norm + leaky relu → flatten → dense logit.
    private static func discriminator(_ x: Tensor) throws -> Tensor {
        try variableScope("discriminator", reuse: .auto) { _ in
            var h = try conv2dLayer(
                x, filters: 8, kernelSize: [5, 5], strides: [2, 2], padding: "same", name: "conv1")
            h = try leakyRelu(h, alpha: 0.2)
            h = try conv2dLayer(
                h, filters: 16, kernelSize: [5, 5], strides: [2, 2], padding: "same", useBias: false, name: "conv2")
            h = try batchNormalization(h, training: true, name: "bn2")
            h = try leakyRelu(h, alpha: 0.2)
            h = try flatten(h)
            return try dense(h, units: 1, name: "fc")
        }
    }
}
