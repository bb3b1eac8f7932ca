import Testing
@testable import ScopeFlow

@Suite("Graph lifetime")
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
}
