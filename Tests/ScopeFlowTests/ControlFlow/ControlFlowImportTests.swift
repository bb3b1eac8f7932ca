import Testing

@testable import ScopeFlow

/// TF 2.21's own v1 control-flow graphs (cond, while_loop, nested, mixed, maximum_iterations,
/// TensorArray round trips, scan, map_fn, foldl/foldr, the gradients of a cond, a while loop and
/// map_fn, a dynamic_rnn training step's gradients), imported from the GraphDefs TF wrote and run: every fetched value must be
/// TF's. Recorded by `Scripts/tf-verify/record_control_flow_imports.py`.
@Suite struct ControlFlowImportTests {
    static let recording = RecordedGraphImports.load("control-flow-imports")

    @Test(arguments: recording.cases)
    func importedGraphComputesTensorFlowsValues(_ recorded: RecordedGraphImports.Case) throws {
        try RecordedGraphImports.check(recorded)
    }
}
