import Testing

@testable import ScopeFlow

/// TF 2.21's while loops that draw random values in their bodies (uniform and normal draws within
/// and past `parallel_iterations`, a `DropoutWrapper` in `dynamic_rnn`), imported from the
/// GraphDefs TF wrote and run twice in one session: every draw must be TF's, in TF's iteration
/// order (the first `parallel_iterations` iterations take an op's draws in reverse). Recorded by
/// `Scripts/tf-verify/record_loop_random_imports.py`.
@Suite struct LoopRandomImportTests {
    static let recording = RecordedGraphImports.load("loop-random-imports")

    @Test(arguments: recording.cases)
    func importedLoopDrawsTensorFlowsValues(_ recorded: RecordedGraphImports.Case) throws {
        try RecordedGraphImports.check(recorded)
    }
}
