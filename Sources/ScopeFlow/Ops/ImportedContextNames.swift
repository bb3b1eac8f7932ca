import ScopeFlowProto

/// Name lookups for rebuilding the control-flow contexts of an imported MetaGraph: names in a
/// `WhileContextDef` / `CondContextDef` are the exporting graph's, found here under the import scope.
struct ImportedContextNames {
    let graph: Graph
    let scope: String

    /// `name` under the import scope.
    func path(_ name: String) -> String { Names.path(scope, name) }

    /// The imported tensor a context definition names.
    /// - Throws: ``ScopeFlowError/Code/notFound`` naming the context when the graph lacks it.
    func tensor(_ name: String, of context: String) throws -> Tensor {
        guard let tensor = graph.tensor(named: path(name)) else {
            throw ScopeFlowError(
                .notFound,
                "The MetaGraph's control-flow context '\(context)' names the tensor '\(name)', which is not in "
                    + "its graph; the MetaGraph is inconsistent (re-export it from the graph that built it).",
                names: [context, name])
        }
        return tensor
    }

    /// The names of a context's values, under the import scope.
    func values(_ definition: Tensorflow_ValuesDef) -> Set<String> { Set(definition.values.map(path)) }

    /// A context's outside tensors (by name, under the import scope) and what it reads for each.
    func externalValues(_ definition: Tensorflow_ValuesDef, of context: String) throws -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for (outside, inside) in definition.externalValues { result[path(outside)] = try tensor(inside, of: context) }
        return result
    }

    /// Makes the ops of `values` members of `context` (TF's `_init_values_from_proto`).
    func adopt(_ values: Set<String>, into context: any ControlFlowContext) throws {
        for value in values {
            let opName = value.utf8.lastIndex(of: UInt8(ascii: ":")).map { String(value[..<$0]) } ?? value
            guard let op = graph.operation(named: opName) else {
                throw ScopeFlowError(
                    .notFound,
                    "The MetaGraph's control-flow context '\(context.name)' lists the value '\(value)', whose op "
                        + "is not in its graph; the MetaGraph is inconsistent (re-export it).",
                    names: [value])
            }
            op.setControlFlowContext(context)
        }
    }
}
