import ScopeFlowProto

/// The op types whose nodes freezing replaces by constants (TF's reference variables).
private let variableOpTypes: Set<String> = ["VariableV2", "Variable"]

/// The part of `graphDef` that `destinationNodes` need: those nodes and every node they read,
/// through data or control edges, in `graphDef`'s order (TF's
/// `tf.compat.v1.graph_util.extract_sub_graph`).
/// - Throws: ``ScopeFlowError/Code/notFound`` for a destination or an input that names no node.
public func extractSubGraph(_ graphDef: Tensorflow_GraphDef, destinationNodes: [String]) throws
    -> Tensorflow_GraphDef
{
    var indexByName: [String: Int] = [:]
    for (index, node) in graphDef.node.enumerated() { indexByName[node.name] = index }
    var needed = [Bool](repeating: false, count: graphDef.node.count)
    var pending: [Int] = []
    for name in destinationNodes {
        guard let index = indexByName[name] else {
            throw ScopeFlowError(
                .notFound,
                "\(name) is not in graph: name an output by its node name (\"logits\", not \"logits:0\").",
                names: [name])
        }
        pending.append(index)
    }
    while let index = pending.popLast() {
        guard !needed[index] else { continue }
        needed[index] = true
        for input in graphDef.node[index].input {
            let name = Graph.parseInput(input).name
            guard let source = indexByName[name] else {
                throw ScopeFlowError(
                    .notFound,
                    "Node '\(graphDef.node[index].name)' has an input from '\(name)', which is not in the GraphDef.",
                    names: [graphDef.node[index].name])
            }
            pending.append(source)
        }
    }
    var subGraph = graphDef
    subGraph.node = graphDef.node.indices.filter { needed[$0] }.map { graphDef.node[$0] }
    return subGraph
}

/// `graphDef` frozen for inference (TF's
/// `tf.compat.v1.graph_util.convert_variables_to_constants`): pruned to what `outputNodeNames`
/// need (``extractSubGraph(_:destinationNodes:)``), with each variable node (`VariableV2`)
/// replaced by a `Const` of the same name holding its current value in `session`. Reads of the
/// variables (`w/read` Identity nodes) stay as they are, now reading the constants, so the frozen
/// graph imports and runs without variables or a checkpoint.
/// - Parameters:
///   - session: the session holding the variables' values; `graphDef` is its graph's (or one
///     whose variable names its graph has).
///   - outputNodeNames: the node names of the outputs to keep.
/// - Throws: ``ScopeFlowError/Code/notFound`` for an output or variable that is not in the graph;
///   what ``Session`` throws when a needed variable is not initialized.
public func convertVariablesToConstants(
    session: Session, graphDef: Tensorflow_GraphDef, outputNodeNames: [String]
) throws -> Tensorflow_GraphDef {
    var frozen = try extractSubGraph(graphDef, destinationNodes: outputNodeNames)
    for index in frozen.node.indices where variableOpTypes.contains(frozen.node[index].op) {
        let variable = frozen.node[index]
        guard let tensor = session.graph.tensor(named: variable.name + ":0") else {
            throw ScopeFlowError(
                .notFound,
                "Variable '\(variable.name)' of the GraphDef is not in the session's graph; freeze the GraphDef of "
                    + "the graph the session runs.",
                names: [variable.name])
        }
        let value = try session.run(tensor)
        var constant = Tensorflow_NodeDef()
        constant.name = variable.name
        constant.op = "Const"
        constant.attr["dtype"] = Tensorflow_AttrValue.with { $0.type = value.dtype.proto }
        constant.attr["value"] = Tensorflow_AttrValue.with { $0.tensor = value.proto }
        frozen.node[index] = constant
    }
    return frozen
}
