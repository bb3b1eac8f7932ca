import Testing

@testable import ScopeFlow

/// The whole `tf.losses.mean_squared_error(labels, predictions, weights=w)` graph, data and
/// control inputs alike, as TF 2.21 builds it (labels, predictions `[4, 3]`, w `[4, 1]`).
@Suite struct LossGraphTests {
    static let tfNodes: [(name: String, inputs: String)] = [
        ("labels", ""),
        ("predictions", ""),
        ("w", ""),
        ("mean_squared_error/SquaredDifference", "predictions,labels"),
        ("mean_squared_error/assert_broadcastable/weights/shape", ""),
        ("mean_squared_error/assert_broadcastable/weights/rank", ""),
        ("mean_squared_error/assert_broadcastable/values/shape", ""),
        ("mean_squared_error/assert_broadcastable/values/rank", ""),
        ("mean_squared_error/assert_broadcastable/static_dims_check_success", ""),
        ("mean_squared_error/Mul", "mean_squared_error/SquaredDifference,w,^mean_squared_error/assert_broadcastable/static_dims_check_success"),
        ("mean_squared_error/Const", "^mean_squared_error/assert_broadcastable/static_dims_check_success"),
        ("mean_squared_error/Sum", "mean_squared_error/Mul,mean_squared_error/Const"),
        ("mean_squared_error/num_present/Equal/y", "^mean_squared_error/assert_broadcastable/static_dims_check_success"),
        ("mean_squared_error/num_present/Equal", "w,mean_squared_error/num_present/Equal/y"),
        ("mean_squared_error/num_present/zeros_like", "^mean_squared_error/assert_broadcastable/static_dims_check_success"),
        ("mean_squared_error/num_present/ones_like/Shape/shape_as_tensor", "^mean_squared_error/assert_broadcastable/static_dims_check_success"),
        ("mean_squared_error/num_present/ones_like/Const", "^mean_squared_error/assert_broadcastable/static_dims_check_success"),
        ("mean_squared_error/num_present/ones_like", "mean_squared_error/num_present/ones_like/Shape/shape_as_tensor,mean_squared_error/num_present/ones_like/Const"),
        ("mean_squared_error/num_present/Select", "mean_squared_error/num_present/Equal,mean_squared_error/num_present/zeros_like,mean_squared_error/num_present/ones_like"),
        ("mean_squared_error/num_present/broadcast_weights/assert_broadcastable/weights/shape", "^mean_squared_error/assert_broadcastable/static_dims_check_success"),
        ("mean_squared_error/num_present/broadcast_weights/assert_broadcastable/weights/rank", "^mean_squared_error/assert_broadcastable/static_dims_check_success"),
        ("mean_squared_error/num_present/broadcast_weights/assert_broadcastable/values/shape", "^mean_squared_error/assert_broadcastable/static_dims_check_success"),
        ("mean_squared_error/num_present/broadcast_weights/assert_broadcastable/values/rank", "^mean_squared_error/assert_broadcastable/static_dims_check_success"),
        ("mean_squared_error/num_present/broadcast_weights/assert_broadcastable/static_dims_check_success", "^mean_squared_error/assert_broadcastable/static_dims_check_success"),
        ("mean_squared_error/num_present/broadcast_weights/ones_like/Shape/shape_as_tensor", "^mean_squared_error/assert_broadcastable/static_dims_check_success,^mean_squared_error/num_present/broadcast_weights/assert_broadcastable/static_dims_check_success"),
        ("mean_squared_error/num_present/broadcast_weights/ones_like/Const", "^mean_squared_error/assert_broadcastable/static_dims_check_success,^mean_squared_error/num_present/broadcast_weights/assert_broadcastable/static_dims_check_success"),
        ("mean_squared_error/num_present/broadcast_weights/ones_like", "mean_squared_error/num_present/broadcast_weights/ones_like/Shape/shape_as_tensor,mean_squared_error/num_present/broadcast_weights/ones_like/Const"),
        ("mean_squared_error/num_present/broadcast_weights", "mean_squared_error/num_present/Select,mean_squared_error/num_present/broadcast_weights/ones_like"),
        ("mean_squared_error/num_present/Const", "^mean_squared_error/assert_broadcastable/static_dims_check_success"),
        ("mean_squared_error/num_present", "mean_squared_error/num_present/broadcast_weights,mean_squared_error/num_present/Const"),
        ("mean_squared_error/Rank", "^mean_squared_error/assert_broadcastable/static_dims_check_success"),
        ("mean_squared_error/range/start", "^mean_squared_error/assert_broadcastable/static_dims_check_success"),
        ("mean_squared_error/range/delta", "^mean_squared_error/assert_broadcastable/static_dims_check_success"),
        ("mean_squared_error/range", "mean_squared_error/range/start,mean_squared_error/Rank,mean_squared_error/range/delta"),
        ("mean_squared_error/Sum_1", "mean_squared_error/Sum,mean_squared_error/range"),
        ("mean_squared_error/value", "mean_squared_error/Sum_1,mean_squared_error/num_present"),
    ]

    @Test func weightedMeanSquaredErrorHasTFsNodesAndEdges() throws {
        let graph = Graph()
        try graph.asDefault {
            let labels = try placeholder(.float32, shape: [4, 3], name: "labels")
            let predictions = try placeholder(.float32, shape: [4, 3], name: "predictions")
            let w = try placeholder(.float32, shape: [4, 1], name: "w")
            _ = try meanSquaredError(labels: labels, predictions: predictions, weights: w)
        }
        let ours = graph.graphDef().node.map { ($0.name, $0.input.joined(separator: ",")) }
        #expect(ours.map(\.0) == Self.tfNodes.map(\.name))
        for (node, expected) in zip(ours, Self.tfNodes) {
            #expect(node.1 == expected.inputs, "inputs of \(node.0)")
        }
    }
}
