import ArgumentParser
import Foundation
import ScopeFlow
import ScopeFlowConformance

/// A 1,000-iteration `whileLoop` of tiny scalar ops per run, the workload of
/// Benchmarks/tf/while_loop.py: how much a loop iteration costs on the frame executor.
struct WhileLoopBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "while-loop", abstract: "ms per run of a 1,000-iteration while loop of tiny scalar ops.")

    @Option(help: "Runs per repetition.") var runs = 50
    @Option(help: "Repetitions; the median is reported.") var repeats = 3

    static let iterations: Int32 = 1000

    func validate() throws {
        try OptionCheck.atLeastOne(runs, "--runs")
        try OptionCheck.atLeastOne(repeats, "--repeats")
    }

    func run() throws {
        var progress = ProgressLine("bench while-loop", total: repeats)
        let graph = Graph()
        let (x0, result) = try graph.asDefault {
            let x0 = try placeholder(.float32, shape: [], name: "x0")
            let results = try whileLoop(
                cond: { try less($0[0], constant(Self.iterations)) },
                body: { [try $0[0] + constant(Int32(1)), try $0[1] * 0.999 + 1.0] },
                loopVars: [try constant(Int32(0)), x0])
            return (x0, results[1])
        }
        let session = Session(graph: graph)
        let feeds = [x0: HostTensor(scalar: Float(1))]
        let value = try session.run(result, feeds: feeds).floats?.first ?? .nan
        for _ in 0..<5 { _ = try session.run(result, feeds: feeds) }
        var samples: [Double] = []
        for repeat_ in 0..<repeats {
            progress.update(repeat_, "repetition \(repeat_ + 1)")
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<runs { _ = try session.run(result, feeds: feeds) }
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / Double(runs))
        }
        progress.clear()
        let median = samples.sorted()[samples.count / 2]
        emitJSONLine(
            bench: "while_loop",
            [
                (
                    "loop1000",
                    .object([
                        ("median_ms", .number(median)), ("reps_ms", .array(samples.map(JSONValue.number))),
                        ("runs_per_rep", .number(Double(runs))),
                        ("us_per_iteration", .number(median * 1e3 / Double(Self.iterations))),
                        ("value", .number(Double(value))),
                    ])
                )
            ])
    }
}
