import ArgumentParser
import ScopeFlow
import ScopeFlowConformance
import ScopeFlowExamples

/// A `conv2dTranspose` generator training step (issue 26): the DCGAN of `shared/models/dcgan.py`,
/// built by ``DCGAN`` for 64 images of 32 × 32 × 3 (generator: dense z → 8×8×16, batch norm, relu,
/// transposed conv 5 × 5 stride 2 → 16×16×8, batch norm, relu, transposed conv → 32×32×3, tanh;
/// the discriminator on the real and the generated batch). Each step is one `Session.run` of the
/// model's generator step (`g_train`: Adam on the generator's variables after its batch-norm
/// updates, the loss taken through the discriminator), fed the same noise each time: the workload
/// of Benchmarks/tf/deconv_gan.py.
struct DeconvGANBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deconv-gan",
        abstract: "ms per generator training step of dcgan scaled to 64 × 32×32×3, as deconv_gan.py.")

    @Option(help: "Timed training steps.") var steps = 30
    @Option(help: "Untimed training steps before them (after the first).") var warmUp = 5
    @Option(help: "Only run this many training steps and print nothing (for a profiler such as perf).")
    var profileSteps: Int?

    static let (batch, side, channels) = (64, 32, 3)

    func validate() throws {
        try OptionCheck.atLeastOne(steps, "--steps")
        guard warmUp >= 0 else { throw ValidationError("--warm-up must be 0 or more, got \(warmUp).") }
        if let profileSteps { try OptionCheck.atLeastOne(profileSteps, "--profile-steps") }
    }

    func run() throws {
        var progress = ProgressLine("bench deconv-gan", quiet: profileSteps != nil)
        progress.phase("building dcgan for \(Self.batch) × \(Self.side)×\(Self.side)×\(Self.channels)")
        let graph = Graph()
        var buildMilliseconds = 0.0
        let model = try graph.asDefault {
            let start = BenchTiming.now()
            let model = try DCGAN(batch: Self.batch, side: Self.side, channels: Self.channels)
            buildMilliseconds = (BenchTiming.now() - start) * 1e3
            return model
        }
        let noise = try BenchTiming.tensor([Self.batch, DCGAN.noiseSize], seed: 1)
        let feeds = [model.z: noise]
        let session = Session(graph: graph)
        try session.run(model.initializer)
        let trainStep = { try session.run(model.generatorTrain, feeds: feeds) }
        let shape: JSONValue = .object([
            ("batch", .number(Double(Self.batch))), ("hw", .numbers([Double(Self.side), Double(Self.side)])),
            ("channels", .number(Double(Self.channels))), ("noise", .number(Double(DCGAN.noiseSize))),
        ])
        try TrainingStepReport.measure(
            bench: "deconv_gan", shape: shape, buildMilliseconds: buildMilliseconds, graph: graph, session: session,
            loss: model.generatorLoss, feeds: feeds, steps: steps, warmUp: warmUp, profileSteps: profileSteps,
            progress: &progress, trainStep: trainStep)
    }
}
