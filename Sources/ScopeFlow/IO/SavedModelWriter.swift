import Foundation
import ScopeFlowProto

extension Session {
    /// Saves this session's graph and variables as a SavedModel folder in TF1's builder format
    /// (`tf.compat.v1.saved_model.Builder` with one MetaGraph): `saved_model.pb` and
    /// `variables/variables.{index,data-00000-of-00001}`. TF 2.21's
    /// `tf.compat.v1.saved_model.loader.load(sess, tags, path)` reads it and serves `signatures`.
    ///
    /// ```swift
    /// try session.saveModel(to: "export/1", tags: ["serve"],
    ///                       signatures: ["serving_default": Signature(inputs: ["x": x], outputs: ["y": y])])
    /// ```
    /// - Throws: ``ScopeFlowError/Code/alreadyExists`` when `path` exists (as TF's builder refuses),
    ///   ``ScopeFlowError/Code/uninitialized`` for a variable without a value, and file errors.
    public func saveModel(to path: String, tags: [String], signatures: [String: Signature]) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ScopeFlowError(
                .alreadyExists, "Export directory already exists, and isn't empty: \(path); choose a new one.",
                names: [path])
        }
        let variables = try graph.variables()
        var values: [String: HostTensor] = [:]
        for variable in variables {
            guard let value = try value(of: variable) else {
                throw ScopeFlowError(
                    .uninitialized,
                    "Attempting to save uninitialized value \(variable.op.name); run its initializer before saving.",
                    names: [variable.op.name])
            }
            values[variable.op.name] = value
        }
        var savedModel = Tensorflow_SavedModel()
        savedModel.savedModelSchemaVersion = 1
        savedModel.metaGraphs = [try graph.metaGraphDef(signatures: signatures, tags: tags)]
        try DurableFile.createFolder(path + "/variables", role: "SavedModel folder")
        try CheckpointWriter.write(values, prefix: path + "/variables/variables") { _ in }
        try DurableFile.replace(
            path + "/saved_model.pb", with: [UInt8](savedModel.serializedData()), observe: { _ in },
            written: .dataWritten, renamed: .dataRenamed)
    }
}
