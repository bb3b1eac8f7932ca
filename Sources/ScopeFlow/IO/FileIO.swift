import Foundation

/// Whole-file reads with ScopeFlow errors (durable writes are ``DurableFile``'s).
enum FileIO {
    /// The bytes of the file at `path`.
    /// - Throws: ``ScopeFlowError/Code/notFound`` naming `path` and the system's reason
    ///   ("No such file or directory", "Is a directory", "Permission denied") when it cannot be read.
    static func read(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw readFailure(path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw readFailure(path) }
        // A device or pipe (`/dev/zero`) could hand out bytes without end: only plain files are read.
        guard status.st_mode & S_IFMT == S_IFREG || status.st_mode & S_IFMT == S_IFDIR else {
            throw ScopeFlowError(.notFound, "Cannot read \(path): it is not a regular file; give a file's path.", names: [path])
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if got == 0 { return bytes }
            guard got > 0 else {
                if errno == EINTR { continue }
                throw readFailure(path)
            }
            bytes.append(contentsOf: chunk[..<got])
        }
    }

    /// The names in the folder at `path`.
    /// - Throws: ``ScopeFlowError/Code/notFound`` naming `path` and the system's reason.
    static func contentsOfDirectory(_ path: String) throws -> [String] {
        guard let folder = opendir(path) else { throw readFailure(path) }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// The error for a failed read of `path`, with the reason `errno` gives.
    private static func readFailure(_ path: String) -> ScopeFlowError {
        ScopeFlowError(.notFound, "Cannot read \(path): \(String(cString: strerror(errno))); check the path.", names: [path])
    }
}

/// The system's `read(2)`, named apart from ``FileIO/read(_:)``.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
