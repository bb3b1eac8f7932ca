import ArgumentParser
import Foundation
import ScopeFlow

/// `scopeflow inspect PATH`: lists a checkpoint's tensors (like TF's
/// `inspect_checkpoint`) or an event run's tags and graph size.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List a checkpoint's tensors, or an event file's tags and graph.",
        discussion: "PATH is a checkpoint prefix (model.ckpt-3), its .index or .data file, a folder with a "
            + "`checkpoint` file, an event file, or a run folder holding event files.")

    @Argument(help: "Checkpoint prefix, checkpoint file or folder, event file or run folder.")
    var path: String

    @Flag(help: "Also print every checkpoint tensor's values.")
    var values = false

    func run() throws {
        if let prefix = try checkpointPrefix(path) {
            try inspectCheckpoint(prefix)
        } else {
            try inspectEvents()
        }
    }

    private func inspectCheckpoint(_ prefix: String) throws {
        let reader = try CheckpointReader(prefix: prefix)
        print("checkpoint \(prefix): \(reader.entries.count) tensors")
        for entry in reader.entries {
            print("tensor_name:  \(entry.name)  dtype: \(entry.dtype)  shape: \(entry.shape)")
            if values { print(try reader.tensor(named: entry.name)) }
        }
    }

    private func inspectEvents() throws {
        let contents = try EventFileContents(path: path)
        for warning in contents.warnings {
            FileHandle.standardError.write(Data("warning: \(warning.message) The events before it are shown.\n".utf8))
        }
        for file in contents.files { print("event file \(file)") }
        print("\(contents.events.count) events")
        if let graph = try contents.graphDef() {
            print("graph: \(graph.node.count) nodes")
        }
        let scalars = contents.scalars
        for tag in contents.tags {
            let points = scalars.filter { $0.tag == tag }
            let last = points.last.map { ", last step \($0.step) = \($0.value)" } ?? ""
            print("tag \(tag): \(points.count) scalar points\(last)")
        }
    }
}
