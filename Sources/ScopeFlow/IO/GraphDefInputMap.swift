import ScopeFlowProto

/// The tensors an import reads in place of a GraphDef's own (TF's `input_map`), keyed by the
/// GraphDef tensor they replace (`"name:k"`) or, for a control input, by the node name.
struct GraphDefInputMap {
    /// Replacement tensors by `"name:k"` of the GraphDef tensor they stand for.
    var tensors: [String: Tensor] = [:]
    /// Replacement ops by the name of the GraphDef node whose control edges they take over.
    var controls: [String: Operation] = [:]

    init() {}

    /// The map for TF-style keys: `"name:k"`, `"name"` (output 0) or `"^name"` (control edges
    /// from `name`, replaced by the op of the given tensor). Every key must be read by some
    /// node of `graphDef`, as TF requires.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` listing the keys no node reads.
    init(_ inputMap: [String: Tensor], for graphDef: Tensorflow_GraphDef) throws {
        for (key, tensor) in inputMap {
            let (name, index, isControl) = Graph.parseInput(key)
            if isControl {
                controls[name] = tensor.op
            } else {
                tensors[Self.key(name, index)] = tensor
            }
        }
        var unused = Set(tensors.keys).union(controls.keys.map { "^" + $0 })
        for node in graphDef.node where !unused.isEmpty {
            for input in node.input {
                let (name, index, isControl) = Graph.parseInput(input)
                unused.remove(isControl ? "^" + name : Self.key(name, index))
            }
        }
        guard unused.isEmpty else {
            let names = unused.sorted()
            throw ScopeFlowError(
                .invalidArgument,
                "Attempted to map inputs that were not found in graph_def: [\(names.joined(separator: ", "))]; "
                    + "an inputMap key must name a tensor (\"node:k\") or control input (\"^node\") that a node of "
                    + "the GraphDef reads.",
                names: names)
        }
    }

    /// The key of output `index` of GraphDef node `name`.
    static func key(_ name: String, _ index: Int) -> String { name + ":" + String(index) }

    /// Checks that `replacement` has the type of the tensor it stands for: output `output` of the
    /// already imported `source`, read as input `input` of node `consumer`.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` when the types differ or `source` has no
    ///   such output.
    func checkType(of replacement: Tensor, replacing source: Operation?, output: Int, input: Int, of consumer: String)
        throws
    {
        guard let source else { return }
        guard source.outputTypes.indices.contains(output) else {
            throw ScopeFlowError(
                .notFound,
                "Node '\(consumer)' reads output \(output) of '\(source.name)', which has \(source.outputTypes.count).",
                names: [consumer])
        }
        let expected = source.outputTypes[output]
        guard replacement.dtype == expected else {
            throw ScopeFlowError(
                .invalidArgument,
                "Input \(input) of node \(consumer) was passed \(replacement.dtype) from \(replacement.name) "
                    + "incompatible with expected \(expected); map it to a \(expected) tensor (cast it first).",
                names: [consumer, replacement.name])
        }
    }
}
