import ArgumentParser
import Foundation
import ScopeFlow
import ScopeFlowExamples

/// The options every ported model of `shared/models/` takes.
struct PortOptions: ParsableArguments {
    @Option(help: "Write the training graph in graph.txt's format (name op inputs) to FILE, to diff with TF's.")
    var writeGraphTxt: String?

    @Option(help: "Replay a recorded run (a folder of shared/models/) on the port and compare with TF's values.")
    var replay: String?

    @Option(help: "Training steps on synthetic batches (0: build only).")
    var steps = 0

    @Option(help: "Checkpoint to start training from (TF's init.ckpt or final.ckpt works); default: initialize.")
    var restore: String?

    @Option(help: "Folder for the TensorBoard run (train/) and the checkpoint (model.ckpt-STEPS).")
    var out = "scopeflow-out"

    @Option(help: "Seed of the synthetic batches.")
    var seed = 1

    func validate() throws { guard steps >= 0 else { throw ValidationError("--steps must be 0 or more.") } }
}

/// Builds `M`, then does what `options` ask: write its graph, replay a recorded run, train.
func runPort<M: PortedModel>(_: M.Type, _ options: PortOptions) throws {
    let graph = Graph()
    let model = try graph.asDefault { try M() }
    print("\(M.modelName): \(graph.operations.count) nodes")
    if let file = options.writeGraphTxt {
        try graph.graphText.write(toFile: file, atomically: true, encoding: .utf8)
        print("wrote the training graph to \(file)")
    }
    if let folder = options.replay {
        var progress = ProgressLine("replay \(M.modelName)")
        let outcome = try ModelReplay(folder: folder).run(on: graph) { check in
            progress.clear()
            if !check.comparison.matches { print("FAIL \(check.label): \(check.comparison.detail)") }
            progress.update(0, check.label)
        }
        progress.clear()
        print(
            "replay: \(outcome.passed) passed, \(outcome.failed) failed (worst |diff|/tolerance "
                + String(format: "%.3g", outcome.worstRatio) + ")")
        if outcome.failed > 0 { throw ExitCode(1) }
    }
    guard options.steps > 0 else { return }
    try train(model, graph: graph, options)
}

/// Trains `model` for `options.steps` steps, logging its monitored values to a TensorBoard run,
/// and saves a checkpoint that TF's program restores.
private func train<M: PortedModel>(_ model: M, graph: Graph, _ options: PortOptions) throws {
    // Summaries fed with the step's values, so they add nothing to the training graph's runs.
    let summaries = try graph.asDefault {
        try model.monitored.map { try Summary.scalar($0.name, $0.tensor) }
    }
    let saver = try graph.asDefault { try Saver() }
    let session = Session(graph: graph)
    if let checkpoint = options.restore {
        try saver.restore(session, from: checkpoint)
        print("restored \(checkpoint)")
    } else {
        try session.run(model.initializer)
    }
    let writer = try FileWriter(logdir: options.out + "/train", graph: graph)
    var random = SeededRandom(seed: UInt64(truncatingIfNeeded: options.seed))
    var progress = ProgressLine("step", total: options.steps)
    let names = model.monitored.map(\.name)
    for step in 1...options.steps {
        let values = try model.trainStep(session, random: &random)
        for (summary, (tensor, value)) in zip(summaries, zip(model.monitored.map(\.tensor), values)) {
            try writer.addSummary(
                try session.run(summary, feeds: [tensor: HostTensor(scalar: value)]), globalStep: step)
        }
        let shown = zip(names, values).map { "\($0) \(String(format: "%.4f", $1))" }.joined(separator: "  ")
        progress.update(step, shown)
        if step == 1 || step == options.steps || step % max(1, options.steps / 10) == 0 {
            progress.clear()
            print("step \(step)  \(shown)")
        }
    }
    progress.clear()
    try writer.close()
    let prefix = try saver.save(session, to: options.out + "/model.ckpt", globalStep: options.steps)
    print("TensorBoard run: \(options.out)/train; checkpoint: \(prefix)")
}

/// `scopeflow example mnist-cnn`: the port of shared/models/mnist_cnn.py.
struct MNISTCNNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mnist-cnn",
        abstract: "The TF1 Layers-tutorial CNN (shared/models/mnist_cnn), ported: write its graph, replay, train.")
    @OptionGroup var options: PortOptions
    func run() throws { try runPort(MNISTCNN.self, options) }
}

/// `scopeflow example dcgan`: the port of shared/models/dcgan.py.
struct DCGANCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcgan",
        abstract:
            "A tiny DCGAN (shared/models/dcgan), ported: write its graph, replay, train (D and G steps alternate).")
    @OptionGroup var options: PortOptions
    func run() throws { try runPort(DCGAN.self, options) }
}

/// `scopeflow example ptb-lstm`: the port of shared/models/ptb_lstm.py.
struct PTBLSTMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ptb-lstm",
        abstract:
            "The TF1 PTB word-LM tutorial (shared/models/ptb_lstm), ported: write its graph, replay, train.")
    @OptionGroup var options: PortOptions
    func run() throws { try runPort(PTBLSTM.self, options) }
}

/// `scopeflow example resnet-mini`: the port of shared/models/resnet_mini.py.
struct ResNetMiniCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resnet-mini",
        abstract:
            "A tiny ResNet (shared/models/resnet_mini), ported: write its graph, replay, train (Nesterov momentum "
            + "on a piecewise-constant rate, L2 penalties, moving averages).")
    @OptionGroup var options: PortOptions
    func run() throws { try runPort(ResNetMini.self, options) }
}

/// `scopeflow example bigru-tagger`: the port of shared/models/bigru_tagger.py.
struct BiGRUTaggerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bigru-tagger",
        abstract:
            "A bidirectional-GRU tagger with variable lengths (shared/models/bigru_tagger), ported: write its graph, "
            + "replay, train.")
    @OptionGroup var options: PortOptions
    func run() throws { try runPort(BiGRUTagger.self, options) }
}
