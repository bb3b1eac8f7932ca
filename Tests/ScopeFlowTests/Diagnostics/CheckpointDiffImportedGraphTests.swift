import Testing

@testable import ScopeFlow

/// The GraphDef side of `scopeflow diff-names` and `scopeflow explain`: variables read from a
/// serialized graph, and explanations of imported ops (which have no Swift source).
@Suite struct CheckpointDiffImportedGraphTests {
    @Test func graphDefVariablesAreComparedByName() throws {
        let graph = Graph()
        try graph.asDefault {
            try variableScope("model") { _ in
                _ = try getVariable("w", shape: [2, 3])
                _ = try getVariable("step", shape: [], dtype: .int64)
            }
        }
        let entries = try NameDiff.Entry.variables(in: graph.graphDef())
        #expect(entries == [
            NameDiff.Entry(name: "model/w", dtype: .float32, shape: [2, 3]),
            NameDiff.Entry(name: "model/step", dtype: .int64, shape: []),
        ])
    }

    @Test func explainsAnImportedOpByItsGraphDefName() throws {
        let source = Graph()
        try source.asDefault {
            try variableScope("model") { _ in
                let w = try getVariable("w", shape: [2, 2])
                _ = try add(w, w, name: "sum")
                _ = try add(w, w, name: "sum")
            }
        }
        let graph = Graph()
        try graph.importGraphDef(source.graphDef(), prefix: "")
        #expect(try graph.explain("model/sum_1").description == """
            `model/sum_1:0` — imported from a GraphDef: node "model/sum_1", op AddV2 (no Swift source location; \
            imported names are kept as written, so no name scope or uniquing was applied on import). \
            It belongs to name scope "model". Its suffix was added when the GraphDef was built: `model/sum` was already taken.
            """)
        #expect(try graph.explain("model/w:0").description.hasPrefix("`model/w:0` — imported from a GraphDef: node \"model/w\", op VariableV2 "))
    }

    /// TF's training graph has `GatherV2` (typed by `Tparams`) in its gradients: import must accept it.
    @Test func explainsANameOfTensorFlowsEventFixture() throws {
        let graph = Graph()
        try graph.importGraphDef(readGraphDef(Fixtures.path("events_graph")), prefix: "")
        #expect(try graph.explain("model/hidden/w").description == """
            `model/hidden/w:0` — imported from a GraphDef: node "model/hidden/w", op VariableV2 (no Swift source location; \
            imported names are kept as written, so no name scope or uniquing was applied on import). \
            It belongs to name scope "model/hidden".
            """)
        let variables = try NameDiff.Entry.variables(in: readGraphDef(Fixtures.path("events_graph")))
        #expect(variables.map(\.name).contains("model/hidden/w"))
    }
}
