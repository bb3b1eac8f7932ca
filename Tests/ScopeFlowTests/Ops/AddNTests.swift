import Testing

@testable import ScopeFlow

/// `addN` as TF 2.21's `tf.add_n` builds it: of one tensor, the tensor itself (no op), or an
/// `Identity` when a name is given; of several, one `AddN`. TF's graph for
/// `x = placeholder; add_n([x]); add_n([x], name="s"); add_n([x, x])` is
/// `x:Placeholder, s:Identity, AddN:AddN`, and the first call returns `x` itself.
@Suite struct AddNTests {
    @Test func oneTensorIsItselfOrANamedIdentityAsInTF() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.float32, shape: [2], name: "x")
            let alone = try addN([x])
            let named = try addN([x], name: "s")
            let sum = try addN([x, x])
            #expect(alone == x)
            #expect(named.name == "s:0" && named.op.type == "Identity")
            #expect(sum.name == "AddN:0")
        }
        #expect(graph.operations.map { "\($0.name):\($0.type)" } == ["x:Placeholder", "s:Identity", "AddN:AddN"])
    }
}
