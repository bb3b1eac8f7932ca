import Foundation

/// Files written so that a crash or `kill -9` at any moment leaves either the old file or
/// the complete new one: bytes go to a temporary file beside the target, are flushed to the
/// disk (`fsync`), and the temporary file is renamed over the target, then the folder is
/// flushed so the rename itself survives a power cut.
///
/// A temporary file is named `<target>.tempstate<pid>-<token>-<random>` (TF's bundle writer
/// uses `<target>.tempstate<random>`): the writing process's id and a token drawn once per
/// process let a later save tell the leftovers of a killed process from a save in flight.
enum DurableFile {
    /// Who wrote a temporary file: a process id and a token drawn once per process, so a
    /// process that reuses a dead one's id (a container restarting as pid 1) is told apart.
    struct Owner: Equatable {
        var pid: Int32
        var token: UInt32

        /// This process.
        static let current = Owner(pid: getpid(), token: UInt32.random(in: 1...UInt32.max))

        /// True when the owner may still be writing: it is this process, or another
        /// running process.
        var mayBeWriting: Bool {
            if self == Self.current { return true }
            if pid == Self.current.pid || pid <= 0 { return false }
            return kill(pid, 0) == 0 || errno == EPERM
        }
    }

    private static let marker = ".tempstate"

    /// A fresh temporary name beside `path`, owned by `owner`.
    static func temporaryPath(for path: String, owner: Owner = .current) -> String {
        path + marker + "\(owner.pid)-\(owner.token)-\(UInt64.random(in: 0...UInt64.max))"
    }

    /// The target and owner of a temporary file name; the owner is nil for a name in
    /// another format (TF's `.tempstate<random>`), nil overall for a name that is not temporary.
    static func parseTemporary(_ name: String) -> (target: String, owner: Owner?)? {
        guard let range = name.range(of: marker, options: .backwards) else { return nil }
        let fields = name[range.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        let owner = fields.count == 3 ? Int32(fields[0]).flatMap { pid in UInt32(fields[1]).map { Owner(pid: pid, token: $0) } } : nil
        return (String(name[..<range.lowerBound]), owner)
    }

    /// Writes `bytes` to `path` durably: a flushed temporary file renamed over it, then the
    /// folder flushed. `observe` runs after the temporary file is complete and after the rename.
    /// - Throws: a ``ScopeFlowError`` naming `path` and the system's reason; the temporary file is removed.
    static func replace(
        _ path: String, with bytes: [UInt8], observe: (SaveStep) throws -> Void, written: SaveStep, renamed: SaveStep
    ) throws {
        let temporary = temporaryPath(for: path)
        do {
            do {
                let file = try SyncedFile(creating: temporary)
                try file.write(bytes, at: 0)
                try file.sync()
            }
            try observe(written)
            try rename(temporary, to: path)
        } catch {
            unlink(temporary)
            throw error
        }
        try observe(renamed)
    }

    /// Renames `source` over `target` and flushes their folder.
    static func rename(_ source: String, to target: String) throws {
        guard Foundation.rename(source, target) == 0 else { throw failure("Cannot rename \(source) to \(target)", path: target) }
        try syncFolder(of: target)
    }

    /// Removes `path` (if it is there) and flushes its folder.
    static func remove(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw failure("Cannot delete \(path)", path: path) }
        try syncFolder(of: path)
    }

    /// Flushes the folder holding `path`, so that renames and deletions in it are on disk.
    static func syncFolder(of path: String) throws {
        let folder = folderPath(of: path)
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("Cannot open the folder \(folder)", path: folder) }
        defer { close(descriptor) }
        // Some file systems cannot flush a folder (EINVAL); their renames are as durable as they get.
        guard fsync(descriptor) == 0 || errno == EINVAL else { throw failure("Cannot flush the folder \(folder)", path: folder) }
    }

    /// Creates `folder` and the folders above it that are missing (`mkdir -p`); `role` names the
    /// folder in the error ("checkpoint folder", "log folder").
    static func createFolder(_ folder: String, role: String = "checkpoint folder") throws {
        var path = folder.hasPrefix("/") ? "" : "."
        for component in folder.split(separator: "/") {
            path += "/" + component
            guard mkdir(path, 0o777) == 0 || errno == EEXIST else {
                throw failure("Cannot create the \(role) \(folder)", path: folder)
            }
        }
    }

    /// The folder holding `path` ("." for a bare name).
    static func folderPath(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// Deletes the temporary files in `folder` that no running process is writing: leftovers
    /// of saves that were killed. A temporary without an owner (TF's) counts as abandoned once
    /// it has not changed for 10 minutes. Returns the targets whose temporaries were deleted.
    @discardableResult
    static func removeAbandonedTemporaries(in folder: String) -> [String] {
        var targets: [String] = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            guard let (target, owner) = parseTemporary(name) else { continue }
            let path = folder + "/" + name
            if let owner {
                if owner.mayBeWriting { continue }
            } else {
                var status = stat()
                guard stat(path, &status) == 0, time(nil) - status.st_mtim.tv_sec >= 600 else { continue }
            }
            if unlink(path) == 0 { targets.append(folder + "/" + target) }
        }
        return targets
    }

    /// The error for a failed system call on `path`, with the reason `errno` gives and a fix.
    static func failure(_ what: String, path: String) -> ScopeFlowError {
        let code = errno
        let reason = String(cString: strerror(code))
        let full = [ENOSPC, EDQUOT, EFBIG].contains(code)
        return ScopeFlowError(
            full ? .resourceExhausted : .notFound,
            "\(what): \(reason). "
                + (full ? "Free some space on the disk (or raise the quota) and save again."
                    : "Check that the folder exists and is writable."),
            names: [path])
    }
}

/// A file opened for writing with `open(2)`, written with `pwrite(2)`, flushed with `fsync(2)`
/// and closed when it goes out of scope.
struct SyncedFile: ~Copyable {
    let path: String
    private let descriptor: Int32

    /// Creates `path`, which must not exist yet.
    init(creating path: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw DurableFile.failure("Cannot create \(path)", path: path) }
    }

    /// Writes `bytes` at `offset`; bytes skipped before `offset` read back as zeros.
    func write(_ bytes: [UInt8], at offset: Int) throws {
        try bytes.withUnsafeBytes { try write($0, at: offset) }
    }

    private func write(_ buffer: UnsafeRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < buffer.count {
            let count = pwrite(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw DurableFile.failure("Cannot write \(path)", path: path) }
            done += count
        }
    }

    /// Copies the bytes `range` of the file `source` to the same offsets of this file.
    func copy(_ range: Range<Int>, from source: String) throws {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw DurableFile.failure("Cannot read \(source)", path: source) }
        defer { Foundation.close(input) }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        var offset = range.lowerBound
        while offset < range.upperBound {
            let count = pread(input, chunk.baseAddress, min(chunk.count, range.upperBound - offset), off_t(offset))
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                if count == 0 { errno = EIO }
                throw DurableFile.failure("Cannot read \(source) at offset \(offset)", path: source)
            }
            try write(UnsafeRawBufferPointer(rebasing: chunk[..<count]), at: offset)
            offset += count
        }
    }

    /// Flushes the file's bytes to the disk.
    func sync() throws {
        guard fsync(descriptor) == 0 else { throw DurableFile.failure("Cannot flush \(path)", path: path) }
    }

    /// Closes the file.
    deinit { Foundation.close(descriptor) }
}
