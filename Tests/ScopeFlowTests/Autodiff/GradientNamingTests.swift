import Testing
@testable import ScopeFlow

/// TF's naming of gradient graphs, nil gradients and errors.
@Suite struct GradientNamingTests {
    @Test func gradientOpsLiveInOpGradScopes() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.float32, shape: [2, 3], name: "x")
            let w = try placeholder(.float32, shape: [3, 4], name: "w")
            let loss = try nameScope("foo") { _ in try reduceSum(matmul(x, w)) }
            let grads = try gradients(loss, [x, w])
            #expect(grads.map { $0?.name } == ["gradients/foo/MatMul_grad/MatMul:0", "gradients/foo/MatMul_grad/MatMul_1:0"])
            let names = Set(graph.operations.map(\.name))
            #expect(names.isSuperset(of: ["gradients/Shape", "gradients/grad_ys_0/Const", "gradients/grad_ys_0"]))
            #expect(graph.operation(named: "gradients/grad_ys_0")?.type == "Fill")
            _ = try gradients(loss, [x])
            #expect(graph.operation(named: "gradients_1/foo/MatMul_grad/MatMul") != nil)
        }
    }

    @Test func multiplePathsAreSummedByAddN() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.float32, shape: [3], name: "x")
            let y = try add(multiply(x, x), relu(x))
            let dx = try #require(try gradients(y, x))
            #expect(dx.op.type == "AddN")
            #expect(dx.name == "gradients/AddN:0")
            let value = try Session(graph: graph).run(dx, feeds: [x: HostTensor([Float(-1), 0, 2])])
            #expect(value.floats == [-2, 0, 5])
        }
    }

    @Test func stopGradientAndUnconnectedGiveNil() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.float32, shape: [2], name: "x")
            let unrelated = try placeholder(.float32, shape: [2], name: "u")
            let y = try reduceSum(multiply(stopGradient(x), x))
            let grads = try gradients(y, [x, unrelated])
            #expect(grads[1] == nil)
            let dx = try #require(grads[0])
            #expect(try Session(graph: graph).run(dx, feeds: [x: HostTensor([Float(3), 4])]).floats == [3, 4])
            #expect(try gradients(stopGradient(x), x) == nil)
            #expect(try gradients(argmax(x, axis: 0), x) == nil)
        }
    }

    @Test func variablesAreDifferentiatedThroughTheirValue() throws {
        let graph = Graph()
        try graph.asDefault {
            let v = try Variable([1.0, 2.0, 3.0], name: "v")
            let dv = try #require(try gradients(reduceSum(square(v)), v))
            let session = Session(graph: graph)
            try session.run(globalVariablesInitializer())
            #expect(try session.run(dv).floats == [2, 4, 6])
        }
    }

    @Test func gradYsReplaceTheOnes() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.float32, shape: [2], name: "x")
            let dx = try #require(try gradients([multiply(x, x)], [x], gradYs: [constant([Float(10), 100])])[0])
            #expect(!graph.operations.contains { $0.name == "gradients/grad_ys_0" })
            #expect(try Session(graph: graph).run(dx, feeds: [x: HostTensor([Float(1), 2])]).floats == [20, 400])
        }
    }

    @Test func opWithoutGradientIsAnError() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.float32, shape: [2], name: "x")
            let y = try unaryOp("Inv", x, name: nil, location: SourceLocation(fileID: "", line: 0))
            #expect {
                _ = try gradients(y, x)
            } throws: { error in
                let e = error as? ScopeFlowError
                return e?.code == .unimplemented && e?.message.contains("No gradient defined for op type Inv") == true
            }
        }
    }

    @Test func unknownBatchDimensionUsesRuntimeShapes() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.float32, shape: [nil, 3], name: "x")
            let b = try placeholder(.float32, shape: [3], name: "b")
            let grads = try gradients(reduceSum(add(x, b)), [x, b])
            let feeds: [Tensor: HostTensor] = [x: try HostTensor([Float](repeating: 1, count: 6), shape: [2, 3]), b: HostTensor([Float(0), 0, 0])]
            let session = Session(graph: graph)
            #expect(try session.run(#require(grads[1]), feeds: feeds).floats == [2, 2, 2])
            #expect(try session.run(#require(grads[0]), feeds: feeds).shape == [2, 3])
        }
    }
}
