import FuzzSupport
import ScopeFlow

/// A binary GraphDef file through ``readGraphDef(_:)`` and ``Graph/importGraphDef(_:prefix:)``,
/// as `scopeflow explain graph.pb NAME` reads it; then the first node explained and the imported
/// graph exported again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = ScratchFolder.current.write(UnsafeRawBufferPointer(start: data, count: size), to: "graph.pb")
    expectCleanFailure {
        let graph = Graph()
        let operations = try graph.importGraphDef(readGraphDef(file), prefix: "")
        if let first = operations.first { _ = try graph.explain(first.name) }
        _ = try graph.serializedGraphDef()
    }
    return 0
}
