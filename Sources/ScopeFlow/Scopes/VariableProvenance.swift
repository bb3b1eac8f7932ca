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
        /// A template call after the first that created (non-trainable) variables.
        case templateCreatedVariables = "template_created_variables"
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
