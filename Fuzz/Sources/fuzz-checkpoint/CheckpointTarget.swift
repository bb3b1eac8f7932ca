import FuzzSupport
import ScopeFlow

/// Checkpoint `.index` and `.data` through ``CheckpointReader``, as `scopeflow inspect P --values`
/// reads them: every entry's tensor, described.
///
/// Input: a little-endian `UInt16` n, then the `.index` file (n bytes, or what is left), then the
/// only `.data` file (the rest). One input holds both files so that the fuzzer can keep a data
/// file's checksum and the index entry that states it consistent.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let indexEnd = 2 + min(Int(input[0]) | Int(input[1]) << 8, size - 2)
    let folder = ScratchFolder.current
    folder.write(UnsafeRawBufferPointer(rebasing: input[2..<indexEnd]), to: "model.ckpt.index")
    folder.write(UnsafeRawBufferPointer(rebasing: input[indexEnd...]), to: "model.ckpt.data-00000-of-00001")
    expectCleanFailure {
        let reader = try CheckpointReader(prefix: folder.path + "/model.ckpt")
        for entry in reader.entries { _ = String(describing: try reader.tensor(named: entry.name)) }
    }
    return 0
}
