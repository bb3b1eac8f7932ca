import ScopeFlow

/// A Swift port of one of the recorded TF1 programs of `shared/models/`: it builds TF's training
/// graph node for node in the default graph, and trains on synthetic batches like the program's.
public protocol PortedModel {
    /// The program's name, which is also its folder in `shared/models/` (`mnist_cnn`).
    static var modelName: String { get }
    /// Builds the model's training graph in the default graph, as the Python program does.
    init() throws
    /// `tf.global_variables_initializer()`, the graph's last node.
    var initializer: Operation { get }
    /// The values worth watching while training (`loss`), as scalar tensors.
    var monitored: [(name: String, tensor: Tensor)] { get }
    /// Runs one training step (one `Session.run`, or the program's alternation) on a batch drawn
    /// from `random`; returns the monitored values of that step.
    func trainStep(_ session: Session, random: inout SeededRandom) throws -> [Float]
}

extension SeededRandom {
    /// `count` multiples of `1 / denominator` in `[low, high]`, as the programs quantize their
    /// data (`randint(low·d, high·d + 1) / d`).
    public mutating func quantized(_ shape: [Int], low: Int, high: Int, denominator: Int) throws -> HostTensor {
        try HostTensor(
            (0..<shape.reduce(1, *)).map { _ in Float(Int.random(in: low...high, using: &self)) / Float(denominator) },
            shape: shape)
    }

    /// Integer class labels in `0..<classes`.
    public mutating func labels(_ count: Int, classes: Int) throws -> HostTensor {
        try HostTensor(
            storage: .int32((0..<count).map { _ in Int32.random(in: 0..<Int32(classes), using: &self) }),
            shape: [count])
    }
}
