import Foundation
import Testing

@testable import ScopeFlow

/// The library leaves malloc alone unless the application asks (``RuntimeOptions/tunesMalloc``);
/// the test process never asks.
@Suite struct MallocTuningTests {
    @Test func aSessionLeavesMallocAloneByDefault() {
        _ = Session(graph: Graph())
        #expect(!RuntimeOptions.current.tunesMalloc)
        #expect(!MallocTuning.applied)
    }

    @Test func theOptionsCannotChangeOnceTheRuntimeStarted() throws {
        _ = Session(graph: Graph())
        var other = RuntimeOptions.current
        other.tunesMalloc.toggle()
        #expect(throws: ScopeFlowError.self) { try RuntimeOptions.configure(other) }
        try RuntimeOptions.configure(RuntimeOptions.current)
    }
}
