import ArgumentParser
import Foundation
import ScopeFlow
import ScopeFlowExamples

/// `scopeflow example rnn`: trains the seed's RNN and shows that the test RNN
/// (built after `scope.reuseVariables()`) uses the trained weights. Writes a
/// TensorBoard run and a checkpoint under the output folder.
struct RNNExampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rnn", abstract: "Train the seed RNN; its test twin shares the trained weights.")

    @Option(help: "Training steps.") var steps = 300
    @Option(help: "Output folder for the TensorBoard run and the checkpoint.") var out = "scopeflow-out"

    func validate() throws { try OptionCheck.atLeastOne(steps, "--steps") }

    func run() throws {
        let start = Date()
        let example = try SeedRNNTraining()
        print("built train and test RNNs in \(String(format: "%.1f", Date().timeIntervalSince(start) * 1000)) ms, "
            + "\(example.graph.operations.count) ops; variables:")
        for variable in try example.graph.variables() { print("  \(variable.name) \(variable.shape)") }
        let before = try example.testPrediction()
        let runDirectory = (out as NSString).appendingPathComponent("rnn")
        let writer = try FileWriter(logdir: runDirectory, graph: example.graph)
        let initialLoss = try example.loss()
        print("step     0  loss \(String(format: "%.5f", initialLoss))")
        var windowStart = Date()
        var progress = ProgressLine("step", total: steps)
        var lastLoss = "loss \(String(format: "%.5f", initialLoss))"
        for step in 1...steps {
            let summary = try example.step()
            if step % 10 == 0 { try writer.addSummary(summary, globalStep: step) }
            if step % 50 == 0 || step == steps {
                let rate = 50 / max(Date().timeIntervalSince(windowStart), 1e-9)
                lastLoss = "loss \(String(format: "%.5f", try example.loss()))"
                progress.clear()
                print("step \(String(format: "%5d", step))  \(lastLoss)  \(String(format: "%.0f", rate)) steps/s")
                windowStart = Date()
            }
            progress.update(step, lastLoss)
        }
        progress.clear()
        try writer.close()
        let finalLoss = try example.loss()
        let after = try example.testPrediction()
        let trainFirst = try example.trainPredictionAtFirstStep()
        let shared = zip(after, trainFirst).map { abs($0 - $1) }.max() ?? .nan
        let moved = zip(after, before).map { abs($0 - $1) }.max() ?? .nan
        print("loss \(String(format: "%.5f", initialLoss)) → \(String(format: "%.5f", finalLoss))")
        print("test RNN vs train RNN at t=0 after training: max |diff| = \(shared)  (shared weights)")
        print("test RNN after vs before training: max |diff| = \(moved)  (it sees the trained weights)")
        let saver = try Saver(varList: example.graph.variables())
        let checkpoint = try saver.save(
            example.session, to: (runDirectory as NSString).appendingPathComponent("model.ckpt"), globalStep: steps)
        print("TensorBoard run: \(runDirectory)   checkpoint: \(checkpoint)")
        guard finalLoss < initialLoss, shared < 1e-5, moved > 1e-4 else {
            throw ValidationError("The RNN example did not behave as expected (see the figures above).")
        }
    }
}
