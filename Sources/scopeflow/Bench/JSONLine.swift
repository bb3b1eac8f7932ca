import ScopeFlowConformance

/// Prints one benchmark result as a JSON line:
/// `{"bench": name, "impl": "scopeflow", …results, "peak_rss_mib": …, "malloc_tuning": …, "blas_core_hint": …}`
/// (`peak_rss_mib` as in shared/bench/tf/common.py's `emit`; the last two say which process-wide
/// tunings were on, see ``RuntimeEnvironment``).
func emitJSONLine(bench: String, _ results: [(String, JSONValue)]) {
    let line: JSONValue = .object(
        [("bench", .string(bench)), ("impl", .string("scopeflow"))] + results
            + [("peak_rss_mib", .number(BenchTiming.peakRSSMiB()))]
            + RuntimeEnvironment.tuningReport.map { ($0.0, .bool($0.1)) })
    print(line.serialized)
}
