import Testing

@testable import ScopeFlow

/// The plan computes ops of constants once and lets identities read their
/// input's slot; what a run returns must not change.
@Suite struct PlanFoldingTests {
    @Test func opsOfConstantsGiveTheSameValuesEveryRun() throws {
        let graph = Graph()
        let (sum, scaled) = try graph.asDefault {
            let a = try constant(HostTensor([1, 2, 3] as [Float]))
            let sum = try add(a, constant(HostTensor([10, 20, 30] as [Float])))
            let x = try placeholder(.float32, shape: [3], name: "x")
            return (sum, try multiply(sum, x))
        }
        let session = Session(graph: graph)
        let x = try #require(graph.tensor(named: "x:0"))
        for _ in 0..<2 {
            #expect(try session.run(sum).floats == [11, 22, 33])
            #expect(try session.run([scaled], feeds: [x: HostTensor([1, 0, -1] as [Float])])[0].floats == [11, 0, -33])
        }
    }

    @Test func randomOpsOfConstantsStillDrawAnewEachRun() throws {
        let graph = Graph()
        let draw = try graph.asDefault { try randomNormal(shape: [4]) }
        let session = Session(graph: graph)
        #expect(try session.run(draw).floats != session.run(draw).floats)
    }

    @Test func identitiesOfFedAndVariableTensorsReadTheCurrentValue() throws {
        let graph = Graph()
        let (x, doubled, v, snapshot, bump) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [2], name: "x")
            let doubled = try identity(stopGradient(x)) * constant(Float(2))
            let v = try Variable(1.0, name: "v")
            return (x, doubled, v, try identity(identity(v)), try assignAdd(v, constant(Float(1))))
        }
        let session = Session(graph: graph)
        try session.run(graph.asDefault { try globalVariablesInitializer() })
        #expect(try session.run([doubled], feeds: [x: HostTensor([1, 2] as [Float])])[0].floats == [2, 4])
        #expect(try session.run(snapshot).floats == [1])
        _ = try session.run(bump)
        #expect(try session.run(snapshot).floats == [2])
        #expect(try session.run(v).floats == [2])
    }
}

/// The size cap on folded constants: grappler's default 10 MiB of float32.
@Suite struct PlanFoldingSizeTests {
    @Test func constantsUpToTenMebibytesFoldLargerOnesRunEachTime() throws {
        let cap = SessionState.largestFoldedConstant
        #expect(cap == 10 * 1024 * 1024 / 4)
        let graph = Graph()
        let (fits, tooLarge) = try graph.asDefault {
            let half = try constant(HostTensor([0.5] as [Float]))
            return (try tile(half, multiples: [cap]), try tile(half, multiples: [cap + 1]))
        }
        let session = Session(graph: graph)
        let small = try session.run(fits).floats, large = try session.run(tooLarge).floats
        #expect(small?.count == cap && small?.allSatisfy { $0 == 0.5 } == true)
        #expect(large?.count == cap + 1 && large?.allSatisfy { $0 == 0.5 } == true)
        let steps = Dictionary(uniqueKeysWithValues: session.planReports().map { ($0.signature, $0.steps) })
        #expect(steps["fetches: \(fits.name); feeds: ; targets: "] == 0)
        #expect(steps["fetches: \(tooLarge.name); feeds: ; targets: "] == 1)
    }
}
