import Foundation
import ScopeFlowProto

extension Graph {
    /// This graph as a MetaGraph (TF's `tf.compat.v1.train.export_meta_graph`): the GraphDef, every
    /// collection (variables as `VariableDef`s, other members by name, the outermost conds and
    /// loops as `CondContextDef`s / `WhileContextDef`s), the Saver's definition
    /// when given, and `signatures` with `tags` for a SavedModel. TF's `import_meta_graph` reads it
    /// back and builds a Saver for the variables when `saverDefinition` is nil.
    public func metaGraphDef(
        saverDefinition: SaverDefinition? = nil, signatures: [String: Signature] = [:], tags: [String] = []
    ) throws -> Tensorflow_MetaGraphDef {
        var metaGraph = Tensorflow_MetaGraphDef()
        metaGraph.metaInfoDef.tags = tags
        metaGraph.metaInfoDef.tensorflowVersion = TensorFlowCompatibility.version
        metaGraph.graphDef = graphDef()
        if let saverDefinition { metaGraph.saverDef = saverDefinition.proto }
        for key in collectionKeys {
            let items = try collection(key)
            var entry = Tensorflow_CollectionDef()
            let variables = items.compactMap(\.variable)
            if variables.count == items.count {
                var list = Tensorflow_CollectionDef.BytesList()
                list.value = try variables.map { try $0.definition.serializedData() }
                entry.bytesList = list
            } else {
                var list = Tensorflow_CollectionDef.NodeList()
                list.value = items.map(\.name)
                entry.nodeList = list
            }
            metaGraph.collectionDef[key] = entry
        }
        for (key, entry) in try controlFlowContextCollections() { metaGraph.collectionDef[key] = entry }
        metaGraph.signatureDef = signatures.mapValues(\.proto)
        return metaGraph
    }

    /// Writes ``metaGraphDef(saverDefinition:signatures:tags:)`` to `path` as a binary
    /// MetaGraphDef (`model.meta`), replacing the file durably.
    public func exportMetaGraph(to path: String, saverDefinition: SaverDefinition? = nil) throws {
        let bytes = try [UInt8](metaGraphDef(saverDefinition: saverDefinition).serializedData())
        try DurableFile.replace(path, with: bytes, observe: { _ in }, written: .dataWritten, renamed: .dataRenamed)
    }
}

/// The TensorFlow release whose formats ScopeFlow writes.
enum TensorFlowCompatibility {
    static let version = "2.21.0"
}

extension Variable {
    /// The variable as a MetaGraph collection lists it.
    var definition: Tensorflow_VariableDef {
        var definition = Tensorflow_VariableDef()
        definition.variableName = name
        definition.initialValueName = initialValue.name
        definition.initializerName = initializer.name
        definition.snapshotName = snapshot.name
        definition.trainable = trainable
        return definition
    }
}

extension SaverDefinition {
    var proto: Tensorflow_SaverDef {
        var proto = Tensorflow_SaverDef()
        proto.filenameTensorName = filenameTensorName
        proto.saveTensorName = saveTensorName
        proto.restoreOpName = restoreOpName
        proto.maxToKeep = Int32(clamping: maxToKeep)
        proto.keepCheckpointEveryNHours = 10000
        proto.version = .v2
        return proto
    }
}

extension Signature {
    /// A signature serving `inputs` and `outputs` under the given keys (TF's
    /// `tf.compat.v1.saved_model.signature_def_utils.predict_signature_def` by default).
    public init(
        inputs: [String: Tensor], outputs: [String: Tensor], methodName: String = "tensorflow/serving/predict"
    ) {
        func described(_ tensor: Tensor) -> SignatureTensor {
            SignatureTensor(name: tensor.name, dtype: tensor.dtype, shape: tensor.shape)
        }
        self.inputs = inputs.mapValues(described)
        self.outputs = outputs.mapValues(described)
        self.methodName = methodName
    }

    var proto: Tensorflow_SignatureDef {
        func info(_ tensor: SignatureTensor) -> Tensorflow_TensorInfo {
            var info = Tensorflow_TensorInfo()
            info.name = tensor.name
            if let dtype = tensor.dtype { info.dtype = dtype.proto }
            info.tensorShape = tensor.shape.proto
            return info
        }
        var proto = Tensorflow_SignatureDef()
        proto.inputs = inputs.mapValues(info)
        proto.outputs = outputs.mapValues(info)
        proto.methodName = methodName
        return proto
    }
}
