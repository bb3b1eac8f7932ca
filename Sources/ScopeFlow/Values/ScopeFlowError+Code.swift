extension ScopeFlowError {
    /// The kind of failure, compared by its raw string (`"already_exists"`).
    ///
    /// A struct rather than an enum, so that new kinds can be added without breaking a `switch`
    /// over them, and so that code built on ScopeFlow can define its own:
    ///
    /// ```swift
    /// extension ScopeFlowError.Code {
    ///     static let quotaExceeded = ScopeFlowError.Code(rawValue: "quota_exceeded")
    /// }
    /// throw ScopeFlowError(.quotaExceeded, "The run used more than its quota; raise it or run less.")
    /// ```
    ///
    /// Match codes with `==` or in a `switch` with a `default` case.
    public struct Code: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
        /// The code's name, in snake case as the conformance specification spells error kinds.
        public let rawValue: String

        /// The code named `rawValue`; equal to every other code of that name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The raw value (`"already_exists"`).
        public var description: String { rawValue }
    }
}

// The first group mirrors the error kinds of the conformance specification; the rest cover
// running, files and features ScopeFlow does not have yet.
extension ScopeFlowError.Code {
    /// `getVariable` without reuse on a name that already exists.
    public static let alreadyExists = Self(rawValue: "already_exists")
    /// `getVariable` under `.reuse` for a name that was never created.
    public static let doesNotExist = Self(rawValue: "does_not_exist")
    /// A template whose function created trainable variables on a call after its first.
    public static let templateCreatedVariables = Self(rawValue: "template_created_variables")
    /// Shapes that do not fit: variable reuse, op inputs, fed values.
    public static let shapeMismatch = Self(rawValue: "shape_mismatch")
    /// Element types that do not fit.
    public static let dtypeMismatch = Self(rawValue: "dtype_mismatch")
    /// A constant value used as initializer together with an explicit shape.
    public static let valueInitializerWithShape = Self(rawValue: "value_initializer_with_shape")
    /// A new variable whose shape is missing or not fully known.
    public static let undefinedShape = Self(rawValue: "undefined_shape")
    /// A scope or op name that breaks TensorFlow's naming rules.
    public static let invalidName = Self(rawValue: "invalid_name")
    /// An absolute op name (ending in `/`) that is already taken.
    public static let duplicateName = Self(rawValue: "duplicate_name")
    /// Tensors or values that belong to different graphs.
    public static let differentGraphs = Self(rawValue: "different_graphs")
    /// An argument that is not allowed in this combination.
    public static let invalidArgument = Self(rawValue: "invalid_argument")
    /// A variable read before its initializer ran.
    public static let uninitialized = Self(rawValue: "uninitialized")
    /// Something asked for is not there (a fetch name, a file, a checkpoint key).
    public static let notFound = Self(rawValue: "not_found")
    /// A file that is corrupt: truncated, wrong magic, bad checksum, impossible sizes.
    public static let dataLoss = Self(rawValue: "data_loss")
    /// A tensor larger than the machine's memory (TF's `ResourceExhaustedError`, "OOM when allocating").
    public static let resourceExhausted = Self(rawValue: "resource_exhausted")
    /// A feature ScopeFlow does not implement (yet).
    public static let unimplemented = Self(rawValue: "unimplemented")
}
