import Foundation
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

extension Graph {
    /// Rebuilds the contexts of a MetaGraph's `cond_context` or `while_context` collection (each
    /// member a serialized `CondContextDef` / `WhileContextDef`, nested contexts inside it), so
    /// that gradients can be taken through the imported conds and loops as on the originals.
    /// - Returns: how many top-level contexts were rebuilt.
    /// - Throws: ``ScopeFlowError/Code/dataLoss`` for a member that does not parse,
    ///   ``ScopeFlowError/Code/notFound`` for one that names what the graph lacks.
    func importControlFlowContexts(_ members: [Data], collection: String, scope: String) throws -> Int {
        let names = ImportedContextNames(graph: self, scope: scope)
        for bytes in members {
            let definition: Tensorflow_ControlFlowContextDef.OneOf_Ctxt
            do {
                definition =
                    collection == GraphKeys.whileContext
                    ? .whileCtxt(try Tensorflow_WhileContextDef(serializedBytes: bytes))
                    : .condCtxt(try Tensorflow_CondContextDef(serializedBytes: bytes))
            } catch {
                throw ScopeFlowError(
                    .dataLoss, "A member of the MetaGraph's collection '\(collection)' does not parse (\(error)).",
                    underlying: error)
            }
            switch try importContext(definition, names) {
            case let loop as WhileContext: registerIfOutermost(loop)
            case let branch as CondContext: registerIfOutermost([branch])
            default: break
            }
        }
        return members.count
    }

    /// Rebuilds one context inside `outer`, then the contexts nested in it (TF's `from_proto`,
    /// which enters the context while it rebuilds the nested ones, so they are its inner contexts).
    private func importContext(
        _ definition: Tensorflow_ControlFlowContextDef.OneOf_Ctxt, _ names: ImportedContextNames,
        outer: (any ControlFlowContext)? = nil
    ) throws -> any ControlFlowContext {
        let context: any ControlFlowContext
        let members: Set<String>
        let nested: [Tensorflow_ControlFlowContextDef]
        switch definition {
        case .whileCtxt(let loop):
            let made = try WhileContext(imported: loop, outer: outer, names: names)
            (context, members, nested) = (made, made.memberValues, loop.nestedContexts)
        case .condCtxt(let branch):
            let made = try CondContext(imported: branch, outer: outer, names: names)
            (context, members, nested) = (made, made.memberValues, branch.nestedContexts)
        }
        try names.adopt(members, into: context)
        for inner in nested {
            guard let kind = inner.ctxt else { continue }
            _ = try importContext(kind, names, outer: context)
        }
        return context
    }
}
