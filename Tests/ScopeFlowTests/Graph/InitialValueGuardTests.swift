import Testing

@testable import ScopeFlow

/// A variable initialized from another one's value reads it through that variable's initialized
/// value, as TF's `RefVariable` guards its initial value (`_try_guard_against_uninitialized_dependencies`).
@Suite struct InitialValueGuardTests {
    /// `tf.Variable(w * 3.0, name="v")`: TF's nodes (`v/IsVariableInitialized`, `v/cond/…`,
    /// `w/read_v`, `mul_v`) and values.
    @Test func initialValueReadingAVariableIsTFsGuardedCopy() throws {
        try RecordedResNetPieces.expectTF("guarded_initial_value") {
            let w = try Variable([1.0, -2.0], name: "w")
            _ = try Variable(w * 3.0, name: "v")
        }
    }

    /// The guard lets `v` be initialized before `w`: it then starts from `w`'s initial value.
    @Test func initializerRunsBeforeTheVariableItReads() throws {
        let graph = Graph()
        try graph.asDefault {
            let w = try Variable([1.0, -2.0], name: "w")
            let v = try Variable(w * 3.0, name: "v")
            let session = Session(graph: graph)
            try session.run(v.initializer)
            #expect(try session.run(v.tensor).floats == [3, -6])
            #expect(try session.run(isVariableInitialized(w)).bools == [false])
        }
    }
}
