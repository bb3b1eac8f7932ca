import ScopeFlow

/// The TF1 PTB word-level language model of `shared/models/ptb_lstm.py` (the tutorial's
/// `ptb_word_lm.py`, "small" config shrunk), written with ScopeFlow's API as the Python program
/// writes it: its graph is TF 2.21's node for node.
///
/// Vocabulary 50, embedding = hidden = 16, two LSTM layers, 6 steps, batch 4. The training model
/// is built under the name scope `Train` and the variable scope `Model` (initializer uniform in
/// ±0.1), a validation model (batch 2, 3 steps, no dropout) under `Valid` sharing its variables.
/// Loss: the summed per-token cross-entropy over the batch size; gradients clipped to a global
/// norm of 5; plain gradient descent with a learning-rate variable set through an assign.
///
/// The embedding is placed on `/cpu:0` as the program places it (`tf.device`): ScopeFlow runs every
/// op on its CPU, but the device decides how the update and initializer ops are grouped.
public struct PTBLSTM: PortedModel {
    public static let modelName = "ptb_lstm"

    /// The vocabulary size.
    public static let vocabularySize = 50
    /// The embedding size and the LSTMs' units.
    public static let hiddenSize = 16
    /// The LSTM layers.
    public static let layers = 2
    /// The probability dropout keeps a value (training model only).
    public static let keepProbability = 0.9

    /// One `PTBModel` of the program: its fed tensors, its outputs and, for the training model,
    /// what trains it.
    public struct Model {
        /// The fed `[batch, steps]` word ids and their next words.
        public let inputData, targets: Tensor
        /// The LSTMs' zero state (c and h of each layer), fed with the last final state to continue a stream.
        public let initialState: [LSTMStateTuple]
        /// The `[batch, steps, vocabulary]` logits and the cost.
        public let logits, cost: Tensor
        /// The LSTMs' state after the last step.
        public let finalState: [LSTMStateTuple]
        /// The learning-rate variable, its placeholder and the assign between them (training model).
        public let learningRate: Variable?
        public let newLearningRate, learningRateUpdate: Tensor?
        /// The gradients' global norm before clipping (training model).
        public let globalNorm: Tensor?
        /// One gradient-descent step (training model).
        public let trainOp: Operation?
    }

    /// The training model (`Train/Model/…`) and the validation model (`Valid/Model/…`).
    public let train, valid: Model
    /// `tf.global_variables_initializer()`, made last.
    public let initializer: Operation

    /// Builds both models in the default graph, with the program's graph seed.
    public init() throws {
        Graph.current.seed = 99
        let initializer = Initializer.randomUniform(minval: -0.1, maxval: 0.1)
        train = try nameScope("Train") { _ in
            try variableScope("Model", initializer: initializer) { _ in
                try Self.model(
                    cells: {
                        try (0..<Self.layers).map {
                            try DropoutWrapper(
                                LSTMCell(units: Self.hiddenSize, forgetBias: 0),
                                outputKeepProbability: Self.keepProbability, seed: 17 + $0)
                        }
                    }, training: true, batchSize: 4, numSteps: 6)
            }
        }
        valid = try nameScope("Valid") { _ in
            try variableScope("Model", reuse: .reuse, initializer: initializer) { _ in
                try Self.model(
                    cells: { (0..<Self.layers).map { _ in LSTMCell(units: Self.hiddenSize, forgetBias: 0) } },
                    training: false, batchSize: 2, numSteps: 3)
            }
        }
        if let trainOp = train.trainOp { Graph.current.addToCollection("train_op", .operation(trainOp)) }
        self.initializer = try globalVariablesInitializer()
    }

    /// The program's `PTBModel.__init__` for a stack of `cells`.
    private static func model<Cell: RNNCell>(cells: () throws -> [Cell], training: Bool, batchSize: Int, numSteps: Int)
        throws -> Model where Cell.State == LSTMStateTuple
    {
        let inputData = try placeholder(.int32, shape: [batchSize, numSteps], name: "input_data")
        let targets = try placeholder(.int32, shape: [batchSize, numSteps], name: "targets")
        let cell = try MultiRNNCell(cells())
        let initialState = try cell.zeroState(batchSize: batchSize, dtype: .float32)

        var inputs = try device("/cpu:0") {
            let embedding = try getVariable("embedding", shape: [vocabularySize, hiddenSize], dtype: .float32)
            return try embeddingLookup(embedding, ids: inputData)
        }
        if training { inputs = try nnDropout(inputs, rate: 1 - keepProbability, seed: 5) }

        let (outputs, state) = try dynamicRNN(cell, inputs, initialState: initialState)
        let output = try reshape(outputs, shape: [-1, hiddenSize])
        let softmaxW = try getVariable("softmax_w", shape: [hiddenSize, vocabularySize], dtype: .float32)
        let softmaxB = try getVariable("softmax_b", shape: [vocabularySize], dtype: .float32)
        let flatLogits = try xwPlusB(output, weights: softmaxW, biases: softmaxB)
        let logits = try reshape(flatLogits, shape: [batchSize, numSteps, vocabularySize], name: "logits")
        let loss = try sparseSoftmaxCrossEntropyWithLogits(labels: reshape(targets, shape: [-1]), logits: flatLogits)
        let cost = try div(reduceSum(loss), Double(batchSize), name: "cost")
        guard training else {
            return Model(
                inputData: inputData, targets: targets, initialState: initialState, logits: logits, cost: cost,
                finalState: state, learningRate: nil, newLearningRate: nil, learningRateUpdate: nil, globalNorm: nil,
                trainOp: nil)
        }

        let learningRate = try Variable(0.0, name: "lr", trainable: false)
        let variables = try trainableVariables()
        let (grads, globalNorm) = try clipByGlobalNorm(gradientValues([cost], variables), clipNorm: 5)
        let optimizer = GradientDescentOptimizer(learningRate: .tensor(learningRate.tensor))
        let trainOp = try optimizer.applyGradients(Array(zip(grads, variables)), globalStep: getOrCreateGlobalStep())
        let newLearningRate = try placeholder(.float32, shape: [], name: "new_learning_rate")
        let learningRateUpdate = try assign(learningRate, newLearningRate)
        return Model(
            inputData: inputData, targets: targets, initialState: initialState, logits: logits, cost: cost,
            finalState: state, learningRate: learningRate, newLearningRate: newLearningRate,
            learningRateUpdate: learningRateUpdate, globalNorm: globalNorm, trainOp: trainOp)
    }

    public var monitored: [(name: String, tensor: Tensor)] {
        [("cost", train.cost)] + (train.globalNorm.map { [("global_norm", $0)] } ?? [])
    }

    /// One training step on random word ids (targets: the ids shifted by one, as the program's
    /// producer makes them), from the zero state, after setting the learning rate to 1 as the
    /// program's first epoch does.
    public func trainStep(_ session: Session, random: inout SeededRandom) throws -> [Float] {
        guard let trainOp = train.trainOp, let newLearningRate = train.newLearningRate,
            let update = train.learningRateUpdate
        else { return [] }
        _ = try session.run([update], feeds: [newLearningRate: HostTensor(scalar: Float(1))])
        let (batch, steps) = (4, 6)
        let stream = (0...batch * steps).map { _ in Int32.random(in: 0..<Int32(Self.vocabularySize), using: &random) }
        let feeds: [Tensor: HostTensor] = [
            train.inputData: try HostTensor(storage: .int32(Array(stream.dropLast())), shape: [batch, steps]),
            train.targets: try HostTensor(storage: .int32(Array(stream.dropFirst())), shape: [batch, steps]),
        ]
        let values = try session.run(monitored.map(\.tensor), feeds: feeds, targets: [trainOp])
        return values.map { $0.floats?.first ?? .nan }
    }
}
