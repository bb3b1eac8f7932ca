#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// This fuzzing process's own folder, where each input is written as the file a reader opens.
///
/// It lives in `/dev/shm` when there is one (no disk traffic per input) and is removed when the
/// process exits normally (a crashing run leaves it behind, named after the process and its id).
public struct ScratchFolder: Sendable {
    /// The folder of this process, made on first use.
    public static let current = ScratchFolder()

    /// The folder's path.
    public let path: String

    private init() {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory()
        path = base + "scopeflow-\(ProcessInfo.processInfo.processName)-\(getpid())"
        try? FileManager.default.removeItem(atPath: path)
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            fatalError("cannot create the scratch folder \(path): \(error)")
        }
        atexit { try? FileManager.default.removeItem(atPath: ScratchFolder.current.path) }
    }

    /// Writes `bytes` to `name` in the folder (replacing it) and returns the file's path.
    @discardableResult
    public func write(_ bytes: UnsafeRawBufferPointer, to name: String) -> String {
        let file = path + "/" + name
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { fatalError("cannot open \(file): errno \(errno)") }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            guard result > 0 else { fatalError("cannot write \(file): errno \(errno)") }
            written += result
        }
        return file
    }
}
