import ArgumentParser
import ScopeFlow

/// `scopeflow explain GRAPH NAME`: imports a saved graph and prints how one of its names came to be.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a name in a saved graph (GraphDef file, event file or run folder).",
        discussion: "The graph is imported without a prefix, so NAME is spelled as in TensorBoard "
            + "(`model/dense/kernel` or `model/dense/kernel:0`).")

    @Argument(help: "Binary GraphDef file, event file, or run folder holding event files.")
    var graph: String

    @Argument(help: "The op or tensor name to explain.")
    var name: String

    func run() throws {
        let imported = Graph()
        let graphDef = try readGraphDef(graph)
        do { try imported.importGraphDef(graphDef, prefix: "") } catch let error as ScopeFlowError {
            throw ScopeFlowError(
                error.code, "Cannot import the graph in \(graph): \(error.message)", names: error.names + [graph],
                location: error.location, underlying: error.underlying)
        }
        print(try imported.explain(name))
    }
}
