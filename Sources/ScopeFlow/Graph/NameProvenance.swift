/// How an op got its name: what was asked for, the scopes in force, and why
/// a `_N` suffix was added. Recorded as the op is built.
public struct NameProvenance: Sendable {
    /// A name that was already taken when this one was asked for.
    public struct Collision: Sendable {
        /// The full name that was asked for (`"foo/v"`).
        public let requested: String
        /// Who took it first (`"foo/v"`), in its own spelling.
        public let takenBy: String
        /// True when a name scope took it, false when an op did.
        public let takenByNameScope: Bool
    }

    /// The name the call asked for (`"var2"`), or the op type's default.
    public var requestedName: String { described.requestedName }
    /// True when no name was given and the default (`"Add"`, `"Variable"`) was used.
    public var usedDefaultName: Bool { described.usedDefaultName }
    /// The name scope in force, without trailing slash (`""` at the root).
    public var nameScope: String { described.nameScope }
    /// The variable scope in force (`""` at the root).
    public let variableScope: String
    /// Why the name got a suffix, if it did.
    public let collision: Collision?

    private let naming: Naming

    /// What the op was named by, as recorded while building (the cheap part);
    /// the description is derived when asked for.
    enum Naming: Sendable {
        /// A name (or the default) asked for inside `nameScope`.
        case requested(String, usedDefaultName: Bool, nameScope: String)
        /// A scope string (`"add/"`, as TF's composite ops and Python
        /// operators use), described by the last component of `fullName`.
        case scopeString(fullName: String, defaultName: String)
    }

    init(_ naming: Naming, variableScope: String, collision: Collision?) {
        self.naming = naming
        self.variableScope = variableScope
        self.collision = collision
    }

    private var described: (requestedName: String, usedDefaultName: Bool, nameScope: String) {
        switch naming {
        case .requested(let name, let usedDefaultName, let nameScope):
            return (name, usedDefaultName, nameScope)
        case .scopeString(let fullName, let defaultName):
            let slash = fullName.lastIndex(of: "/")
            let leaf = slash.map { String(fullName[fullName.index(after: $0)...]) } ?? fullName
            let parent = slash.map { String(fullName[..<$0]) } ?? ""
            let base = leaf.split(separator: "_").dropLast().joined(separator: "_")
            return (leaf, leaf == defaultName || base == defaultName, parent)
        }
    }

    /// What an op of a graph that does not record provenance carries.
    static let notRecorded = NameProvenance(
        .requested("", usedDefaultName: false, nameScope: ""), variableScope: "", collision: nil)
}
