import Testing

@testable import ScopeFlow

/// `whileLoop` builds TF 2.21's `tf.compat.v1.while_loop` graphs node for node: names, op types,
/// inputs, control inputs, order, static shapes and the `Enter` frame attributes; a session runs
/// them to TF's values (`Resources/while_graphs.json`, recorded by
/// `Scripts/tf-verify/record_while_graphs.py`).
@Suite struct WhileLoopGraphTests {
    @Test(arguments: WhileGraphOracle.shared.cases)
    func buildsTFsGraph(_ recorded: WhileGraphOracle.Case) throws {
        let (graph, fetches, _) = try Self.build(recorded)
        WhileGraphOracle.expectSameGraph(graph, fetches: fetches, as: recorded)
    }

    @Test(arguments: WhileGraphOracle.shared.cases)
    func computesTFsValues(_ recorded: WhileGraphOracle.Case) throws {
        let (graph, fetches, initializer) = try Self.build(recorded)
        try WhileGraphOracle.expectSameValues(graph, fetches: fetches, initializer: initializer, as: recorded)
    }

    /// A Swift-built loop survives export: its GraphDef imports into another graph, with the same
    /// nodes, and runs there to TF's values.
    @Test(arguments: WhileGraphOracle.shared.cases)
    func exportedGraphImportsAndRuns(_ recorded: WhileGraphOracle.Case) throws {
        let (graph, fetches, initializer) = try Self.build(recorded)
        let imported = Graph()
        _ = try imported.importGraphDef(graph.graphDef(), prefix: "")
        #expect(imported.operations.map(\.name).sorted() == recorded.nodes.map(\.name).sorted())
        let session = Session(graph: imported)
        if let initializer { try session.run(try #require(imported.operation(named: initializer.name))) }
        let values = try session.run(fetches.map { try #require(imported.tensor(named: $0.name)) })
        for (value, tf) in zip(values, recorded.values) {
            #expect((value.floats.map { $0.map(Double.init) } ?? value.int32s.map { $0.map(Double.init) }) == tf.values)
        }
    }

    /// The case built in a new graph as the recorder builds it.
    static func build(_ recorded: WhileGraphOracle.Case) throws -> (Graph, [Tensor], ScopeFlow.Operation?) {
        try WhileGraphOracle.build(recorded, with: builders)
    }

    @Test func everyBuilderHasARecordedCase() {
        let recorded = Set(WhileGraphOracle.shared.cases.map(\.id))
        #expect(Set(Self.builders.keys) == recorded)
    }

    /// The Swift spelling of each recorded case's Python (see the recorder), returning its fetches.
    static let builders: [String: @Sendable () throws -> [Tensor]] = [
        "counter": {
            [try whileLoop(cond: { try pythonLess($0, 10) }, body: { try $0 + 1 }, loopVar: constant(Int32(0)))]
        },
        "two_variables": {
            try whileLoop(
                cond: { try pythonLess($0[0], 10) }, body: { [try $0[0] + 1, try $0[1] * 2.0] },
                loopVars: [constant(Int32(0)), constant(Float(1))], parallelIterations: 32)
        },
        "outside_tensor": {
            let x = try constant(Float(3), name: "x")
            return try whileLoop(
                cond: { try pythonLess($0[0], 4) }, body: { [try $0[0] + 1, try ($0[1] * x) + x] },
                loopVars: [constant(Int32(0)), constant(Float(1))])
        },
        "constants_in_body": {
            let x = try constant(Float(3), name: "x")
            return try whileLoop(
                cond: { try pythonLess($0[0], 3) },
                body: { [try $0[0] + 1, try ($0[1] + constant(Float(2))) + square(x)] },
                loopVars: [constant(Int32(0)), constant(Float(0))])
        },
        "nested": {
            let x = try constant(Float(2), name: "x")
            return try whileLoop(
                cond: { try pythonLess($0[0], 3) },
                body: { outer in
                    let start = try constant(Int32(0))
                    let inner = try whileLoop(
                        cond: { try less($0[0], outer[0]) }, body: { [try $0[0] + 1, try $0[1] + x] },
                        loopVars: [start, outer[1]])
                    return [try outer[0] + 1, inner[1]]
                },
                loopVars: [constant(Int32(0)), constant(Float(0))])
        },
        "in_name_scope": {
            try nameScope("outer") { _ in
                [try whileLoop(cond: { try pythonLess($0, 5) }, body: { try $0 + 2 }, loopVar: constant(Int32(0)))]
            }
        },
        "second_loop": {
            let first = try whileLoop(
                cond: { try pythonLess($0, 3) }, body: { try $0 + 1 }, loopVar: constant(Int32(0)))
            let second = try whileLoop(
                cond: { try less($0, first) }, body: { try $0 + 2 }, loopVar: constant(Int32(0)))
            return [first, second]
        },
        "maximum_iterations": {
            let limited = try whileLoop(
                cond: { try pythonLess($0[1], 100) }, body: { [try $0[0] + 1, try $0[1] * 2.0] },
                loopVars: [constant(Int32(0)), constant(Float(1))], maximumIterations: 5)
            let limit = try constant(Int32(2), name: "limit")
            let one = try whileLoop(
                cond: { try pythonLess($0, 10) }, body: { try $0 + 1 }, loopVar: constant(Int32(0)),
                maximumIterations: .tensor(limit))
            return limited + [one]
        },
        "shape_invariants": {
            try whileLoop(
                cond: { try pythonLess($0[0], 3) }, body: { [try $0[0] + 1, try concat([$0[1], $0[1]], axis: 0)] },
                loopVars: [constant(Int32(0)), constant([Float(1)])], shapeInvariants: [Shape([]), Shape([nil])])
        },
        "control_dependencies": {
            let dep = try constant(Float(5), name: "dep")
            return try controlDependencies([dep]) {
                [try whileLoop(cond: { try pythonLess($0, 2) }, body: { try $0 + 1 }, loopVar: constant(Int32(0)))]
            }
        },
        "named": {
            [
                try whileLoop(
                    cond: { try pythonLess($0, 4) }, body: { try $0 * 2 }, loopVar: constant(Int32(1)),
                    name: "doubling")
            ]
        },
        "variable_in_body": {
            let v = try Variable(1.5, name: "v")
            return try whileLoop(
                cond: { try pythonLess($0[0], 3) }, body: { [try $0[0] + 1, try $0[1] + v] },
                loopVars: [constant(Int32(0)), constant(Float(0))])
        },
        "nested_invariant_loop_variable": {
            let x = try constant(Float(1), name: "x")
            return try whileLoop(
                cond: { try pythonLess($0[0], 2) },
                body: { outer in
                    let inner = try whileLoop(cond: { try pythonLess($0, 4) }, body: { try $0 * 2.0 }, loopVar: x)
                    return [try outer[0] + 1, try outer[1] + inner]
                },
                loopVars: [constant(Int32(0)), constant(Float(0))])
        },
        "cond_in_loop": {
            let x = try constant(Float(1.5), name: "x")
            return try whileLoop(
                cond: { try pythonLess($0[0], 3) },
                body: { vars in
                    [
                        try vars[0] + 1,
                        try cond(
                            pythonLess(vars[1], 5), trueFn: { try vars[1] * x }, falseFn: { try vars[1] + x }),
                    ]
                },
                loopVars: [constant(Int32(0)), x])
        },
        "loop_in_cond": {
            let x = try constant(Float(1.5), name: "x")
            let p = try constant(true, name: "p")
            return [
                try cond(
                    p, trueFn: { try whileLoop(cond: { try pythonLess($0, 10) }, body: { try $0 * x }, loopVar: x) },
                    falseFn: { try x + 1.0 })
            ]
        },
    ]
}

/// Python's `x < limit` on a tensor: a `Less` whose constant operand is `Less/y`, of `x`'s dtype.
func pythonLess(_ x: Tensor, _ limit: Double) throws -> Tensor {
    try nameScope(nil, defaultName: "Less", values: [x]) { scope in
        try less(x, constant(HostTensor(scalar: limit), dtype: x.dtype, name: "y"), name: scope)
    }
}
