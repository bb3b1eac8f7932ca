import Testing
@testable import ScopeFlow

/// Every oracle case's gradients: the case is rebuilt with ScopeFlow's
/// constructors, `loss = Σ_k reduceSum(out_k · W_k)`, and `gradients(loss, inputs)`
/// must match TF's values, or be nil exactly where TF gives None.
@Suite("Gradients against the TF oracle")
struct GradientOracleTests {
    static let cases = OpOracle.shared.cases.filter { opBuilders[$0.api] != nil && !$0.grads.isEmpty }

    @Test("gradient values and nil-ness match TF", arguments: cases)
    func matchesOracle(_ c: OpOracle.Case) throws {
        let graph = Graph()
        let (grads, feeds) = try graph.asDefault {
            let built = try BuiltOracleCase(c)
            var terms: [Tensor] = []
            for (output, weights) in zip(built.outputs, c.W) {
                guard let weights else { continue }
                terms.append(try reduceSum(multiply(output, constant(weights.hostTensor()))))
            }
            let xs = try c.grads.map { try #require(built.inputs[$0.input]) }
            let ys = terms.isEmpty ? built.outputs : [try terms.count == 1 ? terms[0] : addN(terms)]
            return (try gradients(ys, xs), built.feeds)
        }
        let session = Session(graph: graph)
        for (got, want) in zip(grads, c.grads) {
            guard let values = want.values else {
                #expect(got == nil, "\(c.id): TF gives no gradient for \(want.input), ScopeFlow gives \(got?.name ?? "")")
                continue
            }
            let gradient = try #require(got, "\(c.id): no gradient for \(want.input)")
            let record = OpOracle.TensorRecord(
                dtype: want.dtype ?? "", shape: want.shape ?? [], values: values, name: want.input)
            // The second run takes the compiled plan when every value is float32.
            for run in ["interpreted", "second"] {
                let value = try session.run(gradient, feeds: feeds)
                let mismatch = oracleMismatch(value, record, c.tol.grad)
                #expect(mismatch == nil, "\(c.id) d/d\(want.input), \(run) run: \(mismatch ?? "")")
            }
        }
    }
}
