import Testing
import ScopeFlow
import ScopeFlowExamples

/// The GAN example: its networks' variable scopes, the discriminator shared
/// between the real and the generated batch, the optimizers' scope-filtered
/// variable lists, and a short training run that moves the generator's samples.
@Suite struct GANExampleTests {
    private static let layers = ["hidden/kernel", "hidden/bias", "hidden2/kernel", "hidden2/bias", "logits/kernel", "logits/bias"]

    @Test func variablesAreNamedByTheirNetworksScope() throws {
        let graph = Graph()
        let model = try graph.asDefault { try GANExample() }
        #expect(model.discriminatorVariables.map(\.name) == Self.layers.map { "discriminator/\($0):0" })
        #expect(model.generatorVariables.map(\.name)
            == ["generator/hidden/kernel:0", "generator/hidden/bias:0", "generator/output/kernel:0", "generator/output/bias:0"])
        #expect([model.realLogits.name, model.fakeLogits.name]
            == ["discriminator/logits/BiasAdd:0", "discriminator_1/logits/BiasAdd:0"])
        #expect(model.generated.name == "generator/output/BiasAdd:0")
    }

    @Test func discriminatorIsSharedBetweenRealAndFake() throws {
        let graph = Graph()
        let model = try graph.asDefault { try GANExample() }
        let reused = try graph.asDefault {
            try variableScope("discriminator", reuse: .reuse) { _ in
                try Self.layers.map { try getVariable($0) }
            }
        }
        for (variable, again) in zip(model.discriminatorVariables, reused) { try expectShared(variable, again) }
        let report = graph.sharingReport()
        for variable in model.discriminatorVariables {
            let entry = try #require(report.entries.first { $0.name == variable.name })
            #expect(entry.provenance.uses.map(\.created) == [true, false, false])
            #expect(entry.provenance.uses.prefix(2).map { $0.nameScope.split(separator: "/").first }
                == ["discriminator", "discriminator_1"])
        }
        for variable in model.generatorVariables {
            #expect(report.entries.first { $0.name == variable.name }?.isShared == false)
        }
    }

    @Test func optimizerVariableListsAreDisjointAndComplete() throws {
        let graph = Graph()
        let model = try graph.asDefault { try GANExample() }
        let discriminator = Set(model.discriminatorVariables.map(\.name))
        let generator = Set(model.generatorVariables.map(\.name))
        #expect(discriminator.isDisjoint(with: generator))
        #expect(discriminator.union(generator) == Set(try graph.variables(GraphKeys.trainableVariables).map(\.name)))
        #expect(model.discriminatorVariables.count + model.generatorVariables.count == 10)
    }

    @Test func trainingMovesTheGeneratorTowardTheData() throws {
        var config = GANConfig()  // smaller and faster than the command's, for a debug build
        (config.hiddenUnits, config.learningRate, config.batchSize) = (16, 0.005, 32)
        let training = try GANTraining(config, seed: 1)
        let dataMean = training.config.data.mean
        let data = SampleStatistics(training.dataSample)
        let before = SampleStatistics(try training.generatedSamples())
        for _ in 0..<100 { try training.step() }
        let after = SampleStatistics(try training.generatedSamples())
        #expect(abs(after.mean - dataMean) < 0.25 * abs(before.mean - dataMean))
        #expect(after.distance(to: data) < 0.5 * before.distance(to: data))
    }
}
