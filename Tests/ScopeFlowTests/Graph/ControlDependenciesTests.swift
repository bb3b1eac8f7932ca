import Testing

@testable import ScopeFlow

@Suite struct ControlDependenciesTests {
    @Test func opsBuiltInsideWaitForTheControlInputs() throws {
        let graph = Graph()
        try graph.asDefault {
            let a = try constant(Float(1), name: "a")
            let b = try constant(Float(2), name: "b")
            let (sum, product) = try controlDependencies([a, b.op]) {
                (try add(a, b), try constant(Float(3), name: "c"))
            }
            // The input ops are not repeated as control inputs; a source op gets both.
            #expect(sum.op.controlInputs.isEmpty)
            #expect(product.op.controlInputs.map(\.name) == ["a", "b"])
        }
    }

    @Test func anOpFedByAnOpOfTheBlockIsDominated() throws {
        let graph = Graph()
        try graph.asDefault {
            let gate = try noOp(name: "gate")
            let x = try placeholder(.float32, shape: [2], name: "x")
            let (first, second) = try controlDependencies([gate]) {
                let first = try identity(x, name: "first")
                return (first, try identity(first, name: "second"))
            }
            #expect(first.op.controlInputs.map(\.name) == ["gate"])
            #expect(second.op.controlInputs.isEmpty)
        }
    }

    @Test func blocksNestWithoutRepeatsAndNilClearsThem() throws {
        let graph = Graph()
        try graph.asDefault {
            let (outer, inner) = (try noOp(name: "outer"), try noOp(name: "inner"))
            let (nested, cleared) = try controlDependencies([outer]) {
                try controlDependencies([outer, inner]) {
                    (try constant(Float(0), name: "nested"), try controlDependencies(nil) { try constant(Float(0), name: "cleared") })
                }
            }
            #expect(nested.op.controlInputs.map(\.name) == ["outer", "inner"])
            #expect(cleared.op.controlInputs.isEmpty)
        }
    }

    @Test func aSessionRunsTheControlInputsFirst() throws {
        let graph = Graph()
        let (counter, read) = try graph.asDefault {
            let counter = try Variable(0.0, name: "counter")
            let update = try assignAdd(counter, constant(Float(1)))
            return (counter, try controlDependencies([update]) { try identity(counter, name: "read") })
        }
        let session = Session(graph: graph)
        try session.run(graph.asDefault { try globalVariablesInitializer() })
        let first = try session.run(read).floats, second = try session.run(read).floats
        #expect(first == [1])
        #expect(second == [2])
        #expect(try session.run(counter).floats == [2])
        #expect(graph.graphDef().node.first { $0.name == "read" }?.input == ["counter/read", "^AssignAdd"])
    }

    @Test func groupMakesANamedNoOpAfterItsInputs() throws {
        let graph = Graph()
        try graph.asDefault {
            let w = try Variable(1.0, name: "w")
            let (updateW, other) = (try assignAdd(w, constant(Float(1))), try noOp(name: "other"))
            let grouped = try group([updateW, other])
            let named = try group([other], name: "train")
            #expect(grouped.name == "group_deps")
            #expect(grouped.type == "NoOp")
            #expect(grouped.controlInputs.map(\.name) == ["AssignAdd", "other"])
            #expect(named.name == "train")
            #expect(try group([]).controlInputs.isEmpty)
        }
    }

    @Test func aControlInputFromAnotherGraphIsRejected() throws {
        let otherGraph = Graph()
        let other = try otherGraph.asDefault { try noOp(name: "elsewhere") }
        let error = #expect(throws: ScopeFlowError.self) {
            try Graph().asDefault { try controlDependencies([other]) { try noOp() } }
        }
        #expect(error?.code == .differentGraphs)
    }
}
