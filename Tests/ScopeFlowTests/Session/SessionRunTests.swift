import Testing
@testable import ScopeFlow

/// `Session.run`: fetches, feeds, targets and plan reuse, with hand-computed answers.
@Suite struct SessionRunTests {
    @Test func fetchesAConstantExpression() throws {
        let graph = Graph()
        let sum = try graph.asDefault { try add(constant([1, 2] as [Float]), constant([10, 20] as [Float])) }
        let value = try Session(graph: graph).run(sum)
        #expect(value.shape == [2])
        #expect(value.floats == [11, 22])
    }

    @Test func defaultSessionRunsTheDefaultGraph() throws {
        let graph = Graph()
        let value = try graph.asDefault {
            let product = try multiply(constant(Float(3)), constant(Float(4)))
            return try Session().run(product)
        }
        #expect(value.floats == [12])
    }

    @Test func feedsAPlaceholder() throws {
        let graph = Graph()
        let (x, y) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [2], name: "x")
            return (x, try x * 3.0)
        }
        let session = Session(graph: graph)
        #expect(try session.run(y, feeds: [x: HostTensor([1, 2] as [Float])]).floats == [3, 6])
        #expect(try session.run(y, feeds: [x: HostTensor([-1, 5] as [Float])]).floats == [-3, 15])
    }

    @Test func placeholderOfUnknownShapeTakesAnyShape() throws {
        let graph = Graph()
        let (x, y) = try graph.asDefault {
            let x = try placeholder(.int32, shape: [nil, 2])
            return (x, try x + x)
        }
        let fed = try HostTensor([1, 2, 3, 4, 5, 6] as [Int32], shape: [3, 2])
        let value = try Session(graph: graph).run(y, feeds: [x: fed])
        #expect(value.shape == [3, 2])
        #expect(value.int32s == [2, 4, 6, 8, 10, 12])
    }

    @Test func fetchesSeveralTensorsInOrder() throws {
        let graph = Graph()
        let (a, b, c) = try graph.asDefault {
            let a = try constant(Float(2))
            let b = try a * 5.0
            return (a, b, try b - a)
        }
        let values = try Session(graph: graph).run([c, a, b])
        #expect(values.map(\.floats) == [[8], [2], [10]])
    }

    @Test func valuesReadSeveralTimesOrFetchedSurviveTheirConsumers() throws {
        let graph = Graph()
        let (x, square, out) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [], name: "x")
            let square = try x * x
            return (x, square, try (square + square) + x)
        }
        let session = Session(graph: graph)
        for _ in 0..<2 {
            let values = try session.run([square, out, x], feeds: [x: HostTensor(scalar: Float(3))])
            #expect(values.map(\.floats) == [[9], [21], [3]])
        }
    }

    @Test func feedingAnInnerTensorCutsTheGraph() throws {
        let graph = Graph()
        let (x, hidden, out) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [], name: "x")
            let hidden = try x * 2.0
            return (x, hidden, try hidden + 1.0)
        }
        let session = Session(graph: graph)
        // The unfed placeholder is not needed once `hidden` is fed.
        #expect(try session.run(out, feeds: [hidden: HostTensor(scalar: Float(10))]).floats == [11])
        #expect(try session.run(out, feeds: [x: HostTensor(scalar: Float(10))]).floats == [21])
        // Fetching a fed tensor returns the fed value.
        #expect(try session.run(hidden, feeds: [hidden: HostTensor(scalar: Float(7))]).floats == [7])
    }

    @Test func feedsAndFetchesTogetherWithTargets() throws {
        let graph = Graph()
        let (x, y, counter, bump) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [], name: "x")
            let counter = try Variable(0.0, name: "counter")
            return (x, try x + 1.0, counter, try assignAdd(counter, constant(Float(1))).op)
        }
        let session = Session(graph: graph)
        try session.run(counter.initializer)
        let values = try session.run([y], feeds: [x: HostTensor(scalar: Float(4))], targets: [bump])
        #expect(values.map(\.floats) == [[5]])
        try session.run(targets: [bump, bump])
        #expect(try session.run(counter).floats == [2])
    }

    @Test func controlInputsRunBeforeTheOp() throws {
        let graph = Graph()
        let (v, bump, reread) = try graph.asDefault {
            let v = try Variable(1.0, name: "v")
            let bump = try assignAdd(v, constant(Float(10)))
            // A fresh read of the variable's reference that must wait for the update.
            let reread = try graph.addOperation(
                type: "Identity", name: "reread", defaultName: "Identity", inputs: [v.ref],
                controlInputs: [bump.op], attrs: ["T": .type(.float32)],
                location: SourceLocation(fileID: #fileID, line: #line)
            ) { _ in [OutputSpec(dtype: .float32, shape: v.shape)] }
            return (v, bump, reread.output(0))
        }
        let session = Session(graph: graph)
        try session.run(v.initializer)
        #expect(try session.run(reread).floats == [11])
        #expect(try session.run(reread).floats == [21])
        #expect(try session.run(bump).floats == [31])
    }

    @Test func aSecondRunReusesThePlanAndANewSessionRepeatsTheFirst() throws {
        let graph = Graph()
        let draw = try graph.asDefault { try randomUniform(shape: [4], seed: 7) }
        let session = Session(graph: graph)
        let first = try #require(try session.run(draw).floats)
        let second = try #require(try session.run(draw).floats)
        #expect(first != second)
        #expect(try Session(graph: graph).run(draw).floats == first)
        // Another signature of the same session continues the op's stream.
        let third = try session.run([draw, draw])
        #expect(third[0].floats != first && third[0].floats != second)
        #expect(third[0].floats == third[1].floats)
    }
}
