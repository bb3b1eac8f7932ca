import Foundation
import FuzzSupport
import ScopeFlow

/// A replay trace (`trace.json` of `shared/models/`), decoded as `scopeflow replay` decodes it:
/// ``ReplayTrace/init(json:source:)``, every tensor value of every run described.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    expectCleanFailure {
        let trace = try ReplayTrace(json: Data(bytes: data, count: size))
        for run in trace.runs {
            for value in run.feeds.values { _ = String(describing: value) }
            for value in run.expected.values { _ = String(describing: value) }
        }
    }
    return 0
}
