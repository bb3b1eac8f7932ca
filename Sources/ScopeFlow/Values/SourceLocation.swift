/// A place in the user's Swift source, recorded where names are made and where errors start.
///
/// Public entry points capture it once from `#fileID` and `#line` defaults and hand it down.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// `Module/File.swift`, as `#fileID` gives it.
    public let fileID: String
    /// The line number.
    public let line: Int

    /// A location from `#fileID` and `#line` values.
    public init(fileID: String, line: Int) {
        self.fileID = fileID
        self.line = line
    }

    /// `Module/File.swift:42`.
    public var description: String { "\(fileID):\(line)" }
}
