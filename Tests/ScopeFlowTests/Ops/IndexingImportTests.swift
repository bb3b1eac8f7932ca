import Testing

@testable import ScopeFlow

/// TF 2.21 graphs that train through `top_k`, `reduce_logsumexp`, `gather_nd`, `scatter_nd`,
/// `tensor_scatter_nd_update`, `boolean_mask`, `dynamic_partition`, `dynamic_stitch`, `einsum`,
/// `tensordot` and `clip_by_average_norm`, and update variables with `scatter_add`/`mul`/`div`/
/// `update`, imported from the GraphDefs TF wrote (with TF's own gradient graphs) and run twice in
/// one session: every fetched value must be TF's. Recorded by
/// `Scripts/tf-verify/record_indexing_imports.py`.
@Suite struct IndexingImportTests {
    static let recording = RecordedGraphImports.load("indexing-imports")

    @Test(arguments: recording.cases)
    func importedGraphsComputeTensorFlowsValues(_ recorded: RecordedGraphImports.Case) throws {
        try RecordedGraphImports.check(recorded)
    }
}
