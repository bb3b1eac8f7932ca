extension OpDefinitions {
    /// Op types ScopeFlow cannot run but reads in imported GraphDefs (TF's checks, savers,
    /// summaries of other kinds): only their output signature is defined, so an imported graph
    /// holding them keeps its shape, and running or differentiating one is a clear error.
    static let imported: [OpDefinition] = [
        importedOp("TensorSummary", outputs: .string),
        importedOp("TensorSummaryV2", outputs: .string),
        importedOp("ImageSummary", outputs: .string),
        importedOp("AudioSummary", outputs: .string),
        importedOp("AudioSummaryV2", outputs: .string),
        importedOp("Print", outputs: .none),
        importedOp("SaveV2", outputs: .none),
        importedOp("Save", outputs: .none),
        importedOp("SaveSlices", outputs: .none),
        importedOp("RestoreV2", outputs: .listed(by: "dtypes")),
        // A sharded Saver's nodes (SavedModels and `Saver(sharded=True)`).
        importedOp("StaticRegexFullMatch", outputs: .bool),
        importedOp("StringJoin", outputs: .string),
        importedOp("ShardedFilename", outputs: .string),
        importedOp("MergeV2Checkpoints", outputs: .none),
        importedOp("IdentityN", outputs: .listed(by: "T")),
    ]

    /// An op type known only by its outputs.
    private static func importedOp(
        _ type: String, outputs: OutputSignature, file: String = #fileID, line: Int = #line
    ) -> OpDefinition {
        OpDefinition(type, kernel: nil, outputs: outputs, gradient: .undefined, file: file, line: line)
    }
}
