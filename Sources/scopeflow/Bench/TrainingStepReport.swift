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
