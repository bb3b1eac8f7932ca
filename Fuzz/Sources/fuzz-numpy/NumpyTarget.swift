import FuzzSupport
import ScopeFlow

/// The NumPy readers on one fuzzed file: as an `.npy` (``readNumpy(_:)``) and as an `.npz`
/// archive (``readNumpyArchive(_:)``: the zip directory, stored and deflated members, each
/// member's `.npy`). Every tensor read must also print.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = ScratchFolder.current.write(UnsafeRawBufferPointer(start: data, count: size), to: "array")
    expectCleanFailure { _ = String(describing: try readNumpy(path)) }
    expectCleanFailure {
        for (_, tensor) in try readNumpyArchive(path) { _ = String(describing: tensor) }
    }
    return 0
}
