import Testing

@testable import ScopeFlow

/// `explain` says which cond branch or while loop a node was built in, and what a control-flow
/// primitive does.
@Suite struct ExplainControlFlowTests {
    @Test func aNodeInACondBranchNamesTheBranchAndThePredicate() throws {
        let graph = Graph()
        try graph.asDefault {
            let p = try placeholder(.bool, shape: [], name: "p")
            let x = try constant(Float(2), name: "x")
            _ = try cond(p, trueFn: { try multiply(x, x, name: "square") }, falseFn: { try identity(x) })
        }
        let text = try graph.explain("cond/square").description
        #expect(text.contains("true branch of cond 'cond'"), "\(text)")
        #expect(text.contains("only when p:0 is true"), "\(text)")
    }

    @Test func aNodeInALoopSaysItRunsOncePerIteration() throws {
        let graph = Graph()
        try graph.asDefault {
            _ = try whileLoop(
                cond: { try less($0, constant(Int32(3))) }, body: { try add($0, constant(Int32(1)), name: "step") },
                loopVar: try constant(Int32(0)))
        }
        let text = try graph.explain("while/step:0").description
        #expect(
            text.contains("while loop 'while' (frame while/while_context)") && text.contains("once per iteration"),
            "\(text)")
        #expect(try graph.explain("while/LoopCond").description.contains("A LoopCond is a while loop's condition"))
    }
}
