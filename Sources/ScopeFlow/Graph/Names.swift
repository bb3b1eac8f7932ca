/// TensorFlow's rules for op and scope names.
enum Names {
    /// True when `name` matches TF's op-name pattern `[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*`
    /// (required for names at the root and for every full node name).
    static func isValidRootName(_ name: String) -> Bool {
        name.withUTF8Bytes { bytes in
            guard let first = bytes.first, isLeadingCharacter(first) else { return false }
            for c in bytes.dropFirst() where !isFollowingCharacter(c) { return false }
            return true
        }
    }

    /// True when `name` matches TF's scope-name pattern `[A-Za-z0-9_.\\/>-]*`,
    /// used for names requested below the root.
    /// Whether `name` starts as a root name must: the rest of a name built
    /// from validated scopes and a validated leaf is valid already.
    static func hasValidRootStart(_ name: String) -> Bool {
        name.utf8.first.map(isLeadingCharacter) ?? false
    }

    static func isValidNestedName(_ name: String) -> Bool {
        name.withUTF8Bytes { bytes in
            for c in bytes where !isFollowingCharacter(c) { return false }
            return true
        }
    }

    @inline(__always) private static func isLeadingCharacter(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2E
    }

    @inline(__always) private static func isFollowingCharacter(_ c: UInt8) -> Bool {
        // letters, digits, '_', '.', '\', '/', '>', '-'
        isLeadingCharacter(c) || c == 0x5F || c == 0x5C || c == 0x2F || c == 0x3E || c == 0x2D
    }

    /// Validates a name requested inside the name scope `stack` (`""` at the
    /// root), as TF's `Graph.name_scope` does.
    static func validateRequested(_ name: String, inStack stack: String) throws {
        if stack.isEmpty {
            guard isValidRootName(name) else {
                throw ScopeFlowError(
                    .invalidName,
                    "'\(name)' is not a valid root scope name. A name at the root must start with a letter, "
                        + "digit or '.', and contain only letters, digits, '_', '.', '-', '/', '\\' and '>'.",
                    names: [name])
            }
        } else {
            guard isValidNestedName(name) else {
                throw ScopeFlowError(
                    .invalidName,
                    "'\(name)' is not a valid scope name (inside '\(stack)'). Use only letters, digits, "
                        + "'_', '.', '-', '/', '\\' and '>'.",
                    names: [name])
            }
        }
    }

    /// Removes one trailing `/` (TF's `name_from_scope_name`).
    /// `scope + "/" + name`, or `name` at the root (`scope` empty), built in
    /// one allocation.
    static func path(_ scope: String, _ name: String) -> String {
        guard !scope.isEmpty else { return name }
        return scope.withUTF8Bytes { head in
            name.withUTF8Bytes { tail in
                String(unsafeUninitializedCapacity: head.count + 1 + tail.count) { out in
                    var end = out.initialize(fromContentsOf: head)
                    out[end] = UInt8(ascii: "/")
                    end += 1
                    end = out[end...].initialize(fromContentsOf: tail)
                    return end
                }
            }
        }
    }

    static func fromScopeName(_ name: String) -> String {
        endsWithSlash(name) ? String(decoding: name.utf8.dropLast(), as: UTF8.self) : name
    }

    /// Whether `name` ends in `/` (a scope string), read from its bytes in place.
    static func endsWithSlash(_ name: String) -> Bool {
        name.withUTF8Bytes { $0.last == UInt8(ascii: "/") }
    }
}
