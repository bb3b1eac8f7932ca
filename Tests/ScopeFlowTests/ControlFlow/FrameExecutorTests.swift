import Testing

@testable import ScopeFlow

/// The frame executor on loops and branches built from the primitives, and its errors: a loop
/// counts to its limit, a dead or per-iteration tensor cannot be fetched, an edge between frames
/// that skips Enter/Exit is malformed, and the plan report says how the loop runs.
@Suite struct FrameExecutorTests {
    /// `i = 0; while i < limit { i += 1 }` in frame `loop`, built from the primitives; returns
    /// the Exit and the body's sum.
    private func countingLoop(limit: Int32) throws -> (exit: Tensor, body: Tensor) {
        let zero = try constant(Int32(0))
        let start = try enter(zero, frameName: "loop")
        let (merged, _) = try merge([start, start])
        let bound = try enter(constant(limit), frameName: "loop", isConstant: true)
        let (leave, stay) = try switchOp(merged, loopCond(less(merged, bound)))
        let step = try enter(constant(Int32(1)), frameName: "loop", isConstant: true)
        let body = try add(stay, step)
        merged.op.updateInput(1, to: try nextIteration(body))
        return (try loopExit(leave), body)
    }

    @Test func loopRunsUntilItsConditionIsFalse() throws {
        let graph = Graph()
        let (exit, _) = try graph.asDefault { try countingLoop(limit: 5) }
        let session = Session(graph: graph)
        #expect(try session.run(exit).int32s == [5])
        let report = try #require(session.planReports().first?.interpretedBecause)
        #expect(report.contains("loop 'loop'"), "\(report)")
        #expect(report.contains("(2 computed by the executor itself on scalar operands)"), "\(report)")
    }

    @Test func loopWhoseConditionStartsFalseRunsNoBody() throws {
        let graph = Graph()
        let (exit, _) = try graph.asDefault { try countingLoop(limit: -3) }
        #expect(try Session(graph: graph).run(exit).int32s == [0])
    }

    @Test func aTensorInsideALoopCannotBeFetched() throws {
        let graph = Graph()
        let (_, body) = try graph.asDefault { try countingLoop(limit: 5) }
        let error = #expect(throws: ScopeFlowError.self) { try Session(graph: graph).run(body) }
        #expect(error?.message.contains("inside a while loop and cannot be fetched") == true)
    }

    @Test func readingALoopValueOutsideTheLoopIsMalformed() throws {
        let graph = Graph()
        let sum = try graph.asDefault {
            let (_, body) = try countingLoop(limit: 5)
            return try add(body, constant(Int32(1)))
        }
        let error = #expect(throws: ScopeFlowError.self) { try Session(graph: graph).run(sum) }
        #expect(error?.message.contains("control flow is malformed") == true, "\(String(describing: error))")
    }

    @Test func fetchingTheUntakenBranchNamesTheCond() throws {
        let graph = Graph()
        let (pred, taken, untaken, merged) = try graph.asDefault {
            let pred = try placeholder(.bool, shape: [])
            let (whenFalse, whenTrue) = try switchOp(constant(Float(3)), pred)
            let doubled = try multiply(whenTrue, constant(Float(2)))
            let shifted = try add(whenFalse, constant(Float(10)))
            return (pred, doubled, shifted, try merge([shifted, doubled]))
        }
        let session = Session(graph: graph)
        let feeds = [pred: HostTensor(scalar: true)]
        let values = try session.run([merged.output, merged.valueIndex, taken], feeds: feeds)
        #expect(values[0].floats == [6] && values[1].int32s == [1] && values[2].floats == [6])
        #expect(try session.run(merged.output, feeds: [pred: HostTensor(scalar: false)]).floats == [13])
        let error = #expect(throws: ScopeFlowError.self) { try session.run(untaken, feeds: feeds) }
        #expect(error?.message.contains("cond branch the run did not take") == true)
    }
}
