import Foundation

/// The text `checkpoint` file of a checkpoint folder (TF's `CheckpointState`):
/// the latest prefix and every kept prefix, oldest first.
struct CheckpointState: Equatable {
    var latest: String
    var all: [String]

    static func path(in directory: String) -> String { directory + "/checkpoint" }

    /// The file's text, one field per line as TF writes it.
    var text: String {
        (["model_checkpoint_path: " + Self.quoted(latest)] + all.map { "all_model_checkpoint_paths: " + Self.quoted($0) })
            .joined(separator: "\n") + "\n"
    }

    private static func quoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The state in `directory`, nil when there is no `checkpoint` file.
    /// - Throws: ``ScopeFlowError/Code/dataLoss`` when the file does not parse.
    static func read(in directory: String) throws -> CheckpointState? {
        let file = path(in: directory)
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        var state = CheckpointState(latest: "", all: [])
        let bytes = try FileIO.read(file)
        if let nul = bytes.firstIndex(of: 0) {
            throw ScopeFlowError(
                .dataLoss, "\(file) is corrupt: it holds a NUL byte at offset \(nul) (a text file was expected).",
                names: [file])
        }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw ScopeFlowError(.dataLoss, "\(file) is corrupt: line '\(trimmed)' has no ':'.", names: [file])
            }
            let field = trimmed[..<colon].trimmingCharacters(in: .whitespaces)
            let raw = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch field {
            case "model_checkpoint_path": state.latest = try unquote(raw, file: file)
            case "all_model_checkpoint_paths": state.all.append(try unquote(raw, file: file))
            default: continue
            }
        }
        return state
    }

    /// A text-format string literal: quotes stripped, `\"`, `\\`, `\n`, `\t`, octal and hex escapes decoded.
    private static func unquote(_ literal: String, file: String) throws -> String {
        let bytes = Array(literal.utf8)
        guard bytes.count >= 2, let quote = bytes.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'"),
            bytes.last == quote
        else {
            throw ScopeFlowError(.dataLoss, "\(file) is corrupt: \(literal) is not a quoted string.", names: [file])
        }
        var out: [UInt8] = []
        var i = 1
        while i < bytes.count - 1 {
            guard bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count - 1 else {
                out.append(bytes[i])
                i += 1
                continue
            }
            let next = bytes[i + 1]
            let digits = bytes[(i + 1)...].prefix(3).prefix { (48...55).contains($0) }
            if !digits.isEmpty {
                out.append(UInt8(truncatingIfNeeded: digits.reduce(0) { $0 * 8 + Int($1 - 48) }))
                i += 1 + digits.count
            } else if next == UInt8(ascii: "x"), i + 3 < bytes.count, let value = UInt8(String(decoding: bytes[(i + 2)...(i + 3)], as: UTF8.self), radix: 16) {
                out.append(value)
                i += 4
            } else {
                out.append([UInt8(ascii: "n"): 10, UInt8(ascii: "t"): 9, UInt8(ascii: "r"): 13][next] ?? next)
                i += 2
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `prefix` resolved against `directory` when it is relative.
    static func resolve(_ prefix: String, in directory: String) -> String {
        prefix.hasPrefix("/") ? prefix : directory + "/" + prefix
    }
}

/// The newest checkpoint prefix recorded in `directory`'s `checkpoint` file,
/// or nil when there is none or its `.index` is missing (TF's `tf.train.latest_checkpoint`).
/// - Throws: ``ScopeFlowError/Code/dataLoss`` when the `checkpoint` file does not parse or names
///   no checkpoint (empty, as TF's "Invalid checkpoint state"); the message lists the checkpoints
///   the folder holds.
public func latestCheckpoint(in directory: String) throws -> String? {
    guard let state = try CheckpointState.read(in: directory) else { return nil }
    guard !state.latest.isEmpty else {
        let file = CheckpointState.path(in: directory)
        let prefixes = ((try? FileIO.contentsOfDirectory(directory)) ?? []).filter { $0.hasSuffix(".index") }.sorted()
            .map { String($0.dropLast(".index".count)) }
        throw ScopeFlowError(
            .dataLoss, "\(file) names no checkpoint (no model_checkpoint_path: the file is empty or damaged); "
                + (prefixes.isEmpty
                    ? "the folder holds no checkpoint .index file."
                    : "give a checkpoint prefix instead: \(prefixes.map { directory + "/" + $0 }.joined(separator: ", ")), "
                        + "or save again to rewrite the file."),
            names: [file])
    }
    let prefix = CheckpointState.resolve(state.latest, in: directory)
    return FileManager.default.fileExists(atPath: CheckpointWriter.indexPath(prefix)) ? prefix : nil
}

/// The name, dtype and shape of every tensor in checkpoint `prefix` (TF's `tf.train.list_variables`).
public func listVariables(_ prefix: String) throws -> [CheckpointEntry] {
    try CheckpointReader(prefix: prefix).entries
}

/// The checkpoint prefix `path` names: a prefix (`model.ckpt-3`), its `.index` file, one of its
/// data files (`model.ckpt-3.data-00000-of-00001`), or a folder resolved through its `checkpoint`
/// file; nil when it names none of these.
/// - Throws: ``ScopeFlowError/Code/dataLoss`` when the folder's `checkpoint` file does not parse
///   or names no checkpoint.
public func checkpointPrefix(_ path: String) throws -> String? {
    if FileManager.default.fileExists(atPath: CheckpointWriter.indexPath(path)) { return path }
    if path.hasSuffix(".index") { return String(path.dropLast(".index".count)) }
    if let prefix = dataFilePrefix(path) { return prefix }
    return try latestCheckpoint(in: path)
}

/// The prefix of a data file name `PREFIX.data-NNNNN-of-NNNNN`, nil for any other name.
private func dataFilePrefix(_ path: String) -> String? {
    guard let marker = path.range(of: ".data-", options: .backwards) else { return nil }
    let parts = path[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[1] == "of", parts[0].count == 5, parts[2].count == 5,
        parts[0].allSatisfy(\.isASCII), parts[2].allSatisfy(\.isASCII), Int(parts[0]) != nil, Int(parts[2]) != nil
    else { return nil }
    return String(path[..<marker.lowerBound])
}
