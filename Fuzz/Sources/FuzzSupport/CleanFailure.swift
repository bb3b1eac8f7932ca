import ScopeFlow

/// Runs one reader on a fuzzed input: returning or throwing a ``ScopeFlowError`` is a pass;
/// any other error stops the process, so libFuzzer saves the input as a crash.
///
/// ScopeFlow promises a `ScopeFlowError` naming the file and the problem for every malformed
/// file; an error of another type (a bare protobuf decoding error, say) breaks that promise.
public func expectCleanFailure(_ body: () throws -> Void) {
    do { try body() } catch is ScopeFlowError {
    } catch {
        fatalError("a reader threw \(type(of: error)), not a ScopeFlowError: \(error)")
    }
}
