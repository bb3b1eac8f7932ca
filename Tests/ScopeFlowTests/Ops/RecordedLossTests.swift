import Foundation
import Testing

@testable import ScopeFlow

/// The `tf.losses` functions recorded from TF 2.21 (`Resources/losses_more.json`, recorded by
/// `Scripts/tf-verify/record_losses.py`): absolute difference, hinge, Huber, log and cosine
/// losses and the cross-entropies with label smoothing, each built on placeholders `labels`,
/// `predictions`, `w` and compared node for node (name, op, inputs, scalar constants), in value
/// under every reduction, and in its gradient with respect to the predictions.
@Suite struct RecordedLossTests {
    struct Recorded: Decodable {
        struct Node: Decodable {
            let name, op: String
            let inputs: [String]
            let value: [Double]?
        }
        struct Options: Decodable {
            let delta, epsilon, label_smoothing: Double?
            let axis: Int?
        }
        struct Case: Decodable {
            let id, kind, loss_name: String
            let options: Options
            let labels, predictions, weights: [Double]
            let weights_shape: [Int]
            let value: [String: [Double]]
            let gradient: [Double]
            let nodes: [Node]
            let losses_collection: [String]
        }
        let cases: [Case]
    }

    static let recorded: Recorded = {
        let url = Bundle.module.url(forResource: "losses_more", withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(Recorded.self, from: Data(contentsOf: url))
    }()

    /// The recorded case's loss on the placeholders, as the script calls TF.
    private static func build(
        _ recorded: Recorded.Case, _ labels: Tensor, _ predictions: Tensor, _ w: Tensor, _ reduction: Reduction
    ) throws -> Tensor {
        let options = recorded.options
        switch recorded.kind {
        case "absolute_difference":
            return try absoluteDifference(labels: labels, predictions: predictions, weights: w, reduction: reduction)
        case "hinge_loss": return try hingeLoss(labels: labels, logits: predictions, weights: w, reduction: reduction)
        case "huber_loss":
            return try huberLoss(
                labels: labels, predictions: predictions, weights: w, delta: options.delta ?? 1, reduction: reduction)
        case "log_loss":
            return try logLoss(
                labels: labels, predictions: predictions, weights: w, epsilon: options.epsilon ?? 1e-7,
                reduction: reduction)
        case "cosine_distance":
            return try cosineDistance(
                labels: labels, predictions: predictions, axis: options.axis!, weights: w, reduction: reduction)
        case "sigmoid_cross_entropy":
            return try sigmoidCrossEntropy(
                multiClassLabels: labels, logits: predictions, weights: w, labelSmoothing: options.label_smoothing ?? 0,
                reduction: reduction)
        case "softmax_cross_entropy":
            return try softmaxCrossEntropy(
                onehotLabels: labels, logits: predictions, weights: w, labelSmoothing: options.label_smoothing ?? 0,
                reduction: reduction)
        default: throw ScopeFlowError(.unimplemented, "no builder for \(recorded.kind)")
        }
    }

    private static func graph(_ recorded: Recorded.Case, _ reduction: Reduction) throws -> (
        Graph, loss: Tensor, feeds: [Tensor: HostTensor], predictions: Tensor
    ) {
        let graph = Graph()
        let (labels, predictions, w, loss) = try graph.asDefault {
            let labels = try placeholder(.float32, shape: [3, 4], name: "labels")
            let predictions = try placeholder(.float32, shape: [3, 4], name: "predictions")
            let w = try placeholder(.float32, shape: Shape(known: recorded.weights_shape), name: "w")
            return (labels, predictions, w, try build(recorded, labels, predictions, w, reduction))
        }
        let feeds: [Tensor: HostTensor] = [
            labels: try HostTensor(recorded.labels.map { Float($0) }, shape: [3, 4]),
            predictions: try HostTensor(recorded.predictions.map { Float($0) }, shape: [3, 4]),
            w: try HostTensor(recorded.weights.map { Float($0) }, shape: recorded.weights_shape),
        ]
        return (graph, loss, feeds, predictions)
    }

    @Test(arguments: recorded.cases.map(\.id))
    func buildsTensorFlowsNodes(_ id: String) throws {
        let recorded = try #require(Self.recorded.cases.first { $0.id == id })
        let (graph, loss, _, _) = try Self.graph(recorded, .sumByNonzeroWeights)
        #expect(loss.name == recorded.loss_name)
        #expect(try graph.collection(GraphKeys.losses).map(\.name) == recorded.losses_collection)
        let ours = graph.graphDef().node
        #expect(ours.map(\.name) == recorded.nodes.map(\.name))
        for (node, expected) in zip(ours, recorded.nodes) {
            #expect(node.op == expected.op, "op of \(node.name)")
            #expect(node.input == expected.inputs, "inputs of \(node.name)")
            if let value = expected.value, expected.op == "Const", value.count == 1,
                let ourValue = try HostTensor(proto: node.attr["value"]!.tensor, context: node.name).converted(
                    to: .float64
                ).doubles
            {
                #expect(ourValue.map { Float($0) } == value.map { Float($0) }, "value of \(node.name)")
            }
        }
    }

    @Test(arguments: recorded.cases.map(\.id))
    func valuesAndGradientMatchTensorFlow(_ id: String) throws {
        let recorded = try #require(Self.recorded.cases.first { $0.id == id })
        for reduction in Reduction.allCases {
            let (graph, loss, feeds, predictions) = try Self.graph(recorded, reduction)
            let session = Session(graph: graph)
            let value = try #require(try session.run(loss, feeds: feeds).floats)
            let expected = try #require(recorded.value[reduction.rawValue])
            #expect(value.count == expected.count)
            for (ours, theirs) in zip(value, expected) {
                #expect(abs(Double(ours) - theirs) <= 2e-6 * max(1, abs(theirs)), "\(reduction) value")
            }
            guard reduction == .sumByNonzeroWeights else { continue }
            let gradient = try graph.asDefault { try gradients(loss, [predictions])[0]! }
            let ourGradient = try #require(try session.run(gradient, feeds: feeds).floats)
            for (ours, theirs) in zip(ourGradient, recorded.gradient) {
                #expect(abs(Double(ours) - theirs) <= 2e-6 * max(1, abs(theirs)), "gradient")
            }
        }
    }

    @Test func badOptionsAreClearErrors() throws {
        try Graph().asDefault {
            let labels = try placeholder(.float32, shape: [2, 3], name: "labels")
            let predictions = try placeholder(.float32, shape: [2, 3], name: "predictions")
            let axisError = #expect(throws: ScopeFlowError.self) {
                try cosineDistance(labels: labels, predictions: predictions, axis: 2)
            }
            #expect(axisError?.code == .invalidArgument)
            #expect(throws: ScopeFlowError.self) {
                try huberLoss(labels: labels, predictions: predictions, delta: .nan)
            }
            #expect(throws: ScopeFlowError.self) {
                try softmaxCrossEntropy(onehotLabels: labels, logits: predictions, labelSmoothing: .infinity)
            }
            let shapeError = #expect(throws: ScopeFlowError.self) {
                try hingeLoss(labels: labels, logits: placeholder(.float32, shape: [3, 2]))
            }
            #expect(shapeError?.code == .shapeMismatch)
        }
    }
}
