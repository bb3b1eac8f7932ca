import Testing

@testable import ScopeFlow

/// `gradients` through `whileLoop` builds TF 2.21's graph node for node (the forward counter
/// `f_count`, the gradient loop `gradients/while/…` with its counter `b_count`, the stacks `f_acc`
/// of forward values, the accumulators `b_acc` of invariants' gradients) and a session computes
/// TF's values from it (`Resources/while_gradient_graphs.json`, recorded by
/// `Scripts/tf-verify/record_while_gradient_graphs.py`).
@Suite struct WhileGradientGraphTests {
    @Test(arguments: WhileGraphOracle.gradients.cases)
    func buildsTFsGraph(_ recorded: WhileGraphOracle.Case) throws {
        let (graph, fetches, _) = try WhileGraphOracle.build(recorded, with: Self.builders)
        WhileGraphOracle.expectSameGraph(graph, fetches: fetches, as: recorded)
    }

    @Test(arguments: WhileGraphOracle.gradients.cases)
    func computesTFsValues(_ recorded: WhileGraphOracle.Case) throws {
        let (graph, fetches, initializer) = try WhileGraphOracle.build(recorded, with: Self.builders)
        try WhileGraphOracle.expectSameValues(graph, fetches: fetches, initializer: initializer, as: recorded)
    }

    @Test func everyBuilderHasARecordedCase() {
        #expect(Set(Self.builders.keys) == Set(WhileGraphOracle.gradients.cases.map(\.id)))
    }

    /// The Swift spelling of each recorded case's Python (see the recorder), returning its fetches.
    static let builders: [String: @Sendable () throws -> [Tensor]] = [
        "single_loop_variable": {
            let x = try constant(Float(1.5), name: "x")
            let v = try whileLoop(cond: { try pythonLess($0, 10) }, body: { try $0 * $0 }, loopVar: x)
            return [v, try #require(try gradients(v, x))]
        },
        "invariant": {
            let x = try constant([Float(1), 2], name: "x")
            let results = try whileLoop(
                cond: { try pythonLess($0[0], 3) }, body: { [try $0[0] + 1, try $0[1] * x + 1.0] },
                loopVars: [constant(Int32(0)), ones(shape: [2])])
            return [results[1], try #require(try gradients(reduceSum(results[1]), x))]
        },
        "several_variables": {
            let x = try constant(Float(2), name: "x")
            let y = try constant(Float(3), name: "y")
            let results = try whileLoop(
                cond: { try pythonLess($0[0], 2) }, body: { [try $0[0] + 1, try $0[1] * $0[2], try $0[2] + $0[1]] },
                loopVars: [constant(Int32(0)), x, y])
            return [results[1], results[2]] + (try gradients(results[1], [x, y]).map { try #require($0) })
        },
        "maximum_iterations": {
            let x = try constant(Float(1.5), name: "x")
            let v = try whileLoop(
                cond: { try pythonLess($0, 100) }, body: { try $0 * x }, loopVar: x, maximumIterations: 3)
            return [v, try #require(try gradients(v, x))]
        },
        "two_outputs": {
            let x = try constant(Float(1.5), name: "x")
            let results = try whileLoop(
                cond: { try pythonLess($0[0], 3) }, body: { [try $0[0] + 1, try $0[1] * x, try $0[2] + $0[1]] },
                loopVars: [constant(Int32(0)), x, constant(Float(0))])
            return [results[1], results[2], try #require(try gradients([results[1], results[2]], [x])[0])]
        },
        "variable_in_body": {
            let w = try Variable(0.5, name: "w")
            let results = try whileLoop(
                cond: { try pythonLess($0[0], 3) }, body: { [try $0[0] + 1, try $0[1] * w] },
                loopVars: [constant(Int32(0)), constant(Float(2))])
            return [results[1], try #require(try gradients(results[1], w))]
        },
        "nested": {
            let x = try constant(Float(1.5), name: "x")
            let results = try whileLoop(
                cond: { try pythonLess($0[0], 2) },
                body: { outer in
                    let inner = try whileLoop(
                        cond: { try pythonLess($0[0], 2) }, body: { [try $0[0] + 1, try $0[1] * x] },
                        loopVars: [constant(Int32(0)), outer[1]])
                    return [try outer[0] + 1, inner[1]]
                },
                loopVars: [constant(Int32(0)), constant(Float(1))])
            return [results[1], try #require(try gradients(results[1], x))]
        },
        "cond_in_loop": {
            let x = try constant(Float(1.5), name: "x")
            let results = try whileLoop(
                cond: { try pythonLess($0[0], 3) },
                body: { vars in
                    [
                        try vars[0] + 1,
                        try cond(
                            pythonLess(vars[1], 5), trueFn: { try vars[1] * x }, falseFn: { try vars[1] + x }),
                    ]
                },
                loopVars: [constant(Int32(0)), x])
            return [results[1], try #require(try gradients(results[1], x))]
        },
        "output_independent_of_input": {
            let x = try constant(Float(1.5), name: "x")
            let results = try whileLoop(
                cond: { try pythonLess($0[0], 3) }, body: { [try $0[0] + 1, try x * 2.0] },
                loopVars: [constant(Int32(0)), x])
            return [results[1], try #require(try gradients(results[1], x))]
        },
        "gradients_twice": {
            let x = try constant(Float(1.5), name: "x")
            let v = try whileLoop(cond: { try pythonLess($0, 10) }, body: { try $0 * $0 }, loopVar: x)
            return [v, try #require(try gradients(v, x)), try #require(try gradients(v, x))]
        },
        "serial_iterations": {
            let x = try constant(Float(1.5), name: "x")
            let v = try whileLoop(
                cond: { try pythonLess($0, 10) }, body: { try $0 * $0 }, loopVar: x, parallelIterations: 1)
            return [v, try #require(try gradients(v, x))]
        },
        "unknown_shape": {
            let x = try constant([Float(1.5), 2], name: "x")
            let results = try whileLoop(
                cond: { try pythonLess($0[0], 2) }, body: { [try $0[0] + 1, try $0[1] * x] },
                loopVars: [constant(Int32(0)), ones(shape: [2])], shapeInvariants: [Shape([]), Shape([nil])])
            return [results[1], try #require(try gradients(reduceSum(results[1]), x))]
        },
        "training_step": {
            let w = try Variable(0.5, name: "w")
            let results = try whileLoop(
                cond: { try pythonLess($0[0], 3) }, body: { [try $0[0] + 1, try $0[1] * w + w] },
                loopVars: [constant(Int32(0)), constant(Float(2))])
            let optimizer = GradientDescentOptimizer(learningRate: 0.1)
            let gradientsAndVariables = try optimizer.computeGradients(square(results[1]))
            try optimizer.applyGradients(gradientsAndVariables)
            return [results[1], try #require(gradientsAndVariables[0].0?.denseTensor)]
        },
    ]
}
