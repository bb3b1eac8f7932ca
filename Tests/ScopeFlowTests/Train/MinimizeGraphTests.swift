import Testing

@testable import ScopeFlow

/// `GradientDescentOptimizer(0.1).minimize(loss)` on a one-layer model, compared node by node
/// (name, type, data and control inputs) with the graph TF 2.21 builds: gradients gated per op
/// (`tuple/group_deps`, `tuple/control_dependency`), `Square`'s gradient waiting for its
/// incoming gradient, control inputs listed by name.
@Suite struct MinimizeGraphTests {
    static let tfNodes: [(name: String, type: String, inputs: String)] = [
        ("x", "Placeholder", ""),
        ("w/Initializer/zeros", "Const", ""),
        ("w", "VariableV2", ""),
        ("w/Assign", "Assign", "w,w/Initializer/zeros"),
        ("w/read", "Identity", "w"),
        ("b/Initializer/zeros", "Const", ""),
        ("b", "VariableV2", ""),
        ("b/Assign", "Assign", "b,b/Initializer/zeros"),
        ("b/read", "Identity", "b"),
        ("MatMul", "MatMul", "x,w/read"),
        ("add", "AddV2", "MatMul,b/read"),
        ("Relu", "Relu", "add"),
        ("Square", "Square", "Relu"),
        ("Const", "Const", ""),
        ("Mean", "Mean", "Square,Const"),
        ("gradients/Shape", "Const", ""),
        ("gradients/grad_ys_0/Const", "Const", ""),
        ("gradients/grad_ys_0", "Fill", "gradients/Shape,gradients/grad_ys_0/Const"),
        ("gradients/Mean_grad/Reshape/shape", "Const", ""),
        ("gradients/Mean_grad/Reshape", "Reshape", "gradients/grad_ys_0,gradients/Mean_grad/Reshape/shape"),
        ("gradients/Mean_grad/Const", "Const", ""),
        ("gradients/Mean_grad/Tile", "Tile", "gradients/Mean_grad/Reshape,gradients/Mean_grad/Const"),
        ("gradients/Mean_grad/Const_1", "Const", ""),
        ("gradients/Mean_grad/truediv", "RealDiv", "gradients/Mean_grad/Tile,gradients/Mean_grad/Const_1"),
        ("gradients/Square_grad/Const", "Const", "^gradients/Mean_grad/truediv"),
        ("gradients/Square_grad/Mul", "Mul", "Relu,gradients/Square_grad/Const"),
        ("gradients/Square_grad/Mul_1", "Mul", "gradients/Mean_grad/truediv,gradients/Square_grad/Mul"),
        ("gradients/Relu_grad/ReluGrad", "ReluGrad", "gradients/Square_grad/Mul_1,Relu"),
        ("gradients/add_grad/Shape", "Const", ""),
        ("gradients/add_grad/Shape_1", "Const", ""),
        ("gradients/add_grad/Sum/reduction_indices", "Const", ""),
        ("gradients/add_grad/Sum", "Sum", "gradients/Relu_grad/ReluGrad,gradients/add_grad/Sum/reduction_indices"),
        ("gradients/add_grad/Reshape", "Reshape", "gradients/add_grad/Sum,gradients/add_grad/Shape_1"),
        ("gradients/add_grad/tuple/group_deps", "NoOp", "^gradients/Relu_grad/ReluGrad,^gradients/add_grad/Reshape"),
        ("gradients/add_grad/tuple/control_dependency", "Identity", "gradients/Relu_grad/ReluGrad,^gradients/add_grad/tuple/group_deps"),
        ("gradients/add_grad/tuple/control_dependency_1", "Identity", "gradients/add_grad/Reshape,^gradients/add_grad/tuple/group_deps"),
        ("gradients/MatMul_grad/MatMul", "MatMul", "gradients/add_grad/tuple/control_dependency,w/read"),
        ("gradients/MatMul_grad/MatMul_1", "MatMul", "x,gradients/add_grad/tuple/control_dependency"),
        ("gradients/MatMul_grad/tuple/group_deps", "NoOp", "^gradients/MatMul_grad/MatMul,^gradients/MatMul_grad/MatMul_1"),
        ("gradients/MatMul_grad/tuple/control_dependency", "Identity", "gradients/MatMul_grad/MatMul,^gradients/MatMul_grad/tuple/group_deps"),
        ("gradients/MatMul_grad/tuple/control_dependency_1", "Identity", "gradients/MatMul_grad/MatMul_1,^gradients/MatMul_grad/tuple/group_deps"),
        ("GradientDescent/learning_rate", "Const", ""),
        ("GradientDescent/update_w/ApplyGradientDescent", "ApplyGradientDescent", "w,GradientDescent/learning_rate,gradients/MatMul_grad/tuple/control_dependency_1"),
        ("GradientDescent/update_b/ApplyGradientDescent", "ApplyGradientDescent", "b,GradientDescent/learning_rate,gradients/add_grad/tuple/control_dependency_1"),
        ("GradientDescent", "NoOp", "^GradientDescent/update_b/ApplyGradientDescent,^GradientDescent/update_w/ApplyGradientDescent"),
    ]

    @Test func minimizeBuildsTFsGraph() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.float32, shape: [2, 3], name: "x")
            let w = try getVariable("w", shape: [3, 4], initializer: .zeros)
            let b = try getVariable("b", shape: [4], initializer: .zeros)
            let y = try relu(matmul(x, w) + b)
            let loss = try reduceMean(square(y))
            try GradientDescentOptimizer(learningRate: 0.1).minimize(loss)
        }
        let ours = graph.graphDef().node.map { ($0.name, $0.op, $0.input.joined(separator: ",")) }
        #expect(ours.map(\.0) == Self.tfNodes.map(\.name))
        for (node, expected) in zip(ours, Self.tfNodes) {
            #expect(node.1 == expected.type, "type of \(node.0)")
            #expect(node.2 == expected.inputs, "inputs of \(node.0)")
        }
    }
}
