import Testing
@testable import ScopeFlow

/// Variables in a session: initializers, assign ops and the uninitialized error.
@Suite struct SessionVariableTests {
    @Test func getVariableReadsItsInitialValueAfterTheInitializer() throws {
        let graph = Graph()
        let (v, initOp) = try graph.asDefault {
            let v = try getVariable("v", shape: [1], initializer: .constant(3))
            return (v, try globalVariablesInitializer())
        }
        #expect(initOp.name == "init")
        #expect(initOp.type == "NoOp")
        #expect(initOp.controlInputs == [v.initializer])
        let session = Session(graph: graph)
        try session.run(initOp)
        #expect(try session.run(v).floats == [3])
    }

    @Test func literalVariableReadsItsValue() throws {
        let graph = Graph()
        let (v, initOp) = try graph.asDefault {
            (try Variable([2.1]), try globalVariablesInitializer())
        }
        let session = Session(graph: graph)
        try session.run(initOp)
        #expect(try session.run(v).floats == [Float(2.1)])
    }

    @Test func initializerNamesAreUniquified() throws {
        let graph = Graph()
        let (a, b, c) = try graph.asDefault {
            let v = try Variable(1.0, name: "v")
            return (
                try globalVariablesInitializer(), try variablesInitializer([v]),
                try variablesInitializer([], name: "init_nothing")
            )
        }
        #expect([a.name, b.name, c.name] == ["init", "init_1", "init_nothing"])
        #expect(c.controlInputs.isEmpty)
    }

    @Test func variablesLiveInTheirSession() throws {
        let graph = Graph()
        let (v, initOp, bump) = try graph.asDefault {
            let v = try Variable(1.0, name: "v")
            return (v, try globalVariablesInitializer(), try assignAdd(v, constant(Float(1))))
        }
        let one = Session(graph: graph)
        let two = Session(graph: graph)
        try one.run(initOp)
        try two.run(initOp)
        _ = try one.run(bump)
        _ = try one.run(bump)
        #expect(try one.run(v).floats == [3])
        #expect(try two.run(v).floats == [1])
    }

    @Test func assignOverwritesAndOutputsTheNewValue() throws {
        let graph = Graph()
        let (v, set, doubled) = try graph.asDefault {
            let v = try Variable([1.0, 2.0], name: "v")
            let set = try assign(v, constant([5, 7] as [Float]))
            return (v, set, try set * 2.0)
        }
        #expect(set.op.type == "Assign")
        #expect(set.op.name == "Assign")
        let session = Session(graph: graph)
        // Assign also initializes.
        #expect(try session.run(doubled).floats == [10, 14])
        #expect(try session.run(v).floats == [5, 7])
    }

    @Test func assignAddAndAssignSubUpdateInPlace() throws {
        let graph = Graph()
        let (v, plus, minus) = try graph.asDefault {
            let v = try Variable([10.0, 20.0], name: "v")
            let delta = try constant([1, 2] as [Float])
            return (v, try assignAdd(v, delta), try assignSub(v, delta, name: "down"))
        }
        #expect(plus.op.type == "AssignAdd" && plus.op.name == "AssignAdd")
        #expect(minus.op.type == "AssignSub" && minus.op.name == "down")
        #expect(plus.op.attrs["use_locking"]?.boolValue == false)
        #expect(plus.shape == [2])
        let session = Session(graph: graph)
        try session.run(v.initializer)
        #expect(try session.run(plus).floats == [11, 22])
        #expect(try session.run(plus).floats == [12, 24])
        #expect(try session.run(minus).floats == [11, 22])
        #expect(try session.run(v).floats == [11, 22])
    }

    @Test func readingAnUninitializedVariableFails() throws {
        let graph = Graph()
        let (v, sum) = try graph.asDefault {
            try variableScope("foo") { _ in
                let v = try getVariable("v", shape: [1], initializer: .constant(3))
                return (v, try v + 1.0)
            }
        }
        let session = Session(graph: graph)
        for fetch in [v.tensor, sum] {
            let error = try #require(throws: ScopeFlowError.self) { try session.run(fetch) }
            #expect(error.code == .uninitialized)
            #expect(error.message.hasPrefix("Attempting to use uninitialized value foo/v"))
            #expect(error.names == ["foo/v"])
        }
        let error = try #require(throws: ScopeFlowError.self) {
            try session.run(graph.asDefault { try assignAdd(v, constant([1] as [Float])) })
        }
        #expect(error.code == .uninitialized)
        #expect(error.names == ["foo/v"])
    }

    @Test func assignOpsCheckShapesWhenBuilt() throws {
        let graph = Graph()
        try graph.asDefault {
            let v = try Variable([1.0, 2.0], name: "v")
            let wrong = try constant([1, 2, 3] as [Float])
            #expect(throws: ScopeFlowError.self) { try assign(v, wrong) }
            let error = try #require(throws: ScopeFlowError.self) { try assignAdd(v, wrong) }
            #expect(error.code == .shapeMismatch)
            let typed = try #require(throws: ScopeFlowError.self) { try assignSub(v, constant([1, 2] as [Int32])) }
            #expect(typed.code == .dtypeMismatch)
        }
    }

    @Test func assignChecksAFedValueShapeWhenRun() throws {
        let graph = Graph()
        let (x, set) = try graph.asDefault {
            let v = try Variable([1.0, 2.0], name: "v")
            let x = try placeholder(.float32, name: "x")
            return (x, try assign(v, x))
        }
        let error = try #require(throws: ScopeFlowError.self) {
            try Session(graph: graph).run(set, feeds: [x: HostTensor([1, 2, 3] as [Float])])
        }
        #expect(error.code == .shapeMismatch)
        #expect(error.message.hasPrefix("Assign requires shapes of both tensors to match. lhs shape= [2] rhs shape= [3]"))
    }
}
