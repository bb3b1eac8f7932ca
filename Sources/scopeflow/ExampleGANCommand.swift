import ArgumentParser
import Foundation
import ScopeFlow
import ScopeFlowExamples

/// `scopeflow example gan`: trains a GAN on a 1-D Gaussian mixture, the
/// discriminator shared between the real and the generated batch, and shows
/// the generator's samples moving toward the data.
struct GANExampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gan", abstract: "Train a GAN whose discriminator is shared between real and fake batches.")

    @Option(help: "Training steps (one discriminator and one generator update each).") var steps = 3000
    @Option(help: "Seed of the graph and of the data.") var seed = 1
    @Option(help: "Adam's learning rate for both networks.") var learningRate = GANConfig().learningRate
    @Option(help: "Real and generated samples per step.") var batchSize = GANConfig().batchSize

    func validate() throws {
        try OptionCheck.atLeastOne(steps, "--steps")
        try OptionCheck.atLeastOne(batchSize, "--batch-size")
        try OptionCheck.positive(learningRate, "--learning-rate")
    }

    func run() throws {
        var config = GANConfig()
        (config.learningRate, config.batchSize) = (learningRate, batchSize)
        let training = try GANTraining(config, seed: seed)
        let model = training.model
        print("discriminator variables (shared by real and fake):")
        for variable in model.discriminatorVariables { print("  \(variable.name) \(variable.shape)") }
        print("generator variables:")
        for variable in model.generatorVariables { print("  \(variable.name) \(variable.shape)") }
        let data = SampleStatistics(training.dataSample)
        let before = SampleStatistics(try training.generatedSamples())
        print("data:                \(data)")
        print("generator, untrained: \(before)  distance to data \(format(before.distance(to: data)))")
        let interval = max(1, steps / 10)
        var windowStart = Date()
        var progress = ProgressLine("step", total: steps)
        for step in 1...steps {
            let losses = try training.step()
            progress.update(step, "d_loss \(format(losses.discriminator))  g_loss \(format(losses.generator))")
            if step % interval == 0 || step == steps {
                progress.clear()
                let rate = Double(interval) / max(Date().timeIntervalSince(windowStart), 1e-9)
                let samples = SampleStatistics(try training.generatedSamples())
                print("step \(String(format: "%5d", step))  d_loss \(format(losses.discriminator))  "
                    + "g_loss \(format(losses.generator))  samples \(samples)  distance \(format(samples.distance(to: data)))  "
                    + "\(String(format: "%.0f", rate)) steps/s")
                windowStart = Date()
            }
        }
        progress.clear()
        let after = SampleStatistics(try training.generatedSamples())
        print("generator, trained:   \(after)  distance to data \(format(after.distance(to: data)))")
        guard after.distance(to: data) < before.distance(to: data) else {
            throw ValidationError("The generator's samples did not move toward the data.")
        }
    }

    private func format(_ value: some BinaryFloatingPoint) -> String { String(format: "%.4f", Double(value)) }
}
