import Foundation
import ScopeFlowProto

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
