import Foundation
import ScopeFlowProto

/// The outermost while loops and cond branches of a graph, in the order they were built: TF's
/// `while_context` and `cond_context` collections, which a MetaGraph stores as context protos.
struct ControlFlowContextCollections: GraphSideTable {
    var whileContexts: [WhileContext] = []
    var condContexts: [CondContext] = []
}

extension Graph {
    /// Adds `context` to the graph's `while_context` collection when it is built at the top level
    /// (TF adds only those; the others are stored inside them).
    func registerIfOutermost(_ context: WhileContext) {
        guard context.outerContext == nil else { return }
        withSideTable(ControlFlowContextCollections.self) { $0.whileContexts.append(context) }
    }

    /// Adds `branches` to the graph's `cond_context` collection when built at the top level.
    func registerIfOutermost(_ branches: [CondContext]) {
        let outermost = branches.filter { $0.outerContext == nil }
        guard !outermost.isEmpty else { return }
        withSideTable(ControlFlowContextCollections.self) { $0.condContexts += outermost }
    }

    /// The `cond_context` and `while_context` collections as a MetaGraph stores them (each member
    /// a serialized context proto); empty collections are left out.
    func controlFlowContextCollections() throws -> [String: Tensorflow_CollectionDef] {
        let contexts = withSideTable(ControlFlowContextCollections.self) { $0 }
        var collections: [String: Tensorflow_CollectionDef] = [:]
        func add(_ key: String, _ members: [Data]) {
            guard !members.isEmpty else { return }
            var entry = Tensorflow_CollectionDef()
            var list = Tensorflow_CollectionDef.BytesList()
            list.value = members
            entry.bytesList = list
            collections[key] = entry
        }
        add(GraphKeys.whileContext, try contexts.whileContexts.map { try $0.definition().serializedData() })
        add(GraphKeys.condContext, try contexts.condContexts.map { try $0.definition().serializedData() })
        return collections
    }
}

/// A context's values as TF's `_to_values_def` writes them: the names sorted, and each outside
/// tensor's name with the name of what the context reads in its place.
func valuesDefinition(_ values: Set<String>, _ externalValues: [String: String]) -> Tensorflow_ValuesDef {
    var definition = Tensorflow_ValuesDef()
    definition.values = values.sorted()
    definition.externalValues = externalValues
    return definition
}

/// A nested context as a `ControlFlowContextDef` (TF's `to_control_flow_context_def`).
func contextDefinition(_ context: any ControlFlowContext) -> Tensorflow_ControlFlowContextDef {
    var definition = Tensorflow_ControlFlowContextDef()
    if let loop = context as? WhileContext {
        definition.whileCtxt = loop.definition()
    } else if let branch = context as? CondContext {
        definition.condCtxt = branch.definition()
    }
    return definition
}
