import ScopeFlow

/// The sizes of the seed RNN (Morvan Zhou's TF tutorial 5-12 "scope",
/// `../shared/bench/tf/rnn_seed.py`): TrainConfig and TestConfig.
public struct SeedRNNConfig: Sendable {
    public var batchSize = 20
    public var timeSteps = 20
    public var inputSize = 10
    public var outputSize = 2
    public var cellSize = 11
    public var learningRate = 0.01

    /// The tutorial's TrainConfig.
    public static let train = SeedRNNConfig()
    /// The tutorial's TestConfig: one time step.
    public static var test: SeedRNNConfig {
        var config = SeedRNNConfig()
        config.timeSteps = 1
        return config
    }
}

/// How the seed RNN runs its cell over time (`rnn_seed.py`'s variants).
public enum SeedRNNMode: String, Sendable {
    /// The tutorial's own code: a loop over time steps unrolled into the graph.
    case loop
    /// TF's `dynamic_rnn`: one while loop (`RNN/cell/rnn/while/…`) over the steps.
    case dynamic
}

/// The seed RNN, built line for line as the tutorial's `RNN` class: input
/// layer → `BasicLSTMCell` unrolled by a loop over time (or run by
/// ``dynamicRNN(_:_:sequenceLength:initialState:dtype:parallelIterations:swapMemory:timeMajor:scope:file:line:)-(_,_,_,_,_,_,_,_,String?,_,_)``
/// in mode `.dynamic`) → output layer, the squared error averaged over the batch
/// and summed over time, and Adam in the variable scope `trian` (sic).
///
/// Built twice in one variable scope, the second time after
/// `reuseVariables()`, the two models share every variable:
///
/// ```swift
/// let (train, test) = try variableScope("rnn") { scope in
///     let train = try SeedRNN(.train, optimize: minimize)
///     scope.reuseVariables()
///     return (train, try SeedRNN(.test, optimize: minimize))
/// }
/// // train.inputWeights.name == "rnn/input_layer/weights:0" == test.inputWeights.name
/// ```
public struct SeedRNN: Sendable {
    /// How the model's training op is made from its Adam optimizer and cost
    /// (the tutorial: `AdamOptimizer(lr).minimize(cost)`).
    public typealias Optimize = (AdamOptimizer, Tensor) throws -> Operation

    public let config: SeedRNNConfig
    /// `inputs/xs` (`[batch, time, input]`) and `inputs/ys` (`[batch, time, output]`).
    public let xs, ys: Tensor
    /// The input layer's weights (`input_layer/weights`).
    public let inputWeights: Variable
    /// The cell's zero state and its state after the last step.
    public let initialState, finalState: LSTMStateTuple
    /// `relu` of the output layer, `[batch · time, output]`.
    public let prediction: Tensor
    /// The cost per output (`cost/Sum`, shape `[output]`: the tutorial sums over time only).
    public let cost: Tensor
    /// The cost divided by the number of time steps.
    public let costAverageOverTime: Tensor
    /// The optimizer made in the `trian` scope and the op `optimize` built with it.
    public let optimizer: AdamOptimizer
    public let trainOp: Operation

    /// Builds the model in the current scopes of the default graph, its cell run as `mode` says.
    public init(_ config: SeedRNNConfig, mode: SeedRNNMode = .loop, optimize: Optimize) throws {
        self.config = config
        let (b, t, n, out, units) =
            (config.batchSize, config.timeSteps, config.inputSize, config.outputSize, config.cellSize)
        (xs, ys) = try variableScope("inputs") { _ in
            (
                try placeholder(.float32, shape: Shape(known: [b, t, n]), name: "xs"),
                try placeholder(.float32, shape: Shape(known: [b, t, out]), name: "ys")
            )
        }
        let (xs, ys) = (self.xs, self.ys)
        var built: (weights: Variable, initial: LSTMStateTuple, final: LSTMStateTuple, pred: Tensor)!
        try nameScope("RNN") { _ in
            let (weights, cellInputs) = try variableScope("input_layer") { _ in
                let flat = try reshape(xs, shape: [-1, n], name: "2_2D")
                let weights = try Self.weightVariable([n, units])
                let biases = try Self.biasVariable([units])
                let product = try nameScope("Wx_plus_b") { _ in try matmul(flat, weights) + biases }
                return (weights, try reshape(product, shape: [-1, t, units], name: "2_3D"))
            }
            let (initial, final, outputs) = try variableScope("cell") { _ in
                let cell = BasicLSTMCell(units: units)
                let initial = try nameScope("initial_state") { _ in try cell.zeroState(batchSize: b, dtype: .float32) }
                if mode == .dynamic {
                    let (outputs, final) = try dynamicRNN(cell, cellInputs, initialState: initial)
                    return (initial, final, outputs)
                }
                var state = initial
                var outputs: [Tensor] = []
                for step in 0..<t {
                    if step > 0 { reuseVariables() }
                    let result = try cell(try cellInputs[.all, .index(step), .all], state)
                    outputs.append(result.output)
                    state = result.state
                }
                return (initial, state, try concat(outputs, axis: 1))
            }
            let pred = try variableScope("output_layer") { _ in
                let reshaped = try reshape(outputs, shape: [-1, units])
                let weights = try Self.weightVariable([units, out])
                let biases = try Self.biasVariable([out])
                return try relu(matmul(reshaped, weights) + biases)
            }
            built = (weights, initial, final, pred)
        }
        (inputWeights, initialState, finalState, prediction) = (built.weights, built.initial, built.final, built.pred)
        (cost, costAverageOverTime) = try nameScope("cost") { _ in
            let pred = try reshape(built.pred, shape: [b, t, out])
            let meanSquaredError = try square(subtract(pred, ys))
            let cost = try reduceSum(reduceMean(meanSquaredError, axis: [0]), axis: [0])
            return (cost, try cost / Double(t))
        }
        let cost = self.cost
        (optimizer, trainOp) = try variableScope("trian") { _ in
            let optimizer = AdamOptimizer(learningRate: .tensor(try constant(config.learningRate)))
            return (optimizer, try optimize(optimizer, cost))
        }
    }

    /// `weights`: normal(0, 0.5) samples.
    private static func weightVariable(_ shape: Shape) throws -> Variable {
        try getVariable("weights", shape: shape, initializer: .randomNormal(mean: 0, stddev: 0.5))
    }

    /// `biases`: 0.1.
    private static func biasVariable(_ shape: Shape) throws -> Variable {
        try getVariable("biases", shape: shape, initializer: .constant(0.1))
    }
}
