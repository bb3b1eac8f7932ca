import ArgumentParser
import Foundation
import ScopeFlow

/// `scopeflow run MODEL`: runs a TF-made model (a MetaGraph or a SavedModel) from the command
/// line — inference, or more training steps from a checkpoint.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a TF-made model (model.meta or a SavedModel folder): fetch tensors, run train ops, save.",
        discussion: """
            Imports MODEL (a binary MetaGraphDef, or a SavedModel folder loaded with --tags), restores \
            --checkpoint (or runs the initializers with --init), then runs --steps times: feeds each --feed, \
            runs every --target and fetches every --fetch in one Session.run. The last step's fetched values \
            are printed and, with --out, written as .npy files; --save writes a checkpoint after the steps.
            Example: scopeflow run model.meta --checkpoint final.ckpt --feed images=batch.npy \
            --fetch predictions --out preds
            """)

    @Argument(help: "A binary MetaGraphDef (model.meta) or a SavedModel folder.")
    var model: String

    @Option(help: "The SavedModel MetaGraph's tags, comma-separated.")
    var tags = "serve"

    @Option(help: "Checkpoint prefix to restore the variables from (a MetaGraph's model).")
    var checkpoint: String?

    @Flag(
        name: .customLong("init"), help: "Initialize the variables with their initializers instead of restoring them.")
    var initializes = false

    @Option(name: .customLong("feed"), help: "A feed NAME=FILE.npy (NAME is a tensor, `x` meaning `x:0`).")
    var feeds: [String] = []

    @Option(name: .customLong("fetch"), help: "A tensor to fetch (`loss` meaning `loss:0`).")
    var fetches: [String] = []

    @Option(name: .customLong("target"), help: "An op to run for its effect (a train op).")
    var targets: [String] = []

    @Option(help: "How many times to run.")
    var steps = 1

    @Option(help: "Folder for the last step's fetched values, one .npy per fetch.")
    var out: String?

    @Option(help: "Checkpoint prefix to save the variables to after the steps.")
    var save: String?

    @Flag(help: "Run on the interpreter only (no compiled plans).")
    var interpreter = false

    func validate() throws {
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1, not \(steps).") }
        guard !fetches.isEmpty || !targets.isEmpty else {
            throw ValidationError("Give at least one --fetch or --target: there is nothing to run.")
        }
        guard !(initializes && checkpoint != nil) else {
            throw ValidationError("Give --checkpoint or --init, not both.")
        }
    }

    func run() throws {
        let graph = Graph()
        let (variables, session) = try load(into: graph)
        if let checkpoint {
            try Saver(varList: variables).restore(session, from: checkpoint)
        } else if initializes {
            try session.run(targets: variables.map(\.initializer))
        }
        let feedValues = try feeds.map { try feed($0, in: graph) }
        let fetchTensors = try fetches.map { try tensor(named: $0, in: graph) }
        let targetOps = try targets.map { name in
            guard let op = graph.operation(named: name) else {
                throw ValidationError("--target \(name): the model has no op of that name.")
            }
            return op
        }
        var progress = ProgressLine("step", total: steps)
        var values: [HostTensor] = []
        for step in 1...steps {
            values = try session.run(
                fetchTensors, feeds: Dictionary(feedValues) { first, _ in first }, targets: targetOps)
            let first = values.first.flatMap { $0.count == 1 ? "\(fetchTensors[0].name) \($0.scalarText)" : nil }
            progress.update(step, first ?? "")
        }
        progress.clear()
        for (tensor, value) in zip(fetchTensors, values) {
            print("\(tensor.name): \(value)")
        }
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for (tensor, value) in zip(fetchTensors, values) {
                let file =
                    out + "/" + tensor.name.map { $0 == "/" || $0 == ":" ? "_" : $0 }.reduce("") { $0 + String($1) }
                    + ".npy"
                try writeNumpy(value, to: file)
                print("wrote \(file)")
            }
        }
        if let save {
            let prefix = try Saver(varList: variables).save(session, to: save)
            print("saved \(variables.count) variables to \(prefix)")
        }
    }

    /// Imports the model; a SavedModel comes back with its variables restored.
    private func load(into graph: Graph) throws -> ([Variable], Session) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: model, isDirectory: &isFolder), isFolder.boolValue {
            guard checkpoint == nil, !initializes else {
                throw ValidationError("A SavedModel restores its own variables; leave out --checkpoint and --init.")
            }
            let tagSet = Set(tags.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            let loaded = try graph.loadSavedModel(model, tags: tagSet)
            return (loaded.metaGraph.globalVariables, loaded.session)
        }
        let imported = try graph.importMetaGraph(readMetaGraph(model))
        return (imported.globalVariables, Session(graph: graph, compilesPlans: !interpreter))
    }

    private func tensor(named name: String, in graph: Graph) throws -> Tensor {
        let full = name.contains(":") ? name : name + ":0"
        guard let tensor = graph.tensor(named: full) else {
            throw ValidationError("\(full) is not a tensor of the model; name an op's output (`op:0`).")
        }
        return tensor
    }

    private func feed(_ argument: String, in graph: Graph) throws -> (Tensor, HostTensor) {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
            throw ValidationError("--feed \(argument): write NAME=FILE.npy.")
        }
        let tensor = try tensor(named: String(argument[..<equals]), in: graph)
        let value = try readNumpy(String(argument[argument.index(after: equals)...]))
        guard value.dtype == tensor.dtype else {
            throw ValidationError(
                "--feed \(argument): the file holds \(value.dtype) values but \(tensor.name) is \(tensor.dtype); "
                    + "convert the array with astype before saving it.")
        }
        return (tensor, value)
    }
}

extension HostTensor {
    /// A one-element tensor's value as text (`0.2314`, `17`, `true`).
    fileprivate var scalarText: String {
        switch storage {
        case .float32(let v): return String(format: "%.5g", v[0])
        case .float64(let v): return String(format: "%.5g", v[0])
        case .float16(let v): return String(format: "%.5g", Float(v[0]))
        case .int32(let v): return "\(v[0])"
        case .int64(let v): return "\(v[0])"
        case .bool(let v): return "\(v[0])"
        case .string(let v): return v[0]
        }
    }
}
