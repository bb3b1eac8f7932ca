/// The one error type ScopeFlow throws.
///
/// Every failure caused by user input is a `ScopeFlowError` with a ``Code``
/// saying what kind of failure it is, the graph names involved, and a message
/// that says what went wrong *and how to fix it*. ScopeFlow never traps on user
/// input.
///
/// ```swift
/// do {
///     _ = try getVariable("w", shape: [2])
/// } catch let error as ScopeFlowError where error.code == .alreadyExists {
///     print(error.names)   // ["rnn/w"]
/// }
/// ```
public struct ScopeFlowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure. The first group mirrors the error kinds of the
    /// conformance specification; the rest cover running, files and features
    /// ScopeFlow does not have yet.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// `getVariable` without reuse on a name that already exists.
        case alreadyExists = "already_exists"
        /// `getVariable` under `.reuse` for a name that was never created.
        case doesNotExist = "does_not_exist"
        /// Shapes that do not fit: variable reuse, op inputs, fed values.
        case shapeMismatch = "shape_mismatch"
        /// Element types that do not fit.
        case dtypeMismatch = "dtype_mismatch"
        /// A constant value used as initializer together with an explicit shape.
        case valueInitializerWithShape = "value_initializer_with_shape"
        /// A new variable whose shape is missing or not fully known.
        case undefinedShape = "undefined_shape"
        /// A scope or op name that breaks TensorFlow's naming rules.
        case invalidName = "invalid_name"
        /// An absolute op name (ending in `/`) that is already taken.
        case duplicateName = "duplicate_name"
        /// Tensors or values that belong to different graphs.
        case differentGraphs = "different_graphs"
        /// An argument that is not allowed in this combination.
        case invalidArgument = "invalid_argument"
        /// A variable read before its initializer ran.
        case uninitialized = "uninitialized"
        /// Something asked for is not there (a fetch name, a file, a checkpoint key).
        case notFound = "not_found"
        /// A file that is corrupt: truncated, wrong magic, bad checksum, impossible sizes.
        case dataLoss = "data_loss"
        /// A tensor larger than the machine's memory (TF's `ResourceExhaustedError`, "OOM when allocating").
        case resourceExhausted = "resource_exhausted"
        /// A feature ScopeFlow does not implement (yet).
        case unimplemented = "unimplemented"
    }

    /// What kind of failure this is.
    public let code: Code
    /// What went wrong and how to fix it.
    public let message: String
    /// The graph names (ops, variables, scopes, tensors) the failure is about.
    public let names: [String]

    /// Creates an error; `message` should say how to fix the problem.
    public init(_ code: Code, _ message: String, names: [String] = []) {
        self.code = code
        self.message = message
        self.names = names
    }

    public var description: String { message }
}
