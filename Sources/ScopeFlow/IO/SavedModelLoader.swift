import Foundation
import ScopeFlowProto

/// A tensor a SavedModel signature serves: its name in the graph, dtype and shape.
public struct SignatureTensor: Sendable, Equatable {
    /// The tensor's name (`"x:0"`).
    public let name: String
    public let dtype: DType?
    public let shape: Shape
}

/// One signature of a SavedModel (TF's `SignatureDef`): named inputs and outputs and the method
/// (`tensorflow/serving/predict` …).
public struct Signature: Sendable, Equatable {
    public let inputs: [String: SignatureTensor]
    public let outputs: [String: SignatureTensor]
    public let methodName: String

    init(proto: Tensorflow_SignatureDef) {
        func tensors(_ map: [String: Tensorflow_TensorInfo]) -> [String: SignatureTensor] {
            map.mapValues { info in
                SignatureTensor(
                    name: info.name, dtype: DType(protoValue: info.dtype.rawValue),
                    shape: info.hasTensorShape ? Shape(proto: info.tensorShape) : .unknown)
            }
        }
        inputs = tensors(proto.inputs)
        outputs = tensors(proto.outputs)
        methodName = proto.methodName
    }
}

/// A SavedModel loaded into a graph and a session (TF1's `tf.compat.v1.saved_model.loader.load`).
public struct LoadedSavedModel: Sendable {
    /// The MetaGraph's import: ops, Saver definition, variables.
    public let metaGraph: ImportedMetaGraph
    /// The signatures by key (`"serving_default"`).
    public let signatures: [String: Signature]
    /// The session holding the restored variables.
    public let session: Session
}

extension Graph {
    /// Loads the SavedModel folder `path` (`saved_model.pb` and `variables/`, as TF1's
    /// `SavedModelBuilder` writes it) into this graph: imports the MetaGraph whose tags are `tags`
    /// and restores its variables in a new session.
    /// - Throws: ``ScopeFlowError/Code/notFound`` when the folder has no `saved_model.pb` or no
    ///   MetaGraph with those tags (the message lists the tag sets there),
    ///   ``ScopeFlowError/Code/dataLoss`` when the file does not parse, and what importing and
    ///   restoring throw.
    public func loadSavedModel(_ path: String, tags: Set<String>) throws -> LoadedSavedModel {
        let file = path + "/saved_model.pb"
        let bytes = try FileIO.read(file)
        let savedModel: Tensorflow_SavedModel
        do { savedModel = try Tensorflow_SavedModel(serializedBytes: bytes) } catch {
            throw ScopeFlowError(
                .dataLoss, "\(file) is not a SavedModel (\(error)).", names: [file], underlying: error)
        }
        guard let metaGraph = savedModel.metaGraphs.first(where: { Set($0.metaInfoDef.tags) == tags }) else {
            let sets = savedModel.metaGraphs.map { "[" + $0.metaInfoDef.tags.sorted().joined(separator: ", ") + "]" }
            throw ScopeFlowError(
                .notFound,
                "\(path) has no MetaGraph tagged [\(tags.sorted().joined(separator: ", "))]; it has "
                    + (sets.isEmpty ? "none" : sets.joined(separator: ", ")) + ".",
                names: [path])
        }
        let imported = try importMetaGraph(metaGraph)
        let session = Session(graph: self)
        if !imported.globalVariables.isEmpty {
            try Saver(varList: imported.globalVariables).restore(session, from: path + "/variables/variables")
        }
        return LoadedSavedModel(
            metaGraph: imported, signatures: metaGraph.signatureDef.mapValues(Signature.init(proto:)),
            session: session)
    }
}
