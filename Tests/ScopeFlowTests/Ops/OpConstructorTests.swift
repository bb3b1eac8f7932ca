import Testing
@testable import ScopeFlow

/// Oracle cases whose TF graph ScopeFlow builds differently on purpose (see the report in the constructors' docs).
let knownGraphDifferences: Set<String> = ["Softmax/axis0"]

@Suite("Op constructors against the TF oracle")
struct OpConstructorTests {
    static let cases = OpOracle.shared.cases.filter { opBuilders[$0.api] != nil }

    @Test("graph_ops, output shapes and dtypes match TF", arguments: cases)
    func matchesOracle(_ c: OpOracle.Case) throws {
        let graph = Graph()
        let (outputs, created) = try graph.asDefault {
            let outputs = try BuiltOracleCase(c).outputs
            let created = graph.operations.filter { $0.type != "Placeholder" }.map { [$0.name, $0.type] }
            return (outputs, created)
        }
        if !knownGraphDifferences.contains(c.id) {
            #expect(created == c.graph_ops, "graph_ops of \(c.id)")
        }
        try #require(outputs.count == c.outputs.count)
        for (k, (got, want)) in zip(outputs, c.outputs).enumerated() {
            let shape = c.static_shapes.map { $0[k].map(Shape.init) ?? .unknown } ?? Shape(known: want.shape)
            #expect(got.shape == shape, "shape of \(c.id)")
            #expect(got.dtype.rawValue == want.dtype, "dtype of \(c.id)")
        }
    }
}
