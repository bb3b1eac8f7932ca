import Testing

@testable import ScopeFlow

/// A string tensor's zero is `""`, as TF's `zeros` makes it, so a string variable's default
/// initializer works (TF's `testStringDefaultInitializer`); strings have no one. The nodes are
/// TF 2.21's (Scripts/tf-verify/check_scope_tests.py).
@Suite struct StringZerosTests {
    private func nodes(_ graph: Graph) -> [String] { graph.graphDef().node.map { "\($0.name) \($0.op)" } }

    @Test func stringVariableDefaultsToTheEmptyString() throws {
        let graph = Graph()
        let v = try graph.asDefault { try getVariable("string", shape: [], dtype: .string) }
        #expect(
            nodes(graph) == [
                "string/Initializer/zeros Const", "string VariableV2", "string/Assign Assign", "string/read Identity",
            ])
        let session = Session(graph: graph)
        try session.run(v.initializer)
        #expect(try session.run(v).scalars(as: String.self) == [""])
    }

    /// From 1000 elements TF fills: `shape_as_tensor`, the value `Const` and `Fill`.
    @Test func largeStringZerosAreAFill() throws {
        let graph = Graph()
        let z = try graph.asDefault { try zeros(shape: [2000], dtype: .string) }
        #expect(nodes(graph) == ["zeros/shape_as_tensor Const", "zeros/Const Const", "zeros Fill"])
        #expect(try Session(graph: graph).run(z).scalars(as: String.self) == [String](repeating: "", count: 2000))
    }

    /// TF: `tf.ones([2], tf.string)` raises TypeError "Expected string, but got 1 of type 'int'."
    @Test func stringOnesAreRefused() throws {
        let graph = Graph()
        let error = #expect(throws: ScopeFlowError.self) {
            try graph.asDefault { try ones(shape: [2], dtype: .string) }
        }
        #expect(error?.code == .dtypeMismatch)
        #expect(error?.message.hasPrefix("Expected string, but got 1 of type 'int'.") == true)
    }
}
