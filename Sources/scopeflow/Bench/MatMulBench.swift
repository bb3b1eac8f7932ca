import ArgumentParser
import Foundation
import ScopeFlow
import ScopeFlowConformance

/// fp32 square MatMul throughput through the Session, the workload of shared/bench/tf/matmul.py.
///
/// Per n: `single` runs `C = matmul(A, B)` of two variables as a target (kernel + one
/// run's overhead, as TF's `single`); `chain` runs R dependent matmuls in one run
/// (TF's `chain`); `fed` feeds A and B from the host and fetches C each run.
struct MatMulBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matmul", abstract: "fp32 square MatMul GFLOP/s via the Session, as matmul.py.")

    @Option(help: "Comma-separated sizes.") var sizes = "128,256,512,1024,2048"

    func validate() throws { _ = try OptionCheck.counts(sizes, "--sizes") }

    func run() throws {
        let sizes = try OptionCheck.counts(sizes, "--sizes")
        var progress = ProgressLine("bench matmul", total: sizes.count)
        var perSize: [(String, JSONValue)] = []
        for (index, n) in sizes.enumerated() {
            progress.update(index, "n = \(n)")
            perSize.append((String(n), try measure(n)))
        }
        progress.clear()
        emitJSONLine(bench: "matmul", [("scopeflow", .object(perSize)), ("gemm", .string(KernelSummary.float32Gemm))])
    }

    /// Median seconds per call over about 1.5 s of calls (matmul.py's `time_calls`), and the fastest.
    private func timeCalls(_ body: () throws -> Void) throws -> (median: Double, min: Double, calls: Int) {
        try body()
        let one = try BenchTiming.seconds(body)
        let calls = Int(max(10, min(3000, 1.5 / max(one, 1e-6))))
        let samples = try BenchTiming.samples(calls, warmUp: 0, body)
        return (BenchTiming.median(samples), samples[0], calls)
    }

    private func measure(_ n: Int) throws -> JSONValue {
        let chainLength = Int(min(64, max(1, (0.25e9 / (2 * pow(Double(n), 3))).rounded())))
        let graph = Graph()
        let (a, b, c, last, fedA, fedB, fedC, initializer) = try graph.asDefault {
            let a = try Variable(randomNormal(shape: [n, n], seed: 1), name: "A")
            let b = try Variable(randomNormal(shape: [n, n], stddev: 1 / Double(n).squareRoot(), seed: 2), name: "B")
            var x: Tensor = a.tensor
            for _ in 0..<chainLength { x = try matmul(x, b) }
            let fedA = try placeholder(.float32, shape: [n, n], name: "fedA")
            let fedB = try placeholder(.float32, shape: [n, n], name: "fedB")
            return (a, b, try matmul(a, b), x, fedA, fedB, try matmul(fedA, fedB), try globalVariablesInitializer())
        }
        let session = Session(graph: graph)
        try session.run(initializer)
        let flop = 2 * pow(Double(n), 3)
        let single = try timeCalls { try session.run(c.op) }
        let chain = try timeCalls { try session.run(last.op) }
        let hostA = try BenchTiming.tensor([n, n], seed: 1), hostB = try BenchTiming.tensor([n, n], seed: 2)
        let fed = try timeCalls { _ = try session.run(fedC, feeds: [fedA: hostA, fedB: hostB]) }
        return .object([
            ("single_gflops", .number(flop / single.median / 1e9)),
            ("single_ms", .number(single.median * 1e3)),
            ("single_min_ms", .number(single.min * 1e3)),
            ("chain_len", .number(Double(chainLength))),
            ("chain_gflops", .number(flop * Double(chainLength) / chain.median / 1e9)),
            ("chain_ms_per_matmul", .number(chain.median / Double(chainLength) * 1e3)),
            ("chain_best_gflops", .number(flop * Double(chainLength) / chain.min / 1e9)),
            ("fed_fetch_gflops", .number(flop / fed.median / 1e9)),
            ("calls", .numbers([single.calls, chain.calls, fed.calls].map(Double.init))),
            ("rel_err_vs_reference", .number(try relativeError(session, a, b, c, n))),
        ])
    }

    /// max |C − A·B| / max |A·B| against a plain triple loop on a few rows of C.
    private func relativeError(_ session: Session, _ a: Variable, _ b: Variable, _ c: Tensor, _ n: Int) throws -> Double {
        let values = try session.run([a, b, c])
        guard let av = values[0].floats, let bv = values[1].floats, let cv = values[2].floats else { return .nan }
        var maxError = 0.0, maxValue = 0.0
        for i in stride(from: 0, to: n, by: max(1, n / 8)) {
            for j in 0..<n {
                var sum = 0.0
                for k in 0..<n { sum += Double(av[i * n + k]) * Double(bv[k * n + j]) }
                maxError = max(maxError, abs(Double(cv[i * n + j]) - sum))
                maxValue = max(maxValue, abs(sum))
            }
        }
        return maxError / max(maxValue, 1e-30)
    }
}
