import FuzzSupport
import ScopeFlow

/// A binary MetaGraphDef, read as `scopeflow run model.meta` and `scopeflow replay` read one:
/// ``readMetaGraph(_:)``, then ``Graph/importMetaGraph(_:importScope:)`` (the graph, its
/// VariableDef and node-list collections, the Saver's definition).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = ScratchFolder.current.write(UnsafeRawBufferPointer(start: data, count: size), to: "model.meta")
    expectCleanFailure {
        let imported = try Graph().importMetaGraph(readMetaGraph(path))
        for variable in imported.globalVariables { _ = variable.description }
    }
    return 0
}
