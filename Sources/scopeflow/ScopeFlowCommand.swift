import ArgumentParser
import ScopeFlow

@main
struct ScopeFlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scopeflow",
        abstract: "TensorFlow 1.x graph mode, rebuilt in Swift.",
        subcommands: [
            DemoCommand.self, ExampleCommand.self, ConformanceCommand.self, InspectCommand.self, BenchCommand.self,
            DiffNamesCommand.self, ExplainCommand.self, ReplayCommand.self, RunCommand.self,
        ]
    )

    /// Sets the runtime up from the environment (see ``RuntimeEnvironment``), then parses and runs
    /// the command line. A usage error (a bad option, a missing or invalid argument) exits with 64
    /// and the usage text; a command that fails while running exits with 1 and its message alone,
    /// even when it reports the failure as a `ValidationError`.
    static func main() {
        do { try RuntimeEnvironment.configure() } catch { exit(withError: RunFailure(description: "\(error)")) }
        var command: any ParsableCommand
        do { command = try parseAsRoot() } catch { exit(withError: error) }
        do { try command.run() } catch let failure as ValidationError {
            exit(withError: RunFailure(description: failure.message))
        } catch {
            exit(withError: error)
        }
    }
}

/// A command's failure while running, which is no usage error.
private struct RunFailure: Error, CustomStringConvertible {
    let description: String
}
