import ArgumentParser

/// `scopeflow example NAME`: the seeds' training stories.
struct ExampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example", abstract: "Run one of the training examples.",
        subcommands: [
            RNNExampleCommand.self, GANExampleCommand.self, ImageFiltersExampleCommand.self, MNISTCNNCommand.self,
            DCGANCommand.self, PTBLSTMCommand.self, ResNetMiniCommand.self, BiGRUTaggerCommand.self,
        ])
}
