import FuzzSupport
import ScopeFlow

/// A TensorBoard event file (TFRecord framing, then `Event` protos) through
/// ``EventFileContents``, as `scopeflow inspect F` reads it: the events, the graph, the scalars
/// and the tags.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = ScratchFolder.current.write(UnsafeRawBufferPointer(start: data, count: size), to: "events.out.tfevents.fuzz")
    expectCleanFailure {
        let contents = try EventFileContents(path: file)
        _ = try contents.graphDef()
        _ = contents.scalars
        _ = contents.tags
    }
    return 0
}
