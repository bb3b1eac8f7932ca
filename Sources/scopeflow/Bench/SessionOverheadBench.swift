import ArgumentParser
import Foundation
import ScopeFlow
import ScopeFlowConformance

/// Per-`run` overhead of the Session, the workload of shared/bench/tf/session_overhead.py.
struct SessionOverheadBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session-overhead",
        abstract: "µs per run of a tiny Add with feed and fetch, and per op of a 100-op chain.")

    @Option(help: "Runs per repetition.") var runs = 10_000
    @Option(help: "Repetitions; the median is reported.") var repeats = 3

    func validate() throws {
        try OptionCheck.atLeastOne(runs, "--runs")
        try OptionCheck.atLeastOne(repeats, "--repeats")
    }

    func run() throws {
        var progress = ProgressLine("bench session-overhead", total: 4)
        let graph = Graph()
        try graph.asDefault {
            let a = try placeholder(.float32, shape: [], name: "a")
            let c = try a + 1.0
            let v = try Variable(2.0, name: "v")
            let c2 = try v + 1.0
            let initializer = try globalVariablesInitializer()
            let x0 = try placeholder(.float32, shape: [], name: "x0")
            let p = try placeholder(.float32, shape: [], name: "p")
            var x = x0
            for i in 0..<100 { x = i % 2 == 0 ? try x * p : try x + p }
            let chainEnd = x

            let session = Session(graph: graph)
            try session.run(initializer)
            let one = HostTensor(scalar: Float(1))
            var results: [(String, JSONValue)] = []
            progress.update(0, "add_feed_fetch")
            results.append(("add_feed_fetch", try measure(runs) { _ = try session.run(c, feeds: [a: one]) }))
            progress.update(1, "add_fetch_nofeed")
            results.append(("add_fetch_nofeed", try measure(runs) { _ = try session.run(c2) }))
            progress.update(2, "add_target_only")
            results.append(("add_target_only", try measure(runs) { try session.run(c.op, feeds: [a: one]) }))
            progress.update(3, "chain100_feed_fetch")
            let chainRuns = max(1000, runs / 5)
            results.append(
                ("chain100_feed_fetch", try measure(chainRuns) { _ = try session.run(chainEnd, feeds: [x0: one, p: one]) }))
            let add = median(results[0].1), chain = median(results[3].1)
            results.append(("chain100_marginal_us_per_op", .number((chain - add) / 99)))
            progress.clear()
            emitJSONLine(bench: "session_overhead", results)
        }
    }

    private func median(_ value: JSONValue) -> Double { value["median_us"]?.numberValue ?? .nan }

    /// Median µs per call of `body` over `repeats` repetitions of `count` calls, after a warm-up.
    private func measure(_ count: Int, _ body: () throws -> Void) throws -> JSONValue {
        for _ in 0..<200 { try body() }
        var samples: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<count { try body() }
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(count))
        }
        let sorted = samples.sorted()
        return .object([
            ("median_us", .number(sorted[sorted.count / 2])), ("reps_us", .array(samples.map(JSONValue.number))),
            ("runs_per_rep", .number(Double(count))),
        ])
    }
}
