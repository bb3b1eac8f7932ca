import Testing
@testable import ScopeFlow

/// Every oracle case rebuilt with ScopeFlow's op constructors (composites
/// included) and run by a Session twice (interpreted, then compiled where the
/// plan can be): the forward values must match TF's within the oracle's
/// forward tolerance both times.
@Suite("Forward values through graph and Session against the TF oracle")
struct ForwardOracleTests {
    static let cases = OpOracle.shared.cases.filter { opBuilders[$0.api] != nil }

    @Test func everyCaseHasABuilder() {
        let missing = OpOracle.shared.cases.filter { opBuilders[$0.api] == nil }.map(\.id)
        #expect(missing.isEmpty, "cases without a builder: \(missing)")
    }

    @Test("forward values match TF", arguments: cases)
    func matchesOracle(_ c: OpOracle.Case) throws {
        let graph = Graph()
        let built = try graph.asDefault { try BuiltOracleCase(c) }
        // The second run takes the compiled plan when every value is float32.
        let session = Session(graph: graph)
        for run in ["interpreted", "second"] {
            let values = try session.run(built.outputs, feeds: built.feeds)
            #expect(values.count == c.outputs.count, "\(c.id): \(values.count) outputs")
            for (k, (value, want)) in zip(values, c.outputs).enumerated() {
                let mismatch = oracleMismatch(value, want, c.tol.forward)
                #expect(mismatch == nil, "\(c.id) output \(k), \(run) run: \(mismatch ?? "")")
            }
        }
    }
}
