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

/// How a variable came to be: which call created it, in which scopes, and
/// every ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)`` call that received it.
public struct VariableProvenance: Sendable {
    /// The kind of call that created the variable.
    public enum Creator: Sendable, Equatable {
        /// `Variable(...)`: always new, named like an op.
        case variable
        /// `getVariable(name)`: keyed by the full variable-scope name.
        case getVariable(key: String)
    }

    /// One call that returned this variable.
    public struct Use: Sendable {
        /// Where the call is.
        public let location: SourceLocation
        /// True for the call that created the variable.
        public let created: Bool
        /// The reuse mode in force at the call.
        public let reuse: Reuse
        /// The variable scope in force at the call.
        public let variableScope: String
        /// The name scope in force at the call (ignored by getVariable).
        public let nameScope: String
    }

    /// The creating call.
    public let creator: Creator
    /// The name passed to the creating call (nil: the default `Variable`).
    public let requestedName: String?
    /// The name scope in force at the creating call.
    public let nameScope: String
    /// The variable scope in force at the creating call, and its reuse mode.
    public let variableScope: String
    public let reuse: Reuse
    /// Where the creating call is.
    public let location: SourceLocation
    /// Every call that returned the variable, creation first.
    public internal(set) var uses: [Use]
    /// Why the variable's op name got a suffix, if it did.
    public let collision: NameProvenance.Collision?
}

/// A pattern in a graph that is legal but usually a mistake; collected on the
/// graph (``Graph/warnings``), never fatal.
public struct GraphWarning: Sendable, CustomStringConvertible {
    /// What kind of trap this is.
    public enum Kind: String, Sendable {
        /// `Variable(...)` inside a reusing variable scope: a copy, not a share.
        case variableInReuseScope = "variable_in_reuse_scope"
        /// `.auto` reuse that shared a variable with a call under another name scope.
        case autoReuseAcrossCallSites = "auto_reuse_across_call_sites"
        /// A variable no op reads.
        case unusedVariable = "unused_variable"
    }

    public let kind: Kind
    /// The variable or op the warning is about.
    public let name: String
    /// What happened and what to do instead.
    public let message: String
    /// Where, when known.
    public let location: SourceLocation?

    public var description: String {
        "warning[\(kind.rawValue)] \(location.map { "\($0): " } ?? "")\(message)"
    }
}
