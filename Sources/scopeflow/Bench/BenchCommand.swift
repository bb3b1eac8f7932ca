import ArgumentParser

/// `scopeflow bench WORKLOAD`: ScopeFlow's side of the side-by-side
/// benchmarks (shared/bench/tf/ is TensorFlow's side). Each workload prints
/// one JSON line with the same keys as its TensorFlow twin. Build with `-c release`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Run a benchmark workload and print one JSON line.",
        subcommands: [
            GraphBuildBench.self, SessionOverheadBench.self, RNNSeedBench.self, MatMulBench.self, ConvBench.self,
            ImportOnlyBench.self, WhileLoopBench.self, ModelBench.self, BNCNNBench.self, DeconvGANBench.self,
        ])
}
