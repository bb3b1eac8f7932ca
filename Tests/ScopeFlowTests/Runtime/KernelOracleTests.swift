import Testing
@testable import ScopeFlow

/// Every single-node oracle case, run through the kernel registry exactly as
/// the Session will: the node's type and attrs build the kernel, the recorded
/// inputs (placeholders and constants, in node order) feed it. Nodes fed by
/// another node's output (Softmax on a transpose, cross-entropy on reshapes)
/// need the graph and are covered by the math kernel tests and graph tests.
///
/// The cases whose kernels run on the GEMM (MatMul, BatchMatMul, Conv2D) run
/// again on each GEMM backend, so the pure-Swift GEMM and the system BLAS give
/// the oracle's answers on the same inputs.
@Suite struct KernelOracleTests {
    static let nodeCases = OpOracle.shared.cases.filter { oracleCase in
        guard !oracleCase.composite, let node = oracleCase.node else { return false }
        return node.inputs.allSatisfy { $0.tensor == nil }
    }

    static let gemmCases = nodeCases.filter { ["MatMul", "BatchMatMulV2", "Conv2D"].contains($0.node?.type ?? "") }

    @Test(arguments: nodeCases)
    func forwardMatchesTensorFlow(_ oracleCase: OpOracle.Case) throws {
        try Self.check(oracleCase, gemm: .automatic)
    }

    @Test(arguments: gemmCases)
    func forwardMatchesTensorFlowOnSwiftGemm(_ oracleCase: OpOracle.Case) throws {
        try Self.check(oracleCase, gemm: .swift)
    }

    @Test(arguments: gemmCases)
    func forwardMatchesTensorFlowOnTiles(_ oracleCase: OpOracle.Case) throws {
        try Self.check(oracleCase, gemm: .tiles)
    }

    @Test(.needsSystemBLAS, arguments: gemmCases)
    func forwardMatchesTensorFlowOnSystemBLAS(_ oracleCase: OpOracle.Case) throws {
        try Self.check(oracleCase, gemm: .system)
    }

    /// Runs the case's node on `gemm` and compares every output with the oracle.
    static func check(_ oracleCase: OpOracle.Case, gemm: GemmBackend) throws {
        let node = oracleCase.node!
        let byName = Dictionary(uniqueKeysWithValues: oracleCase.inputs.compactMap { r in r.name.map { ($0, r) } })
        let inputs: [HostTensor] = try node.inputs.map { input in
            if let name = input.placeholder, let record = byName[name] { return try record.hostTensor() }
            if let constant = input.const { return try constant.hostTensor() }
            throw ScopeFlowError(.unimplemented, "input \(input) of \(oracleCase.id)")
        }
        let context = KernelContext(
            opType: node.type, opName: node.name, attrs: AttrMap(node.attrs.mapValues(\.attrValue)), gemm: gemm)
        let outputs = try OpRegistry.kernel(for: context)(inputs)
        let expected = oracleCase.outputs
        try #require(outputs.count >= expected.count, "\(oracleCase.id): \(outputs.count) outputs")
        for (k, want) in expected.enumerated() {
            let mismatch = oracleMismatch(outputs[k], want, oracleCase.tol.forward)
            #expect(mismatch == nil, "\(oracleCase.id) output \(k) on \(gemm): \(mismatch ?? "")")
        }
    }
}
