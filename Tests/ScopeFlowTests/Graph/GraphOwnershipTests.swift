import Foundation
import Testing

@testable import ScopeFlow

/// What outlives what: tensors and ops that outlive their graph, graph identities, and the one
/// object each variable is.
@Suite("Graph ownership and variable identity")
struct GraphOwnershipTests {
    /// Builds a graph, keeps only a tensor of it and lets the graph go.
    private func tensorOfReleasedGraph() throws -> Tensor {
        let graph = Graph()
        return try graph.asDefault { try add(constant(Float(1)), constant(Float(2)), name: "sum") }
    }

    @Test("a tensor whose graph was released says so instead of trapping")
    func tensorOutlivingItsGraph() throws {
        let sum = try tensorOfReleasedGraph()
        #expect(sum.name == "sum:0")
        do {
            _ = Session(graph: try sum.graph)
            Issue.record("expected an error for a released graph")
        } catch let error as ScopeFlowError {
            #expect(error.code == .notFound)
            #expect(error.names == ["sum"])
            #expect(error.message.contains("Keep the Graph"))
        }
        #expect(throws: ScopeFlowError.self) { try sum.op.graph }
    }

    @Test("a variable whose graph was released says so instead of trapping")
    func variableOutlivingItsGraph() throws {
        let variable: Variable = try {
            let graph = Graph()
            return try graph.asDefault { try getVariable("w", shape: [2], initializer: .zeros) }
        }()
        #expect(variable.name == "w:0")
        #expect(throws: ScopeFlowError.self) { try variable.graph }
        #expect(throws: ScopeFlowError.self) { try Variable(variable, name: "copy") }
    }

    @Test("a session keeps its graph alive")
    func sessionKeepsGraph() throws {
        let (session, sum): (Session, Tensor) = try {
            let graph = Graph()
            let sum = try graph.asDefault { try add(constant(Float(1)), constant(Float(2))) }
            return (Session(graph: graph), sum)
        }()
        #expect(try session.run(sum).floats == [3])
        #expect(try sum.graph === session.graph)
    }

    @Test("graph identities are never reused, even at a reused address")
    func identitiesAreUnique() throws {
        var seen = Set<Graph.Identity>()
        for _ in 0..<1_000 {
            let graph = Graph()
            #expect(seen.insert(graph.identity).inserted)
        }
        // A tensor of a released graph is never taken for one of a new graph at the same address.
        let stale = try tensorOfReleasedGraph()
        let fresh = Graph()
        #expect(throws: ScopeFlowError.self) { try fresh.asDefault { try add(stale, constant(Float(1))) } }
        #expect(throws: ScopeFlowError.self) { try Session(graph: fresh).run(stale) }
    }

    @Test("Variable(...) returns the object the collections, provenance and optimizer slots hold")
    func variableInitReturnsTheRegisteredObject() throws {
        let graph = Graph()
        let (v, u, train) = try graph.asDefault {
            let v = try Variable([1, 2], name: "v")
            let u = try Variable(v, name: "u")
            let loss = try reduceSum(multiply(v, u))
            return (v, u, try MomentumOptimizer(learningRate: 0.1, momentum: 0.9).minimize(loss))
        }
        _ = train
        let trainable = try graph.asDefault { try trainableVariables() }
        #expect(trainable.contains { $0 === v })
        #expect(trainable.contains { $0 === u })
        #expect(try graph.asDefault { try globalVariables() }.contains { $0 === v })
        #expect(try graph.explain(v.name).variableProvenance != nil)
    }

    @Test("an optimizer's slot is found for a variable made with Variable(...)")
    func slotForVariableInit() throws {
        let graph = Graph()
        let optimizer = MomentumOptimizer(learningRate: 0.1, momentum: 0.9)
        let v = try graph.asDefault {
            let v = try Variable([1, 2], name: "v")
            _ = try optimizer.minimize(reduceSum(square(v)))
            return v
        }
        let slot = try #require(optimizer.slot(for: v, named: "momentum"))
        #expect(slot.name == "v/Momentum:0")
    }

    @Test("getVariable with reuse .auto from many tasks at once creates one variable")
    func concurrentAutoReuseCreatesOne() async throws {
        for _ in 0..<20 {
            let graph = Graph()
            let made = try await withThrowingTaskGroup(of: Variable.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        try graph.asDefault {
                            try variableScope("shared", reuse: .auto) { _ in
                                try getVariable("w", shape: [3], initializer: .zeros)
                            }
                        }
                    }
                }
                return try await group.reduce(into: [Variable]()) { $0.append($1) }
            }
            #expect(made.count == 16)
            #expect(made.allSatisfy { $0 === made[0] })
            #expect(made[0].name == "shared/w:0")
            let globals = try graph.asDefault { try globalVariables() }
            #expect(globals.map(\.name) == ["shared/w:0"])
        }
    }
}
