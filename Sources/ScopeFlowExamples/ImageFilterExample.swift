import ScopeFlow

/// The sizes of the image-filter example.
public struct ImageFilterConfig: Sendable {
    /// Images per batch, their height and width, and their channels.
    public var batchSize = 4, imageSize = 16, imageChannels = 3
    /// Filters of each conv layer.
    public var filters = 8
    /// Adam's learning rate.
    public var learningRate = 0.02
    /// The training target: `result1` of the untrained filter, scaled by this factor.
    public var targetScale: Float = 0.5

    /// The default configuration.
    public init() {}

    /// The shape of one image batch, `[batch, size, size, channels]`.
    public var imageShape: [Int] { [batchSize, imageSize, imageSize, imageChannels] }
}

/// The seed's `my_image_filter` applied to two image batches in
/// `variableScope("image_filters") { scope in … scope.reuseVariables() … }`,
/// then trained on the first batch only: the second batch's result changes
/// too, because both results come from the same four variables.
///
/// The task is to dim the untrained filter's output on `image1` to
/// ``ImageFilterConfig/targetScale`` of itself (reachable exactly, relu being
/// positively homogeneous).
public final class ImageFilterExample {
    /// The sizes, learning rate and target scale.
    public let config: ImageFilterConfig
    /// The graph the filter is built in.
    public let graph: Graph
    /// The session holding the filter's values.
    public let session: Session
    /// The two image batches (placeholders) and the filter's result for each.
    public let image1, image2, result1, result2: Tensor
    /// What `result1` should become (placeholder) and the mean squared error to it.
    public let target, loss: Tensor
    /// One Adam step on the shared filter.
    public let trainOp: Operation
    /// The filter's four variables (`image_filters/conv1/weights` …).
    public let variables: [Variable]
    /// Every summary merged: the loss, the first layer's filters as images and each variable as
    /// a histogram.
    public let summary: Tensor
    /// The two batches' pixel values.
    public let images1, images2: HostTensor
    /// `result1` of the untrained filter, scaled: the training target.
    public let targetValues: HostTensor

    /// Builds the shared filter in a new graph (graph seed `seed`), initializes
    /// it and computes the target from its untrained output.
    public init(_ config: ImageFilterConfig = ImageFilterConfig(), seed: Int = 1) throws {
        self.config = config
        graph = Graph()
        graph.seed = seed
        (image1, image2, result1, result2, target, loss, trainOp, variables, summary) = try graph.asDefault {
            let image1 = try placeholder(.float32, shape: Shape(known: config.imageShape), name: "image1")
            let image2 = try placeholder(.float32, shape: Shape(known: config.imageShape), name: "image2")
            let (result1, result2) = try variableScope("image_filters") { scope in
                let result1 = try ImageFilter.apply(image1, channels: config.filters)
                scope.reuseVariables()
                return (result1, try ImageFilter.apply(image2, channels: config.filters))
            }
            let target = try placeholder(.float32, shape: result1.shape, name: "target")
            let loss = try reduceMean(squaredDifference(result1, target), name: "loss")
            let trainOp = try AdamOptimizer(learningRate: .value(config.learningRate)).minimize(loss)
            let variables = try trainableVariables()
            let summary = try Self.summaries(loss: loss, variables: variables, filters: config.filters)
            return (image1, image2, result1, result2, target, loss, trainOp, variables, summary)
        }
        session = Session(graph: graph)
        try session.run(graph.asDefault { try globalVariablesInitializer() })
        var random = SeededRandom(seed: UInt64(seed))
        images1 = try Self.images(config.imageShape, using: &random)
        images2 = try Self.images(config.imageShape, using: &random)
        let untrained = try session.run(result1, feeds: [image1: images1]).floats ?? []
        targetValues = try HostTensor(
            untrained.map { $0 * config.targetScale }, shape: config.imageShape.dropLast() + [config.filters])
    }

    /// Applies `my_image_filter` twice without a reuse scope in a new graph
    /// and returns the error the second call raises (nil if it did not fail).
    public static func errorWithoutReuse(_ config: ImageFilterConfig = ImageFilterConfig()) throws -> ScopeFlowError? {
        try Graph().asDefault {
            let image1 = try placeholder(.float32, shape: Shape(known: config.imageShape), name: "image1")
            let image2 = try placeholder(.float32, shape: Shape(known: config.imageShape), name: "image2")
            _ = try ImageFilter.apply(image1, channels: config.filters)
            do {
                _ = try ImageFilter.apply(image2, channels: config.filters)
                return nil
            } catch let error as ScopeFlowError {
                return error
            }
        }
    }

    /// The mean squared error of `result1` to the target.
    public func currentLoss() throws -> Float {
        try session.run(loss, feeds: [image1: images1, target: targetValues]).floats?.first ?? .nan
    }

    /// One training step on `image1`; returns the loss before it.
    @discardableResult
    public func step() throws -> Float {
        let values = try session.run([loss], feeds: [image1: images1, target: targetValues], targets: [trainOp])
        return values[0].floats?.first ?? .nan
    }

    /// The filter's output for each batch, fed `images1` and `images2`
    /// (or `images1` for both when `sameInput`).
    public func results(sameInput: Bool = false) throws -> (result1: [Float], result2: [Float]) {
        let values = try session.run(
            [result1, result2], feeds: [image1: images1, image2: sameInput ? images1 : images2])
        return (values[0].floats ?? [], values[1].floats ?? [])
    }

    /// The loss, the first layer's filters as RGB images and every variable as a histogram
    /// (tagged with its op name), built under the name scope `summaries` so that no tag collides
    /// with an op's name (TF would make `loss` `loss_1`), and merged.
    private static func summaries(loss: Tensor, variables: [Variable], filters: Int) throws -> Tensor {
        try nameScope("summaries") { _ in
            _ = try Summary.scalar("loss", loss)
            if let conv1 = variables.first(where: { $0.op.name == "image_filters/conv1/weights" }),
                conv1.shape.dims?[2] == 3
            {
                // [height, width, 3, filters] → [filters, height, width, 3]: one picture per filter.
                _ = try Summary.image("conv1_filters", transpose(conv1, perm: [3, 0, 1, 2]), maxOutputs: filters)
            }
            for variable in variables { _ = try Summary.histogram(variable.op.name, variable) }
        }
        return try Summary.mergeAll()!
    }

    /// The merged summary of the filter as it is now (the loss on `image1`).
    public func currentSummary() throws -> HostTensor {
        try session.run(summary, feeds: [image1: images1, target: targetValues])
    }

    /// Pixel values uniform in [0, 1).
    private static func images(_ shape: [Int], using random: inout SeededRandom) throws -> HostTensor {
        try HostTensor((0..<shape.reduce(1, *)).map { _ in Float.random(in: 0..<1, using: &random) }, shape: shape)
    }
}
