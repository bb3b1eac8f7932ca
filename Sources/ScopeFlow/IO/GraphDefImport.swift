import Foundation
import ScopeFlowProto

extension Graph {
    /// Adds the nodes of `graphDef` (written by TensorFlow or by ``graphDef()``) to this
    /// graph, each named `prefix/<node name>` (TF's `tf.graph_util.import_graph_def`).
    /// Returns the new ops in graph-def order.
    ///
    /// Output types come from the node's attrs (`dtype`, `T`, `DstT`, `out_type` …) and
    /// shapes from `_output_shapes` when present; attrs starting with `_` are dropped.
    /// Each op keeps its node's device, merged over the enclosing ``device(_:_:)`` scope's, unless
    /// `clearDevices` (as `tf.compat.v1.train.import_meta_graph(clear_devices=True)` drops them).
    /// Nodes may be listed in any order (inputs are imported first, in time linear in nodes and
    /// edges); a constant's compactly stored value is expanded only up to
    /// ``HostTensor/maximumExpandedByteCount``.
    /// - Throws: ``ScopeFlowError/Code/notFound`` for an input naming a missing node or output,
    ///   ``ScopeFlowError/Code/invalidArgument`` for a cycle, two nodes of one name or an output
    ///   count attr out of range (`Split`'s `num_split` < 1 …), ``ScopeFlowError/Code/dataLoss``
    ///   or ``ScopeFlowError/Code/resourceExhausted`` for a tensor attr that cannot be decoded,
    ///   ``ScopeFlowError/Code/unimplemented`` for attrs ScopeFlow cannot represent.
    @discardableResult
    public func importGraphDef(
        _ graphDef: Tensorflow_GraphDef, prefix: String = "import", clearDevices: Bool = false
    ) throws -> [Operation] {
        let built = try importNodes(
            of: graphDef, prefix: prefix, inputMap: GraphDefInputMap(), clearDevices: clearDevices)
        return graphDef.node.compactMap { built[$0.name] }
    }

    /// Imports every node of `graphDef`, reading `inputMap`'s tensors in place of the inputs it
    /// names (and dropping the nodes' devices when `clearDevices`); returns the new ops by their
    /// GraphDef names.
    func importNodes(
        of graphDef: Tensorflow_GraphDef, prefix: String, inputMap: GraphDefInputMap, clearDevices: Bool
    ) throws -> [String: Operation] {
        let nodes = graphDef.node
        var indexByName: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            guard indexByName.updateValue(index, forKey: node.name) == nil else {
                throw ScopeFlowError(
                    .invalidArgument, "The GraphDef has two nodes named '\(node.name)'; node names must be unique.",
                    names: [node.name])
            }
        }
        // A while loop's back edge (a Merge's input from a NextIteration) is wired once both ends
        // exist, as TF builds loops; every other edge orders the import.
        let sources = try nodes.map { node in
            try node.input.compactMap { input -> Int? in
                let name = Self.parseInput(input).name
                guard let index = indexByName[name] else {
                    throw ScopeFlowError(
                        .notFound, "Node '\(node.name)' has an input from '\(name)', which is not in the GraphDef.",
                        names: [node.name])
                }
                return Self.isBackEdge(from: nodes[index].op, to: node.op) ? nil : index
            }
        }
        // Depth-first, inputs before their consumers, otherwise in GraphDef order: linear in nodes
        // and edges whatever order the nodes are listed in.
        var built: [String: Operation] = [:]
        var backEdges: [BackEdge] = []
        var visiting = [Bool](repeating: false, count: nodes.count)
        for root in nodes.indices where built[nodes[root].name] == nil {
            var stack: [(node: Int, nextInput: Int)] = [(root, 0)]
            visiting[root] = true
            while let top = stack.last {
                let (node, nextInput) = top
                if nextInput < sources[node].count {
                    stack[stack.count - 1].nextInput += 1
                    let source = sources[node][nextInput]
                    if visiting[source] {
                        throw ScopeFlowError(
                            .invalidArgument,
                            "The GraphDef has a cycle through '\(nodes[source].name)'; it cannot be imported.",
                            names: [nodes[source].name])
                    }
                    if built[nodes[source].name] == nil {
                        visiting[source] = true
                        stack.append((source, 0))
                    }
                } else {
                    stack.removeLast()
                    visiting[node] = false
                    built[nodes[node].name] = try importNode(
                        nodes[node], prefix: prefix, built: built, inputMap: inputMap, clearDevices: clearDevices,
                        backEdges: &backEdges)
                }
            }
        }
        for edge in backEdges {
            let source = built[edge.source]!
            guard source.outputTypes.indices.contains(edge.output) else {
                throw ScopeFlowError(
                    .notFound,
                    "Node '\(edge.op.name)' reads output \(edge.output) of '\(edge.source)', which has "
                        + "\(source.outputTypes.count).",
                    names: [edge.op.name])
            }
            edge.op.updateInput(edge.input, to: source.output(edge.output))
        }
        return built
    }

    /// A loop Merge's input from a NextIteration, wired after both are imported.
    private struct BackEdge {
        let op: Operation
        let input: Int
        let source: String
        let output: Int
    }

    /// Whether an edge from an op of type `source` into one of type `consumer` is a loop's back edge.
    private static func isBackEdge(from source: String, to consumer: String) -> Bool {
        (consumer == "Merge" || consumer == "RefMerge") && (source == "NextIteration" || source == "RefNextIteration")
    }

    /// `"^name"` (control), `"name:k"` or `"name"` (output 0).
    static func parseInput(_ input: String) -> (name: String, index: Int, isControl: Bool) {
        if input.hasPrefix("^") { return (String(input.dropFirst()), 0, true) }
        // The UTF-8 view: a search by Character would break the whole name into graphemes.
        let utf8 = input.utf8
        if let colon = utf8.lastIndex(of: UInt8(ascii: ":")), let index = Int(input[utf8.index(after: colon)...]) {
            return (String(input[..<colon]), index, false)
        }
        return (input, 0, false)
    }

    private func importNode(
        _ node: Tensorflow_NodeDef, prefix: String, built: [String: Operation], inputMap: GraphDefInputMap,
        clearDevices: Bool, backEdges: inout [BackEdge]
    ) throws -> Operation {
        var wired: [Tensor?] = []
        var controls: [Operation] = []
        var pendingBackEdges: [(input: Int, source: String, output: Int)] = []
        for input in node.input {
            let (name, index, isControl) = Self.parseInput(input)
            if isControl, let replacement = inputMap.controls[name] {
                controls.append(replacement)
                continue
            }
            if !isControl, let replacement = inputMap.tensors[GraphDefInputMap.key(name, index)] {
                try inputMap.checkType(
                    of: replacement, replacing: built[name], output: index, input: wired.count,
                    of: Names.path(prefix, node.name))
                wired.append(replacement)
                continue
            }
            guard let source = built[name] else {
                pendingBackEdges.append((wired.count, name, index))
                wired.append(nil)
                continue
            }
            if isControl {
                controls.append(source)
            } else {
                guard source.outputTypes.indices.contains(index) else {
                    throw ScopeFlowError(
                        .notFound,
                        "Node '\(node.name)' reads output \(index) of '\(name)', which has \(source.outputTypes.count).",
                        names: [node.name])
                }
                wired.append(source.output(index))
            }
        }
        // A back edge's NextIteration is imported later: until then the Merge reads its other input.
        let inputs: [Tensor]
        if pendingBackEdges.isEmpty {
            inputs = wired.map { $0! }
        } else {
            guard let standIn = wired.lazy.compactMap({ $0 }).first else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "Loop Merge '\(node.name)' reads only NextIteration ops; a while loop's Merge also reads its "
                        + "Enter.",
                    names: [node.name])
            }
            inputs = wired.map { $0 ?? standIn }
        }
        var attrs: AttrMap = [:]
        for (key, value) in node.attr where !key.hasPrefix("_") {
            guard let attr = try AttrValue(proto: value, context: "attr '\(key)' of node '\(node.name)'") else {
                throw ScopeFlowError(
                    .unimplemented,
                    "Attr '\(key)' of node '\(node.name)' (\(node.op)) has a kind ScopeFlow cannot represent.",
                    names: [node.name])
            }
            attrs[key] = attr
        }
        let recordedShapes = node.attr["_output_shapes"]?.list.shape.map { Shape(proto: $0) }
        let outputs = try GraphDefOutputs.specs(op: node.op, attrs: attrs, shapes: recordedShapes, nodeName: node.name)
        let name = Names.path(prefix, node.name)
        let device = clearDevices || node.device.isEmpty ? nil : try Self.deviceSpec(of: node)
        let op = try addOperation(
            type: node.op, name: name + "/", defaultName: node.op, inputs: inputs, controlInputs: controls,
            attrs: attrs, device: device, location: .importedFromGraphDef
        ) { _ in outputs }
        state.withLock { $0.markImported(op.name) }
        for edge in pendingBackEdges {
            backEdges.append(BackEdge(op: op, input: edge.input, source: edge.source, output: edge.output))
        }
        return op
    }
}

extension Graph {
    /// The parsed device of an imported node.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` naming the node when TF would not parse it.
    fileprivate static func deviceSpec(of node: Tensorflow_NodeDef) throws -> DeviceSpec {
        do { return try DeviceSpec(parsing: node.device) } catch let error as ScopeFlowError {
            throw ScopeFlowError(
                .invalidArgument,
                "Node '\(node.name)' has device '\(node.device)', which is not a device name: \(error.message) "
                    + "Import with clearDevices: true to drop the devices.",
                names: [node.name], underlying: error)
        }
    }
}

extension SourceLocation {
    /// The location of every op made by ``Graph/importGraphDef(_:prefix:clearDevices:)``: it has no Swift source.
    static let importedFromGraphDef = SourceLocation(fileID: "GraphDef", line: 0)
}

/// Imports `graphDef` into the default graph under `prefix` (TF's `tf.graph_util.import_graph_def`).
@discardableResult
public func importGraphDef(
    _ graphDef: Tensorflow_GraphDef, prefix: String = "import", clearDevices: Bool = false
) throws -> [Operation] {
    try BuildContext.effective.graph.importGraphDef(graphDef, prefix: prefix, clearDevices: clearDevices)
}

/// The GraphDef saved at `path`: a GraphDef file, binary (`graph.pb`) or text (`graph.pbtxt`, as
/// `writeGraph(_:to:asText:)` and TF's `tf.io.write_graph` write it), or the last graph of an
/// event file or run folder.
/// - Throws: ``ScopeFlowError/Code/notFound`` when `path` is missing or its events hold no graph,
///   ``ScopeFlowError/Code/dataLoss`` when the file does not parse.
public func readGraphDef(_ path: String) throws -> Tensorflow_GraphDef {
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
    if exists, !isDirectory.boolValue, !path.contains("tfevents") {
        return try GraphDefFile.parse(try FileIO.read(path), path: path)
    }
    guard let graphDef = try EventFileContents(path: path).graphDef() else {
        throw ScopeFlowError(
            .notFound, "The event files at \(path) hold no graph; write one with FileWriter(logdir:graph:).",
            names: [path])
    }
    return graphDef
}
