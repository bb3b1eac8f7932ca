import Testing
@testable import ScopeFlow

@Suite("Graph lifetime and op index")
struct GraphLifetimeTests {
    /// Each op holds its inputs, so a chain of ops freed from its newest end would free each
    /// op from inside the deinit of the one after it: 60,000 chained ops overflowed the stack.
    @Test("a graph of 100,000 chained ops is freed, every op with it")
    func freesLongChain() throws {
        weak var first: Operation?
        weak var last: Operation?
        do {
            let graph = Graph()
            try graph.asDefault {
                var h = try placeholder(.float32, shape: [4], name: "x")
                first = h.op
                for _ in 0..<100_000 { h = try relu(h) }
                last = h.op
                #expect(h.op.name == "Relu_99999")
                #expect(graph.operation(named: "Relu_99999") === h.op)
            }
        }
        #expect(first == nil)
        #expect(last == nil)
    }

    /// TF: an absolute name (`"a/"`) is used as is, without claiming it, and a name already held by
    /// an op is "Duplicate node name in graph"; node names are case-sensitive.
    @Test("ops are found by their exact name; absolute names never duplicate one")
    func findsOpsByExactName() throws {
        let graph = Graph()
        try graph.asDefault {
            let a = try constant(Float(1), name: "a")
            #expect(throws: ScopeFlowError.self) { try constant(Float(2), name: "a/") }
            let b = try constant(Float(3), name: "b/")
            #expect(b.name == "b:0")
            #expect(throws: ScopeFlowError.self) { try constant(Float(4), name: "b") }
            let upper = try constant(Float(5), name: "C")
            let lower = try constant(Float(6), name: "c/")
            let claimed = try constant(Float(7), name: "c")
            #expect(lower.name == "c:0")
            #expect(claimed.name == "c_1:0")
            for (name, op) in [("a", a.op), ("b", b.op), ("C", upper.op), ("c", lower.op), ("c_1", claimed.op)] {
                #expect(graph.operation(named: name) === op, "\(name)")
            }
            #expect(graph.operation(named: "A") == nil)
            #expect(graph.operations.map(\.name) == ["a", "b", "C", "c", "c_1"])
        }
        do {
            _ = try graph.asDefault { try constant(Float(8), name: "a/") }
            Issue.record("expected a duplicate name")
        } catch let error as ScopeFlowError {
            #expect(error.code == .duplicateName)
            #expect(error.message.contains("Duplicate node name in graph: 'a'"))
        }
    }
}
