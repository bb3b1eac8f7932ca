import Testing
@testable import ScopeFlow

/// `Session.run` errors, in TensorFlow's wording.
@Suite struct SessionErrorTests {
    @Test func feedOfWrongShapeIsRejected() throws {
        let graph = Graph()
        let (x, y) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [2], name: "x")
            return (x, try x + 1.0)
        }
        let error = try #require(throws: ScopeFlowError.self) {
            try Session(graph: graph).run(y, feeds: [x: HostTensor([1, 2, 3] as [Float])])
        }
        #expect(error.code == .shapeMismatch)
        #expect(error.message.hasPrefix("Cannot feed value of shape (3,) for Tensor 'x:0', which has shape '(2,)'"))
        #expect(error.names == ["x:0"])
    }

    @Test func feedOfWrongRankNamesUnknownDimensionsAsNone() throws {
        let graph = Graph()
        let x = try graph.asDefault { try placeholder(.float32, shape: [nil, 2], name: "x") }
        let error = try #require(throws: ScopeFlowError.self) {
            try Session(graph: graph).run(x, feeds: [x: HostTensor(scalar: Float(1))])
        }
        #expect(error.message.hasPrefix("Cannot feed value of shape () for Tensor 'x:0', which has shape '(None, 2)'"))
    }

    @Test func feedOfWrongDTypeIsRejected() throws {
        let graph = Graph()
        let x = try graph.asDefault { try placeholder(.float32, shape: [2], name: "x") }
        let error = try #require(throws: ScopeFlowError.self) {
            try Session(graph: graph).run(x, feeds: [x: HostTensor([1, 2] as [Int32])])
        }
        #expect(error.code == .dtypeMismatch)
        #expect(error.names == ["x:0"])
    }

    @Test func unfedPlaceholderIsReported() throws {
        let graph = Graph()
        let (y, z) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [2], name: "x")
            let free = try placeholder(.int32, name: "free")
            return (try x * 2.0, try free + free)
        }
        let session = Session(graph: graph)
        let error = try #require(throws: ScopeFlowError.self) { try session.run(y) }
        #expect(error.code == .invalidArgument)
        #expect(error.message.hasPrefix("You must feed a value for placeholder tensor 'x' with dtype float and shape [2]"))
        #expect(error.names == ["x"])
        let unknown = try #require(throws: ScopeFlowError.self) { try session.run(z) }
        #expect(unknown.message.hasPrefix("You must feed a value for placeholder tensor 'free' with dtype int32."))
        // A failed compile is not cached: the same signature fails again.
        #expect(throws: ScopeFlowError.self) { try session.run(y) }
    }

    @Test func tensorsOfAnotherGraphAreRejected() throws {
        let graph = Graph()
        let other = Graph()
        let mine = try graph.asDefault { try constant(Float(1)) }
        let (foreign, foreignOp) = try other.asDefault {
            let c = try constant(Float(2), name: "c")
            return (c, try noOp(name: "nothing"))
        }
        let session = Session(graph: graph)
        let fetch = try #require(throws: ScopeFlowError.self) { try session.run(foreign) }
        #expect(fetch.code == .differentGraphs)
        #expect(fetch.message.contains("is not an element of this graph."))
        #expect(fetch.names == ["c:0"])
        let feed = try #require(throws: ScopeFlowError.self) {
            try session.run(mine, feeds: [foreign: HostTensor(scalar: Float(0))])
        }
        #expect(feed.code == .differentGraphs)
        let target = try #require(throws: ScopeFlowError.self) { try session.run(foreignOp) }
        #expect(target.code == .differentGraphs)
        #expect(target.names == ["nothing"])
    }

    @Test func kernelErrorsNameTheOp() throws {
        let graph = Graph()
        let (a, b, product) = try graph.asDefault {
            let a = try placeholder(.float32, name: "a")
            let b = try placeholder(.float32, name: "b")
            return (a, b, try matmul(a, b, name: "product"))
        }
        let error = try #require(throws: ScopeFlowError.self) {
            try Session(graph: graph).run(
                product, feeds: [a: HostTensor([1, 2, 3] as [Float]), b: HostTensor([1, 2] as [Float])])
        }
        #expect(error.message.contains("product"))
        #expect(error.names.contains("product"))
    }
}
