import Foundation
import ScopeFlowProto

extension Graph {
    /// Adds the nodes of `graphDef` (written by TensorFlow or by ``graphDef()``) to this
    /// graph, each named `prefix/<node name>` (TF's `tf.graph_util.import_graph_def`).
    /// Returns the new ops in graph-def order.
    ///
    /// Output types come from the node's attrs (`dtype`, `T`, `DstT`, `out_type` …) and
    /// shapes from `_output_shapes` when present; attrs starting with `_` are dropped.
    /// - Throws: ``ScopeFlowError/Code/notFound`` for an input naming a missing node,
    ///   ``ScopeFlowError/Code/invalidArgument`` for a cycle, ``ScopeFlowError/Code/unimplemented``
    ///   for attrs ScopeFlow cannot represent.
    @discardableResult
    public func importGraphDef(_ graphDef: Tensorflow_GraphDef, prefix: String = "import") throws -> [Operation] {
        let nodes = Dictionary(graphDef.node.map { ($0.name, $0) }) { first, _ in first }
        var built: [String: Operation] = [:]
        var pending = graphDef.node
        while !pending.isEmpty {
            var waiting: [Tensorflow_NodeDef] = []
            for node in pending {
                let sources = node.input.map { Self.parseInput($0).name }
                if let missing = sources.first(where: { nodes[$0] == nil }) {
                    throw ScopeFlowError(
                        .notFound, "Node '\(node.name)' has an input from '\(missing)', which is not in the GraphDef.",
                        names: [node.name])
                }
                if sources.allSatisfy({ built[$0] != nil }) {
                    built[node.name] = try importNode(node, prefix: prefix, built: built)
                } else {
                    waiting.append(node)
                }
            }
            guard waiting.count < pending.count else {
                throw ScopeFlowError(
                    .invalidArgument, "The GraphDef has a cycle through '\(waiting[0].name)'; it cannot be imported.",
                    names: waiting.map(\.name))
            }
            pending = waiting
        }
        return graphDef.node.compactMap { built[$0.name] }
    }

    /// `"^name"` (control), `"name:k"` or `"name"` (output 0).
    private static func parseInput(_ input: String) -> (name: String, index: Int, isControl: Bool) {
        if input.hasPrefix("^") { return (String(input.dropFirst()), 0, true) }
        if let colon = input.lastIndex(of: ":"), let index = Int(input[input.index(after: colon)...]) {
            return (String(input[..<colon]), index, false)
        }
        return (input, 0, false)
    }

    private func importNode(
        _ node: Tensorflow_NodeDef, prefix: String, built: [String: Operation]
    ) throws -> Operation {
        var inputs: [Tensor] = []
        var controls: [Operation] = []
        for input in node.input {
            let (name, index, isControl) = Self.parseInput(input)
            let source = built[name]!
            if isControl {
                controls.append(source)
            } else {
                guard source.outputTypes.indices.contains(index) else {
                    throw ScopeFlowError(
                        .notFound, "Node '\(node.name)' reads output \(index) of '\(name)', which has \(source.outputTypes.count).",
                        names: [node.name])
                }
                inputs.append(source.output(index))
            }
        }
        var attrs: AttrMap = [:]
        for (key, value) in node.attr where !key.hasPrefix("_") {
            guard let attr = try AttrValue(proto: value, context: "attr '\(key)' of node '\(node.name)'") else {
                throw ScopeFlowError(
                    .unimplemented, "Attr '\(key)' of node '\(node.name)' (\(node.op)) has a kind ScopeFlow cannot represent.",
                    names: [node.name])
            }
            attrs[key] = attr
        }
        let recordedShapes = node.attr["_output_shapes"]?.list.shape.map { Shape(proto: $0) }
        let outputs = try Self.outputSpecs(op: node.op, attrs: attrs, shapes: recordedShapes, nodeName: node.name)
        let name = Names.path(prefix, node.name)
        return try addOperation(
            type: node.op, name: name + "/", defaultName: node.op, inputs: inputs, controlInputs: controls,
            attrs: attrs, location: .importedFromGraphDef
        ) { _ in outputs }
    }

    private static let boolResults: Set<String> = [
        "Equal", "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual", "LogicalAnd", "LogicalOr", "LogicalNot",
        "IsNan", "IsInf", "IsFinite",
    ]
    private static let stringResults: Set<String> = ["ScalarSummary", "HistogramSummary", "MergeSummary"]

    /// The outputs of an imported op: count and dtypes from its type and attrs, shapes as recorded.
    private static func outputSpecs(
        op: String, attrs: AttrMap, shapes: [Shape]?, nodeName: String
    ) throws -> [OutputSpec] {
        let count: Int
        switch op {
        case _ where shapes != nil: count = shapes!.count
        case "NoOp": count = 0
        case "Split", "SplitV": count = attrs["num_split"]?.intValue ?? 1
        case "Unpack": count = attrs["num"]?.intValue ?? 1
        default: count = 1
        }
        let dtype: DType
        switch op {
        case _ where boolResults.contains(op): dtype = .bool
        case _ where stringResults.contains(op): dtype = .string
        case "Cast": dtype = attrs["DstT"]?.typeValue ?? .float32
        case "Shape", "Size", "Rank": dtype = attrs["out_type"]?.typeValue ?? .int32
        case "ArgMax", "ArgMin": dtype = attrs["output_type"]?.typeValue ?? .int64
        default:
            guard let type = attrs["dtype"]?.typeValue ?? attrs["T"]?.typeValue ?? attrs["Tparams"]?.typeValue else {
                if count == 0 { return [] }
                throw ScopeFlowError(
                    .unimplemented, "Cannot tell the output type of node '\(nodeName)' (op \(op)); it has no dtype or T attr.",
                    names: [nodeName])
            }
            dtype = type
        }
        let constantShape = attrs["value"]?.tensorValue.map { Shape(known: $0.shape) }
        return (0..<count).map { i in
            OutputSpec(dtype: dtype, shape: shapes?[i] ?? constantShape ?? .unknown)
        }
    }
}

extension SourceLocation {
    /// The location of every op made by ``Graph/importGraphDef(_:prefix:)``: it has no Swift source.
    static let importedFromGraphDef = SourceLocation(fileID: "GraphDef", line: 0)
}

/// Imports `graphDef` into the default graph under `prefix` (TF's `tf.graph_util.import_graph_def`).
@discardableResult
public func importGraphDef(_ graphDef: Tensorflow_GraphDef, prefix: String = "import") throws -> [Operation] {
    try BuildContext.effective.graph.importGraphDef(graphDef, prefix: prefix)
}

/// The GraphDef saved at `path`: a binary GraphDef file (`graph.pb`), or the last graph of an
/// event file or run folder.
/// - Throws: ``ScopeFlowError/Code/notFound`` when `path` is missing or its events hold no graph,
///   ``ScopeFlowError/Code/dataLoss`` when the file does not parse.
public func readGraphDef(_ path: String) throws -> Tensorflow_GraphDef {
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
    if exists, !isDirectory.boolValue, !path.contains("tfevents") {
        let bytes = try FileIO.read(path)
        do { return try Tensorflow_GraphDef(serializedBytes: bytes) } catch {
            throw ScopeFlowError(.dataLoss, "\(path) is not a binary GraphDef (\(error)).", names: [path])
        }
    }
    guard let graphDef = try EventFileContents(path: path).graphDef() else {
        throw ScopeFlowError(.notFound, "The event files at \(path) hold no graph; write one with FileWriter(logdir:graph:).", names: [path])
    }
    return graphDef
}
