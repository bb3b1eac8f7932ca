import Foundation
import ScopeFlowProto

/// How a graph's Saver saves and restores, by tensor and op names (TF's `SaverDef`): a MetaGraph
/// carries one so that the graph's own `save/...` nodes can be run.
public struct SaverDefinition: Sendable, Equatable {
    /// The string tensor to feed with the checkpoint prefix (`save/Const:0`).
    public let filenameTensorName: String
    /// The tensor to fetch to save (`save/control_dependency:0`).
    public let saveTensorName: String
    /// The op to run to restore (`save/restore_all`).
    public let restoreOpName: String
    /// How many checkpoints the Saver keeps (0: all).
    public let maxToKeep: Int

    /// A definition naming the Saver's tensors and op.
    public init(filenameTensorName: String, saveTensorName: String, restoreOpName: String, maxToKeep: Int) {
        self.filenameTensorName = filenameTensorName
        self.saveTensorName = saveTensorName
        self.restoreOpName = restoreOpName
        self.maxToKeep = maxToKeep
    }

    init(proto: Tensorflow_SaverDef) {
        filenameTensorName = proto.filenameTensorName
        saveTensorName = proto.saveTensorName
        restoreOpName = proto.restoreOpName
        maxToKeep = Int(proto.maxToKeep)
    }
}

/// What ``Graph/importMetaGraph(_:importScope:clearDevices:)`` brought into a graph besides its ops.
public struct ImportedMetaGraph: Sendable {
    /// The imported ops, in GraphDef order.
    public let operations: [Operation]
    /// The graph's Saver, when the MetaGraph has one.
    public let saverDefinition: SaverDefinition?
    /// Every global variable (the `variables` collection), in TF's `tf.global_variables()` order.
    public let globalVariables: [Variable]
    /// Collections kept as the MetaGraph stores them because ScopeFlow does not rebuild their
    /// members (bytes lists of protos it has no type for, int64 and float lists). Name → member
    /// count. The `cond_context` and `while_context` collections are rebuilt into the imported
    /// ops' contexts, so gradients can be taken through imported conds and loops.
    public let collectionsNotRebuilt: [String: Int]
}

/// The collections whose members a MetaGraph stores as `VariableDef`s (TF registers these).
private let variableCollections: Set<String> = [
    "variables", "trainable_variables", "local_variables", "model_variables", "moving_average_variables",
    "metric_variables", "global_step",
]

extension Graph {
    /// Adds a MetaGraph's graph to this one, with its collections and Saver (TF's
    /// `tf.compat.v1.train.import_meta_graph`). Ops keep their names, under `importScope/` when
    /// given. Variables listed as `VariableDef`s become ``Variable``s in their collections (so a
    /// ``Saver`` restores them and an optimizer finds them); node-list collections (`train_op`,
    /// `update_ops`, `losses` …) hold the named ops and tensors. Ops keep their nodes' devices
    /// unless `clearDevices` (TF's `clear_devices=True`), which places them by the enclosing
    /// ``device(_:_:)`` scope only.
    ///
    /// - Throws: what ``importGraphDef(_:prefix:clearDevices:)`` throws for the graph, and
    ///   ``ScopeFlowError/Code/dataLoss`` or ``ScopeFlowError/Code/notFound`` for a collection
    ///   member that does not parse or names nothing in the graph.
    @discardableResult
    public func importMetaGraph(
        _ metaGraph: Tensorflow_MetaGraphDef, importScope: String? = nil, clearDevices: Bool = false
    ) throws -> ImportedMetaGraph {
        let scope = importScope ?? ""
        let operations = try importGraphDef(metaGraph.graphDef, prefix: scope, clearDevices: clearDevices)
        var variablesByName: [String: Variable] = [:]
        var notRebuilt: [String: Int] = [:]
        for key in metaGraph.collectionDef.keys.sorted() {
            let collection = metaGraph.collectionDef[key]!
            switch collection.kind {
            case .nodeList(let list):
                for member in list.value {
                    addToCollection(key, try collectionItem(named: Names.path(scope, member), collection: key))
                }
            case .bytesList(let list) where variableCollections.contains(key):
                for bytes in list.value {
                    let variable = try importedVariable(bytes, scope: scope, collection: key, cache: &variablesByName)
                    addToCollection(key, .variable(variable))
                }
            case .bytesList(let list) where key == GraphKeys.whileContext || key == GraphKeys.condContext:
                _ = try importControlFlowContexts(list.value, collection: key, scope: scope)
            case .bytesList(let list):
                notRebuilt[key] = list.value.count
            case .int64List, .floatList, nil:
                notRebuilt[key] = 0
            }
        }
        let saver = metaGraph.hasSaverDef ? SaverDefinition(proto: metaGraph.saverDef) : nil
        return ImportedMetaGraph(
            operations: operations, saverDefinition: saver,
            globalVariables: try variables(GraphKeys.globalVariables), collectionsNotRebuilt: notRebuilt)
    }

    /// The op (`"train"`) or tensor (`"loss:0"`) a node-list collection names.
    private func collectionItem(named name: String, collection: String) throws -> CollectionItem {
        if name.contains(":") {
            if let tensor = tensor(named: name) { return .tensor(tensor) }
        } else if let op = operation(named: name) {
            return .operation(op)
        }
        throw ScopeFlowError(
            .notFound, "The MetaGraph's collection '\(collection)' names '\(name)', which is not in its graph.",
            names: [name])
    }

    /// The variable a `VariableDef` describes, made once per variable op.
    private func importedVariable(
        _ bytes: Data, scope: String, collection: String, cache: inout [String: Variable]
    ) throws -> Variable {
        let definition: Tensorflow_VariableDef
        do { definition = try Tensorflow_VariableDef(serializedBytes: bytes) } catch {
            throw ScopeFlowError(
                .dataLoss, "A member of the MetaGraph's collection '\(collection)' is not a VariableDef (\(error)).",
                underlying: error)
        }
        let name = Names.path(scope, definition.variableName)
        if let known = cache[name] { return known }
        func tensorNamed(_ field: String, _ value: String) throws -> Tensor {
            guard let tensor = tensor(named: Names.path(scope, value)) else {
                throw ScopeFlowError(
                    .notFound,
                    "Variable \(definition.variableName) of the MetaGraph's collection '\(collection)' names its "
                        + "\(field) '\(value)', which is not in its graph.",
                    names: [definition.variableName, value])
            }
            return tensor
        }
        let ref = try tensorNamed("variable", definition.variableName)
        guard let initializer = operation(named: Names.path(scope, definition.initializerName)) else {
            throw ScopeFlowError(
                .notFound,
                "Variable \(definition.variableName) names its initializer '\(definition.initializerName)', which is "
                    + "not in the MetaGraph's graph.",
                names: [definition.variableName])
        }
        let snapshot = try tensorNamed("snapshot", definition.snapshotName)
        // Old MetaGraphs have no initial value name; the initializer's value input stands for it.
        let initialValue =
            definition.initialValueName.isEmpty
            ? (initializer.inputs.count > 1 ? initializer.inputs[1] : snapshot)
            : try tensorNamed("initial value", definition.initialValueName)
        let variable = Variable(
            op: ref.op, initializer: initializer, initialValue: initialValue, snapshot: snapshot,
            trainable: definition.trainable)
        cache[name] = variable
        return variable
    }
}

/// Imports `metaGraph` into the default graph (TF's `tf.compat.v1.train.import_meta_graph`).
@discardableResult
public func importMetaGraph(
    _ metaGraph: Tensorflow_MetaGraphDef, importScope: String? = nil, clearDevices: Bool = false
) throws -> ImportedMetaGraph {
    try BuildContext.effective.graph.importMetaGraph(metaGraph, importScope: importScope, clearDevices: clearDevices)
}

/// The binary MetaGraphDef saved at `path` (`model.meta`, as `tf.train.export_meta_graph` and
/// `Saver.save` write it).
/// - Throws: ``ScopeFlowError/Code/notFound`` when `path` is missing,
///   ``ScopeFlowError/Code/dataLoss`` when it does not parse as a MetaGraphDef.
public func readMetaGraph(_ path: String) throws -> Tensorflow_MetaGraphDef {
    let bytes = try FileIO.read(path)
    do { return try Tensorflow_MetaGraphDef(serializedBytes: bytes) } catch {
        throw ScopeFlowError(
            .dataLoss,
            "\(path) is not a binary MetaGraphDef (\(error)); write one with exportMetaGraph or TF's "
                + "tf.train.export_meta_graph(as_text=False).",
            names: [path], underlying: error)
    }
}
