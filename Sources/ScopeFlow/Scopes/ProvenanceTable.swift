/// What diagnostics record about a graph while it is built: how each variable came to be and the
/// traps noticed on the way. Kept as a side table of the graph (see ``GraphSideTable``), so the
/// graph layer knows nothing of provenance or warnings.
struct ProvenanceTable: GraphSideTable {
    /// How each variable came to be, by its `VariableV2` op.
    var variables: [ObjectIdentifier: VariableProvenance] = [:]
    /// Traps noticed while building (see ``GraphWarning``), in the order they were noticed.
    var warnings: [GraphWarning] = []
}
