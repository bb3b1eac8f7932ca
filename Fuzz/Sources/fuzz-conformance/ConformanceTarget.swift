import Foundation
import ScopeFlowConformance

/// A conformance case file through ``ConformanceSuite/results(forCaseFile:)``, as
/// `scopeflow conformance CASES.json` runs it: parsed, every case's program built and run,
/// the results compared with the file's expectations. Any thrown error is a pass.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    guard let cases = try? JSONValue.parse(bytes), let results = try? ConformanceSuite.results(forCaseFile: bytes) else {
        return 0
    }
    _ = ConformanceSuite.differences(cases: cases, results: results)
    return 0
}
