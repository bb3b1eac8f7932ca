import ArgumentParser
import ScopeFlow
import ScopeFlowConformance
import ScopeFlowExamples

/// A batch-norm CNN training step (issue 26): the ResNet of `shared/models/resnet_mini.py`, built by
/// ``ResNetMini`` for 64 images of 32 × 32 × 3 (conv 3 × 3 of 8 filters + fused batch norm in
/// training mode + relu, two residual blocks, global average pool, dense 10, L2 penalties, Nesterov
/// momentum on a piecewise-constant rate after the batch-norm updates, then the moving averages).
/// One `Session.run` of the model's `train_op` per step, fed the same images and labels each time:
/// the workload of Benchmarks/tf/bn_cnn.py.
struct BNCNNBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bn-cnn", abstract: "ms per training step of resnet_mini scaled to 64 × 32×32×3, as bn_cnn.py.")

    @Option(help: "Timed training steps.") var steps = 30
    @Option(help: "Untimed training steps before them (after the first).") var warmUp = 5
    @Option(help: "Only run this many training steps and print nothing (for a profiler such as perf).")
    var profileSteps: Int?

    static let (batch, side) = (64, 32)

    func validate() throws {
        try OptionCheck.atLeastOne(steps, "--steps")
        guard warmUp >= 0 else { throw ValidationError("--warm-up must be 0 or more, got \(warmUp).") }
        if let profileSteps { try OptionCheck.atLeastOne(profileSteps, "--profile-steps") }
    }

    func run() throws {
        var progress = ProgressLine("bench bn-cnn", quiet: profileSteps != nil)
        progress.phase("building resnet_mini for \(Self.batch) × \(Self.side)×\(Self.side)×3")
        let graph = Graph()
        var buildMilliseconds = 0.0
        let model = try graph.asDefault {
            let start = BenchTiming.now()
            let model = try ResNetMini(batch: Self.batch, side: Self.side)
            buildMilliseconds = (BenchTiming.now() - start) * 1e3
            return model
        }
        let labels = BenchTiming.floats(Self.batch, seed: 2).map { Int64(min(9, ($0 + 1) * 5)) }
        let feeds: [Tensor: HostTensor] = [
            model.images: try BenchTiming.tensor([Self.batch, Self.side, Self.side, 3], seed: 1),
            model.labels: try HostTensor(storage: .int64(labels), shape: [Self.batch]),
        ]
        let session = Session(graph: graph)
        try session.run(model.initializer)
        let trainStep = { try session.run(model.trainAndAverage, feeds: feeds) }
        let shape: JSONValue = .object([
            ("batch", .number(Double(Self.batch))), ("hw", .numbers([Double(Self.side), Double(Self.side)])),
            ("channels", .number(3)),
        ])
        try TrainingStepReport.measure(
            bench: "bn_cnn", shape: shape, buildMilliseconds: buildMilliseconds, graph: graph, session: session,
            loss: model.loss, feeds: feeds, steps: steps, warmUp: warmUp, profileSteps: profileSteps,
            progress: &progress, trainStep: trainStep)
    }
}
