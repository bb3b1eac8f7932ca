import Foundation
import Testing

@testable import ScopeFlow
import ScopeFlowExamples

/// Whole training graphs of small models compared node for node (name, type, data and
/// control inputs) with what TF 2.21 builds for the same Python (`Resources/*_graph_tf21.txt`,
/// one `name type input,input…` line per node, printed by a tf.compat.v1 script with ref
/// variables).
@Suite struct ModelGraphTests {
    /// The graph's nodes in the fixtures' format.
    static func lines(of graph: Graph) -> [String] {
        graph.graphDef().node.map { "\($0.name) \($0.op) \($0.input.joined(separator: ","))" }
            .map { $0.hasSuffix(" ") ? String($0.dropLast()) : $0 }
    }

    /// TF's nodes from the fixture `name`.
    static func tfLines(_ name: String) throws -> [String] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Resources"))
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .map { $0.hasSuffix(" ") ? String($0.dropLast()) : String($0) }
    }

    /// Expects `ours` to equal TF's fixture `fixture`, pointing at the first node that
    /// differs; on a difference ours is written beside it in the temporary directory
    /// (`<fixture>_ours.txt`) for diffing.
    static func expectSame(
        _ ours: [String], fixture: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let expected = try tfLines(fixture)
        #expect(ours.count == expected.count, sourceLocation: sourceLocation)
        let difference = zip(ours, expected).first { $0 != $1 }
        if difference != nil || ours.count != expected.count {
            let path = NSTemporaryDirectory() + fixture + "_ours.txt"
            try? ours.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(
            difference == nil, "first differing node: ours \(difference?.0 ?? "") vs TF \(difference?.1 ?? "")",
            sourceLocation: sourceLocation)
    }

    /// The seed's `my_image_filter` under `image_filters`, trained by gradient descent on
    /// `reduce_mean(square(output))`.
    @Test func imageFilterTrainingGraphEqualsTensorFlows() throws {
        let graph = Graph()
        try graph.asDefault {
            let images = try placeholder(.float32, shape: [2, 8, 8, 3], name: "images")
            let output = try variableScope("image_filters") { _ in try ImageFilter.apply(images, channels: 4) }
            try GradientDescentOptimizer(learningRate: 0.01).minimize(reduceMean(square(output)))
        }
        try Self.expectSame(Self.lines(of: graph), fixture: "image_filter_graph_tf21")
    }

    /// `tf.layers.dense` twice (relu, then logits), `reduce_mean` of
    /// `softmax_cross_entropy_with_logits_v2`, `AdamOptimizer(0.001).minimize`.
    @Test func denseAdamTrainingGraphEqualsTensorFlows() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.float32, shape: [8, 5], name: "x")
            let labels = try placeholder(.float32, shape: [8, 3], name: "labels")
            let hidden = try dense(x, units: 4, activation: .relu)
            let logits = try dense(hidden, units: 3)
            let loss = try reduceMean(softmaxCrossEntropyWithLogits(labels: labels, logits: logits))
            try AdamOptimizer(learningRate: 0.001).minimize(loss)
        }
        try Self.expectSame(Self.lines(of: graph), fixture: "dense_adam_graph_tf21")
    }

    /// `tf.layers.conv2d` (relu, same padding), `max_pooling2d`, a reshape and `dense`, the mean
    /// of `sparse_softmax_cross_entropy_with_logits`, `MomentumOptimizer(0.01, 0.9).minimize`.
    @Test func cnnMomentumTrainingGraphEqualsTensorFlows() throws {
        let graph = Graph()
        try graph.asDefault {
            let images = try placeholder(.float32, shape: [4, 8, 8, 1], name: "images")
            let labels = try placeholder(.int32, shape: [4], name: "labels")
            let conv = try conv2dLayer(images, filters: 2, kernelSize: [3, 3], padding: "same", activation: .relu)
            let pool = try maxPooling2d(conv, poolSize: [2, 2], strides: [2, 2])
            let logits = try dense(reshape(pool, shape: [4, 32]), units: 3)
            let loss = try reduceMean(sparseSoftmaxCrossEntropyWithLogits(labels: labels, logits: logits))
            try MomentumOptimizer(learningRate: 0.01, momentum: 0.9).minimize(loss)
        }
        try Self.expectSame(Self.lines(of: graph), fixture: "cnn_momentum_graph_tf21")
    }

    /// `dense` (tanh), seeded training `dropout`, `dense`; the mean sigmoid cross-entropy plus
    /// `0.01 * l2_loss` of the first kernel (fetched again with `reuse=True`);
    /// `RMSPropOptimizer(0.01).minimize`.
    @Test func dropoutRMSPropTrainingGraphEqualsTensorFlows() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.float32, shape: [6, 4], name: "x")
            let y = try placeholder(.float32, shape: [6, 2], name: "y")
            let hidden = try dropout(dense(x, units: 5, activation: .tanh), rate: 0.3, seed: 7, training: true)
            let logits = try dense(hidden, units: 2)
            let kernel = try variableScope("dense", reuse: .reuse) { _ in try getVariable("kernel") }
            let loss = try reduceMean(sigmoidCrossEntropyWithLogits(labels: y, logits: logits)) + 0.01 * l2Loss(kernel)
            try RMSPropOptimizer(learningRate: 0.01).minimize(loss)
        }
        try Self.expectSame(Self.lines(of: graph), fixture: "dropout_rmsprop_graph_tf21")
    }

    /// Ten broadcasting binary ops of `x [3, 4]` with `b [4]` or a scalar `s`, summed, and
    /// `tf.gradients` of the sum with respect to `x`, `b` and `s`.
    @Test func broadcastingGradientsEqualTensorFlows() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.float32, shape: [3, 4], name: "x")
            let b = try getVariable("b", shape: [4], initializer: .ones)
            let s = try getVariable("s", shape: [], initializer: .ones)
            var terms: [Tensor] = [try x + b, try x - b, try x * b, try divide(x, b)]
            terms += [try divNoNan(x, b), try maximum(x, b), try minimum(x, s), try squaredDifference(x, b)]
            let shifted: Tensor = try abs(x) + 1.0
            terms.append(try pow(shifted, s))
            let positive = try nameScope(nil, defaultName: "Greater") { scope in
                try greater(x, constant(HostTensor(scalar: 0.0), dtype: .float32, name: "y"), name: scope)
            }
            terms.append(try whereV2(positive, x, b))
            let loss = try addN(terms.map { try reduceSum($0) })
            _ = try gradients([loss], [x, b, s])
        }
        try Self.expectSame(Self.lines(of: graph), fixture: "broadcast_grads_graph_tf21")
    }

    /// An unknown batch size: `x [None, 5]`, `dense` plus a broadcast offset, the mean
    /// softmax cross-entropy, `GradientDescentOptimizer(0.1).minimize`.
    @Test func dynamicBatchTrainingGraphEqualsTensorFlows() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.float32, shape: [nil, 5], name: "x")
            let labels = try placeholder(.float32, shape: [nil, 3], name: "labels")
            let offset = try getVariable("offset", shape: [3], initializer: .zeros)
            let logits = try dense(x, units: 3) + offset
            let loss = try reduceMean(softmaxCrossEntropyWithLogits(labels: labels, logits: logits))
            try GradientDescentOptimizer(learningRate: 0.1).minimize(loss)
        }
        try Self.expectSame(Self.lines(of: graph), fixture: "dynamic_batch_graph_tf21")
    }

    /// `tf.nn.static_rnn` over a `BasicRNNCell` (scope `rnn1`) then a `BasicLSTMCell` (scope
    /// `lstm`) on unstacked inputs, the mean squared error of the last output, Adam.
    @Test func staticRNNTrainingGraphEqualsTensorFlows() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.float32, shape: [4, 3, 2], name: "x")
            let y = try placeholder(.float32, shape: [4, 5], name: "y")
            let steps = try unstack(x, axis: 1)
            let first = try variableScope("rnn1") { _ in
                try staticRNN(BasicRNNCell(units: 5), steps, dtype: .float32).outputs
            }
            let second = try variableScope("lstm") { _ in
                try staticRNN(BasicLSTMCell(units: 5), first, dtype: .float32).outputs
            }
            let loss = try reduceMean(square(second[second.count - 1] - y))
            try AdamOptimizer(learningRate: 0.01).minimize(loss)
        }
        try Self.expectSame(Self.lines(of: graph), fixture: "static_rnn_graph_tf21")
    }
}
