import Testing
@testable import ScopeFlow

/// Every single-node oracle case, run through the kernel registry exactly as
/// the Session will: the node's type and attrs build the kernel, the recorded
/// inputs (placeholders and constants, in node order) feed it. Nodes fed by
/// another node's output (Softmax on a transpose, cross-entropy on reshapes)
/// need the graph and are covered by the math kernel tests and graph tests.
@Suite struct KernelOracleTests {
    static let nodeCases = OpOracle.shared.cases.filter { oracleCase in
        guard !oracleCase.composite, let node = oracleCase.node else { return false }
        return node.inputs.allSatisfy { $0.tensor == nil }
    }

    @Test(arguments: nodeCases)
    func forwardMatchesTensorFlow(_ oracleCase: OpOracle.Case) throws {
        let node = oracleCase.node!
        let byName = Dictionary(uniqueKeysWithValues: oracleCase.inputs.compactMap { r in r.name.map { ($0, r) } })
        let inputs: [HostTensor] = try node.inputs.map { input in
            if let name = input.placeholder, let record = byName[name] { return try record.hostTensor() }
            if let constant = input.const { return try constant.hostTensor() }
            throw ScopeFlowError(.unimplemented, "input \(input) of \(oracleCase.id)")
        }
        let context = KernelContext(
            opType: node.type, opName: node.name, attrs: AttrMap(node.attrs.mapValues(\.attrValue)))
        let outputs = try KernelRegistry.kernel(for: context)(inputs)
        let expected = oracleCase.outputs
        try #require(outputs.count >= expected.count, "\(oracleCase.id): \(outputs.count) outputs")
        for (k, want) in expected.enumerated() {
            let mismatch = oracleMismatch(outputs[k], want, oracleCase.tol.forward)
            #expect(mismatch == nil, "\(oracleCase.id) output \(k): \(mismatch ?? "")")
        }
    }
}
