import Testing

@testable import ScopeFlow

/// `ExponentialMovingAverage` against TF 2.21's graph, values, names and restore map.
@Suite struct ExponentialMovingAverageTests {
    /// Two averagers: one limited by the global step after an update, one plain; the shadows'
    /// guarded initial values, names, collections and `variables_to_restore` are TF's.
    @Test func exponentialMovingAverageIsTFs() throws {
        var facts: (ExponentialMovingAverage, ExponentialMovingAverage, Variable)?
        let graph = try RecordedResNetPieces.expectTF("exponential_moving_average") {
            let v = try getVariable("v", shape: [2], initializer: .constant(1.0))
            let w = try getVariable("w", shape: [], initializer: .constant(-3.0))
            let step = try getOrCreateGlobalStep()
            let newV = try placeholder(.float32, shape: [2], name: "new_v")
            let update = try group(
                [assign(v, newV), assign(w, w * 2.0), RecordedResNetPieces.incrementing(step, name: "AssignAdd")],
                name: "update")
            let averager = try ExponentialMovingAverage(decay: 0.9, numUpdates: step)
            try controlDependencies([update]) { _ = try averager.apply([v, w]) }
            let plain = try ExponentialMovingAverage(decay: 0.5, name: "plain")
            try plain.apply([v])
            facts = (averager, plain, v)
        }
        let (averager, plain, v) = try #require(facts)
        #expect(averager.averageName(of: v) == "v/ExponentialMovingAverage")
        #expect(plain.averageName(of: v) == "v/plain")
        #expect(averager.average(of: v)?.name == "v/ExponentialMovingAverage:0")
        let restore = try graph.asDefault { try averager.variablesToRestore() }
        #expect(
            restore.mapValues(\.name)
                == [
                    "global_step": "global_step:0", "v/ExponentialMovingAverage": "v:0", "v/plain": "v/plain:0",
                    "w/ExponentialMovingAverage": "w:0",
                ])
    }

    @Test func exponentialMovingAverageRejectsBadInput() throws {
        let graph = Graph()
        try graph.asDefault {
            #expect(throws: ScopeFlowError.self) { try ExponentialMovingAverage(decay: .nan) }
            let vector = try placeholder(.float32, shape: [2])
            #expect(throws: ScopeFlowError.self) { try ExponentialMovingAverage(decay: 0.9, numUpdates: vector) }
            let counter = try Variable(try HostTensor(storage: .int32([1]), shape: []), name: "counter")
            #expect(throws: ScopeFlowError.self) { try ExponentialMovingAverage(decay: 0.9).apply([counter]) }
        }
    }
}
