import FuzzSupport
import ScopeFlow

/// The folder the fuzzed `checkpoint` state file is written into, holding a valid checkpoint
/// `model.ckpt` (one [2, 3] variable) so that a state naming it leads on to reading it.
let folder: ScratchFolder = {
    let folder = ScratchFolder.current
    do {
        let graph = Graph()
        let (saver, initializer) = try graph.asDefault {
            _ = try getVariable("w", shape: [2, 3], initializer: .constant(0.5))
            return (try Saver(), try globalVariablesInitializer())
        }
        let session = Session(graph: graph)
        try session.run(initializer)
        _ = try saver.save(session, to: folder.path + "/model.ckpt")
    } catch {
        fatalError("cannot write the checkpoint beside the state file: \(error)")
    }
    return folder
}()

/// The `checkpoint` state file, read as `scopeflow inspect DIR --values` reads a folder: the
/// prefix it names (``checkpointPrefix(_:)``) and that checkpoint's tensors, or else the folder
/// as an event run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    folder.write(UnsafeRawBufferPointer(start: data, count: size), to: "checkpoint")
    expectCleanFailure {
        guard let prefix = try checkpointPrefix(folder.path) else {
            _ = try EventFileContents(path: folder.path)
            return
        }
        let reader = try CheckpointReader(prefix: prefix)
        for entry in reader.entries { _ = String(describing: try reader.tensor(named: entry.name)) }
    }
    return 0
}
