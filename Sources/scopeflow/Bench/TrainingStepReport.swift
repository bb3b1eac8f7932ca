import ScopeFlow
import ScopeFlowConformance

/// The JSON keys the training-step workloads (`bn-cnn`, `deconv-gan`) share with their TF twins
/// in Benchmarks/tf/: the step timings and a census of the graph, so the two sides' lines show
/// that they built the same computation.
enum TrainingStepReport {
    /// `first_step_ms`, the median, fastest and slowest of the sorted `samples` (seconds) in ms,
    /// `steps_per_s` from the median, and `steps`.
    static func timings(firstStep: Double, samples: [Double]) -> [(String, JSONValue)] {
        let median = BenchTiming.median(samples)
        return [
            ("first_step_ms", .number(firstStep * 1e3)),
            ("step_ms", .number(median * 1e3)),
            ("step_min_ms", .number((samples.first ?? .nan) * 1e3)),
            ("step_max_ms", .number((samples.last ?? .nan) * 1e3)),
            ("steps_per_s", .number(1 / median)),
            ("steps", .number(Double(samples.count))),
        ]
    }

    /// Runs a training-step workload after its graph is built: `profileSteps` steps and nothing
    /// printed when given; otherwise the first step, `warmUp` untimed and `steps` timed steps,
    /// `loss` before and after, then one JSON line with `shape`, the build time, the timings, the
    /// graph's census and how each plan ran.
    static func measure(
        bench: String, shape: JSONValue, buildMilliseconds: Double, graph: Graph, session: Session, loss: Tensor,
        feeds: [Tensor: HostTensor], steps: Int, warmUp: Int, profileSteps: Int?, progress: inout ProgressLine,
        trainStep: () throws -> Void
    ) throws {
        if let profileSteps {
            for _ in 0..<profileSteps { try trainStep() }
            return
        }
        progress.phase("first training step")
        let lossBefore = try session.run(loss, feeds: feeds).floats?.first ?? .nan
        let firstStep = try BenchTiming.seconds(trainStep)
        progress.phase("timing \(steps) training steps")
        let samples = try BenchTiming.samples(steps, warmUp: warmUp, trainStep)
        let lossAfter = try session.run(loss, feeds: feeds).floats?.first ?? .nan
        progress.clear()
        emitJSONLine(
            bench: bench,
            [("shape", shape), ("build_ms", .number(buildMilliseconds))]
                + timings(firstStep: firstStep, samples: samples) + [
                    ("loss_before", .number(Double(lossBefore))), ("loss_after", .number(Double(lossAfter))),
                    ("warm_up", .number(Double(warmUp))),
                ] + census(graph) + [("plans", .array(session.planReports().map { .string($0.description) }))])
    }

    /// `graph_ops` (the number of nodes) and `op_types` (nodes per op type, by type name).
    static func census(_ graph: Graph) -> [(String, JSONValue)] {
        let operations = graph.operations
        let counts = Dictionary(grouping: operations, by: \.type).mapValues(\.count)
        return [
            ("graph_ops", .number(Double(operations.count))),
            ("op_types", .object(counts.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) })),
        ]
    }
}
