import Foundation
import Testing

@testable import ScopeFlow

/// A Session keeps glibc's malloc from trimming the heap after each run (found
/// through `dlsym`, since the Glibc module lacks `<malloc.h>`), unless told not to.
@Suite struct MallocTuningTests {
    @Test func aSessionTunesGlibcMalloc() {
        _ = Session(graph: Graph())
        let optedOut = EnvironmentSwitch.isOff("SCOPEFLOW_MALLOC_TUNING")
        #if canImport(Glibc)
            #expect(MallocTuning.applied == !optedOut)
        #else
            #expect(!MallocTuning.applied)
        #endif
    }
}
