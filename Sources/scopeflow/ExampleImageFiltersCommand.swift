import ArgumentParser
import Foundation
import ScopeFlow
import ScopeFlowExamples

/// `scopeflow example image-filters`: the seed's `my_image_filter` applied to
/// two image batches — the `already exists` error without reuse, one shared
/// set of variables with it — then trained on the first batch, which changes
/// the second batch's result too. Writes a TensorBoard run (the loss, the first layer's filters
/// as images, every variable as a histogram) and a checkpoint of the trained filter.
struct ImageFiltersExampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image-filters", abstract: "Share my_image_filter between two image batches and train it once.")

    @Option(help: "Training steps on image1.") var steps = 100
    @Option(help: "Seed of the graph and of the images.") var seed = 1
    @Option(help: "Output folder for the TensorBoard run (image-filters/) and the checkpoint.") var out =
        "scopeflow-out"

    func validate() throws { try OptionCheck.atLeastOne(steps, "--steps") }

    func run() throws {
        let config = ImageFilterConfig()
        let failure = try ImageFilterExample.errorWithoutReuse(config)
        print(
            "my_image_filter(image2) without reuse: \(failure.map { "\($0.code.rawValue): \($0.message)" } ?? "no error")"
        )
        let example = try ImageFilterExample(config, seed: seed)
        print("with variableScope(\"image_filters\") { scope in … scope.reuseVariables() … }: variables")
        for variable in example.variables { print("  \(variable.name) \(variable.shape)") }
        print("result1 \(example.result1.name), result2 \(example.result2.name)")
        let same = try example.results(sameInput: true)
        print("same images fed to both: max |result1 − result2| = \(maxDifference(same.result1, same.result2))")
        let before = try example.results()
        let initialLoss = try example.currentLoss()
        print("training the shared filter on image1 toward \(config.targetScale) × its untrained output")
        print("step     0  loss \(format(initialLoss))")
        let runDirectory = (out as NSString).appendingPathComponent("image-filters")
        let writer = try FileWriter(logdir: runDirectory, graph: example.graph)
        try writer.addSummary(example.currentSummary(), globalStep: 0)
        let interval = max(1, steps / 10)
        var windowStart = Date()
        var progress = ProgressLine("step", total: steps)
        for step in 1...steps {
            try example.step()
            progress.update(step)
            if step % interval == 0 || step == steps {
                progress.clear()
                try writer.addSummary(example.currentSummary(), globalStep: step)
                let rate = Double(interval) / max(Date().timeIntervalSince(windowStart), 1e-9)
                print(
                    "step \(String(format: "%5d", step))  loss \(format(try example.currentLoss()))  "
                        + "\(String(format: "%.0f", rate)) steps/s")
                windowStart = Date()
            }
        }
        progress.clear()
        try writer.close()
        let checkpoint = try Saver(varList: example.variables).save(
            example.session, to: (runDirectory as NSString).appendingPathComponent("model.ckpt"), globalStep: steps)
        print("TensorBoard run: \(runDirectory)   checkpoint: \(checkpoint)")
        let finalLoss = try example.currentLoss()
        let after = try example.results()
        print("loss \(format(initialLoss)) → \(format(finalLoss))")
        print("result1 mean \(format(mean(before.result1))) → \(format(mean(after.result1)))  (trained on)")
        print(
            "result2 mean \(format(mean(before.result2))) → \(format(mean(after.result2)))  "
                + "(never trained on: it changed because the weights are shared)")
        guard failure?.code == .alreadyExists, finalLoss < initialLoss, maxDifference(same.result1, same.result2) == 0,
            maxDifference(before.result2, after.result2) > 0
        else { throw ValidationError("The image-filters example did not behave as expected (see the figures above).") }
    }

    private func mean(_ values: [Float]) -> Float { values.reduce(0, +) / Float(max(values.count, 1)) }
    private func maxDifference(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).map { abs($0 - $1) }.max() ?? .nan }
    private func format(_ value: Float) -> String { String(format: "%.4f", value) }
}
