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
///     print(error.names)      // ["rnn/w"]
///     print(error.location)   // Optional(MyApp/Model.swift:12), the line that called getVariable
/// }
/// ```
///
/// Two errors are equal when their code, message, names and location are, and their
/// ``underlying`` errors describe themselves alike.
public struct ScopeFlowError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure this is.
    public let code: Code
    /// What went wrong and how to fix it.
    public let message: String
    /// The graph names (ops, variables, scopes, tensors) the failure is about.
    public let names: [String]
    /// The line of the user's code the failure is about, when known: the call that built an op
    /// whose constructor rejected its inputs, or that built the op that failed while running.
    public let location: SourceLocation?
    /// The error that caused this one, when ScopeFlow wraps another failure (a file that does not
    /// parse, a kernel's own error); its text is usually part of ``message`` too.
    public let underlying: (any Error)?

    /// Creates an error; `message` should say how to fix the problem.
    ///
    /// - Parameters:
    ///   - location: the user's line the failure is about, if known.
    ///   - underlying: the error being wrapped, if any.
    public init(
        _ code: Code, _ message: String, names: [String] = [], location: SourceLocation? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.names = names
        self.location = location
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }

    /// The code, the location, the message and the underlying error:
    /// `already_exists at MyApp/Model.swift:12: Variable rnn/w already exists … (underlying: …)`.
    public var debugDescription: String {
        "\(code)" + (location.map { " at \($0)" } ?? "") + ": \(message)"
            + (underlying.map { " (underlying: \(String(reflecting: $0)))" } ?? "")
    }

    /// Whether two errors have the same code, message, names and location, and underlying errors
    /// that describe themselves alike.
    public static func == (lhs: ScopeFlowError, rhs: ScopeFlowError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message && lhs.names == rhs.names && lhs.location == rhs.location
            && lhs.underlyingText == rhs.underlyingText
    }

    /// Hashes what ``==`` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
        hasher.combine(names)
        hasher.combine(location)
        hasher.combine(underlyingText)
    }

    /// How the underlying error compares: by its description, since errors are not `Equatable`.
    private var underlyingText: String? { underlying.map { String(describing: $0) } }

    /// This error with `location` as its location, unless it already has one (the innermost
    /// call that knew the user's line wins).
    func located(at location: SourceLocation) -> ScopeFlowError {
        guard self.location == nil else { return self }
        return ScopeFlowError(code, message, names: names, location: location, underlying: underlying)
    }
}

/// Runs `body`, giving a ``ScopeFlowError`` it throws without a location the location `location`.
/// Other errors pass through unchanged.
func locatingErrors<Result>(at location: SourceLocation, _ body: () throws -> Result) throws -> Result {
    do {
        return try body()
    } catch let error as ScopeFlowError {
        throw error.located(at: location)
    }
}
