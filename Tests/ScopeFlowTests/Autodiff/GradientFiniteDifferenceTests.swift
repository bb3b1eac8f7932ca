import Testing
@testable import ScopeFlow

/// Symbolic gradients against central finite differences in float64.
@Suite struct GradientFiniteDifferenceTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let shapes: [[Int]]
        /// Inputs in [0.5, 1.5] instead of ±[0.2, 1.5] (for log, sqrt, pow …).
        var positive = false
        let build: @Sendable ([Tensor]) throws -> Tensor
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "add broadcast", shapes: [[2, 3], [3]]) { try add($0[0], $0[1]) },
        Case(name: "sub broadcast", shapes: [[2, 1], [1, 3]]) { try subtract($0[0], $0[1]) },
        Case(name: "mul broadcast", shapes: [[2, 3], [2, 1]]) { try multiply($0[0], $0[1]) },
        Case(name: "divide", shapes: [[2, 3], [3]]) { try divide($0[0], $0[1]) },
        Case(name: "pow", shapes: [[2, 3], [2, 3]], positive: true) { try pow($0[0], $0[1]) },
        Case(name: "squared difference", shapes: [[2, 3], [3]]) { try squaredDifference($0[0], $0[1]) },
        Case(name: "tanh sigmoid", shapes: [[5]]) { try tanh(sigmoid($0[0])) },
        Case(name: "exp log sqrt rsqrt", shapes: [[4]], positive: true) { try add(exp(log($0[0])), sqrt(rsqrt($0[0]))) },
        Case(name: "softplus elu selu", shapes: [[6]]) { try add(softplus($0[0]), multiply(elu($0[0]), selu($0[0]))) },
        Case(name: "leaky relu square", shapes: [[6]]) { try square(leakyRelu($0[0])) },
        Case(name: "matmul", shapes: [[2, 3], [3, 4]]) { try matmul($0[0], $0[1]) },
        Case(name: "matmul transposed", shapes: [[3, 2], [4, 3]]) { try matmul($0[0], $0[1], transposeA: true, transposeB: true) },
        Case(name: "batch matmul broadcast", shapes: [[2, 2, 3], [3, 2]]) { try matmul($0[0], $0[1]) },
        Case(name: "softmax log softmax", shapes: [[2, 4]]) { try add(softmax($0[0]), logSoftmax($0[0])) },
        Case(name: "softmax cross entropy", shapes: [[3, 4], [3, 4]]) {
            try softmaxCrossEntropyWithLogits(labels: softmax($0[0]), logits: $0[1])
        },
        Case(name: "mean prod max", shapes: [[2, 3, 2]], positive: true) {
            try add(reduceMean($0[0], axis: [1]), multiply(reduceProd($0[0], axis: [1]), reduceMax($0[0], axis: [1])))
        },
        Case(name: "l2 loss", shapes: [[3, 2]]) { try l2Loss($0[0]) },
        Case(name: "bias add", shapes: [[2, 3, 4], [4]]) { try biasAdd($0[0], $0[1]) },
        Case(name: "conv2d same strided", shapes: [[1, 5, 5, 2], [3, 3, 2, 3]]) {
            try conv2d($0[0], filter: $0[1], strides: [1, 2, 2, 1], padding: "SAME")
        },
        // TF 2.21's CPU (oneDNN) kernels drop the dilations from the depthwise gradients, so the
        // dilated cases are checked here rather than against TF's recorded gradients.
        Case(name: "depthwise conv2d native dilated", shapes: [[1, 6, 5, 2], [2, 3, 2, 2]]) {
            try depthwiseConv2dNative(
                $0[0], filter: $0[1], strides: [1, 1, 1, 1], padding: "SAME", dilations: [1, 2, 2, 1])
        },
        Case(name: "depthwise conv2d native dilated valid", shapes: [[2, 6, 7, 3], [2, 2, 3, 1]]) {
            try depthwiseConv2dNative(
                $0[0], filter: $0[1], strides: [1, 1, 1, 1], padding: "VALID", dilations: [1, 2, 3, 1])
        },
        Case(name: "separable conv2d strided", shapes: [[1, 5, 5, 2], [3, 3, 2, 2], [1, 1, 4, 3]]) {
            try separableConv2d(
                $0[0], depthwiseFilter: $0[1], pointwiseFilter: $0[2], strides: [1, 2, 2, 1], padding: "SAME")
        },
        Case(name: "avg pool / max pool", shapes: [[1, 4, 4, 2]]) {
            try add(
                avgPool($0[0], ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: "VALID"),
                maxPool($0[0], ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: "VALID"))
        },
        Case(name: "transpose concat", shapes: [[2, 3], [3, 2]]) { try concat([transpose($0[0]), $0[1]], axis: 1) },
        Case(name: "gather strided slice", shapes: [[4, 3]]) {
            try gather($0[0][.range(nil, nil, step: -1), .range(1, nil)], indices: constant([Int32(0), 2, 0]))
        },
        Case(name: "tile pad slice", shapes: [[2, 3]]) {
            try pad(slice(tile($0[0], multiples: [2, 1]), begin: [1, 0], size: [2, 2]), paddings: [[1, 0], [0, 2]])
        },
        Case(name: "stack unstack split", shapes: [[4, 2]]) {
            let parts = try split($0[0], numSplits: 2, axis: 0)
            return try stack(unstack(multiply(parts[0], parts[1]), axis: 0) + unstack($0[0], axis: 0).suffix(2), axis: 1)
        },
    ]

    @Test(arguments: cases)
    func matchesCentralDifferences(_ c: Case) throws {
        let graph = Graph()
        try graph.asDefault {
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            func next() -> Double {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Double(state >> 11) / Double(1 << 53)
            }
            let inputs = try c.shapes.enumerated().map { i, s in try placeholder(.float64, shape: Shape(known: s), name: "x\(i)") }
            var values = c.shapes.map { s in
                (0..<s.reduce(1, *)).map { _ in
                    let u = next()
                    return c.positive ? 0.5 + u : (u < 0.5 ? -1.5 + 2.6 * u : 2.6 * u - 1.1)
                }
            }
            let output = try c.build(inputs)
            let weights = try constant(HostTensor((0..<(output.shape.elementCount ?? 0)).map { _ in next() - 0.5 }, shape: output.shape.knownDims ?? []))
            let loss = try reduceSum(multiply(output, weights))
            let grads = try gradients(loss, inputs)
            let session = Session(graph: graph)
            func feeds() throws -> [Tensor: HostTensor] {
                try Dictionary(uniqueKeysWithValues: zip(inputs, zip(values, c.shapes).map { try HostTensor($0, shape: $1) }))
            }
            let h = 1e-6
            for (i, gradient) in grads.enumerated() {
                let symbolic = try #require(gradient, "\(c.name): no gradient for x\(i)")
                let analytic = try #require(session.run(symbolic, feeds: feeds()).doubles)
                for k in values[i].indices {
                    let saved = values[i][k]
                    values[i][k] = saved + h
                    let up = try #require(session.run(loss, feeds: feeds()).doubles?[0])
                    values[i][k] = saved - h
                    let down = try #require(session.run(loss, feeds: feeds()).doubles?[0])
                    values[i][k] = saved
                    let numeric = (up - down) / (2 * h)
                    #expect(Swift.abs(analytic[k] - numeric) <= 1e-6 * Swift.max(1, Swift.abs(numeric)),
                            "\(c.name): d/dx\(i)[\(k)] analytic \(analytic[k]) vs numeric \(numeric)")
                }
            }
        }
    }
}
