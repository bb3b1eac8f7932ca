import ScopeFlow

/// The bidirectional-GRU sequence tagger of `shared/models/bigru_tagger.py`, written with
/// ScopeFlow's API as the Python program writes it: its graph is TF 2.21's node for node.
///
/// Batches of 4 sentences of up to 7 words (vocabulary 30), each with its own length: an 8-wide
/// embedding, `bidirectionalDynamicRNN` of two `GRUCell(8)`s over the real words, the two
/// directions' outputs concatenated and projected to 5 tags per word. The per-word sparse
/// softmax cross-entropy is masked by `sequenceMask` and averaged over the real words. Adagrad on
/// an `exponentialDecay(0.1, step, 2, 0.9, staircase)` rate, every gradient clipped to norm 1
/// (the embedding's kept sparse).
public struct BiGRUTagger: PortedModel {
    public static let modelName = "bigru_tagger"
    /// Words in the vocabulary, embedding width, sentences per batch, longest sentence, tags,
    /// GRU units.
    public static let (vocabulary, embeddingSize, batchSize, maxLength, tagCount, units) = (30, 8, 4, 7, 5, 8)

    /// The fed tensors: word ids and tags `[4, 7]` (padding: word 0, tag 0) and the lengths `[4]`.
    public let words, tags, lengths: Tensor
    /// The tag logits `[4, 7, 5]` and the predicted tags (int32).
    public let logits, predictions: Tensor
    /// Each direction's outputs `[4, 7, 8]` (zero past a sentence's length) and last state `[4, 8]`.
    public let outputForward, outputBackward, stateForward, stateBackward: Tensor
    /// The masked mean cross-entropy and the step's learning rate.
    public let loss, learningRate: Tensor
    public let globalStep: Variable
    /// One Adagrad step (also in the `train_op` collection).
    public let trainOp: Operation
    /// `tf.global_variables_initializer()`, made last.
    public let initializer: Operation

    /// Builds the model in the default graph, with the Python program's graph seed.
    public init() throws {
        Graph.current.seed = 4242
        let shape = [Self.batchSize, Self.maxLength]
        words = try placeholder(.int32, shape: Shape(shape), name: "words")
        tags = try placeholder(.int32, shape: Shape(shape), name: "tags")
        lengths = try placeholder(.int32, shape: [Self.batchSize], name: "sequence_length")
        let (words, lengths) = (self.words, self.lengths)

        let tagger = try variableScope("tagger") { _ in
            let x = try variableScope("embedding") { _ in
                let embeddings = try getVariable(
                    "embeddings", shape: [Self.vocabulary, Self.embeddingSize],
                    initializer: .randomNormal(stddev: 0.5))
                return try embeddingLookup(embeddings, ids: words)
            }
            let (outputs, states) = try bidirectionalDynamicRNN(
                GRUCell(units: Self.units), GRUCell(units: Self.units), x, sequenceLength: lengths, dtype: .float32)
            let h = try concat([outputs.forward, outputs.backward], axis: -1)
            let logits = try dense(h, units: Self.tagCount, name: "proj")
            let predictions = try argmax(logits, axis: -1, outputType: .int32, name: "predictions")
            return (outputs, states, logits, predictions)
        }
        (outputForward, outputBackward) = tagger.0
        (stateForward, stateBackward) = tagger.1
        (logits, predictions) = (tagger.2, tagger.3)

        let (tags, logits) = (self.tags, self.logits)
        loss = try nameScope("loss") { _ in
            let crossEntropy = try sparseSoftmaxCrossEntropyWithLogits(labels: tags, logits: logits)
            let mask = try sequenceMask(lengths, maxlen: Self.maxLength, dtype: .float32)
            return try divide(reduceSum(crossEntropy * mask), reduceSum(mask), name: "masked_mean")
        }

        globalStep = try getOrCreateGlobalStep()
        learningRate = try exponentialDecay(0.1, globalStep: globalStep, decaySteps: 2, decayRate: 0.9, staircase: true)
        let optimizer = try AdagradOptimizer(learningRate: .tensor(learningRate))
        let gradientsAndVariables = try optimizer.computeGradients(loss)
        let clipped = try nameScope("clip") { _ in
            try gradientsAndVariables.map { gradient, variable in
                (try gradient.map { try clipByNorm($0, clipNorm: 1.0) }, variable)
            }
        }
        trainOp = try optimizer.applyGradients(clipped, globalStep: globalStep)
        Graph.current.addToCollection("train_op", .operation(trainOp))
        initializer = try globalVariablesInitializer()
    }

    public var monitored: [(name: String, tensor: Tensor)] { [("loss", loss), ("learning_rate", learningRate)] }

    /// One Adagrad step on a batch like the program's: random words 1…29 up to each sentence's
    /// random length (1…7), padded with word 0; each word's tag is its id modulo 5, padding's 0.
    public func trainStep(_ session: Session, random: inout SeededRandom) throws -> [Float] {
        let (batch, time) = (Self.batchSize, Self.maxLength)
        let sentenceLengths = (0..<batch).map { _ in Int32.random(in: 1...Int32(time), using: &random) }
        var wordIds = [Int32](repeating: 0, count: batch * time)
        for row in 0..<batch {
            for position in 0..<Int(sentenceLengths[row]) {
                wordIds[row * time + position] = Int32.random(in: 1..<Int32(Self.vocabulary), using: &random)
            }
        }
        let feeds: [Tensor: HostTensor] = [
            words: try HostTensor(storage: .int32(wordIds), shape: [batch, time]),
            tags: try HostTensor(storage: .int32(wordIds.map { $0 % Int32(Self.tagCount) }), shape: [batch, time]),
            lengths: try HostTensor(storage: .int32(sentenceLengths), shape: [batch]),
        ]
        let values = try session.run(monitored.map(\.tensor), feeds: feeds, targets: [trainOp])
        return values.map { $0.floats?.first ?? .nan }
    }
}
