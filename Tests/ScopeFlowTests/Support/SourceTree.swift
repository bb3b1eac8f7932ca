import Foundation

/// Folders of the package's source tree, for tests that read the sources themselves.
enum SourceTree {
    /// `Tests/ScopeFlowTests`.
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    /// `Tests/ScopeFlowTests/Resources`, where checked-in expectations live.
    static let resources = tests.appendingPathComponent("Resources")
    /// `Sources/ScopeFlow`, the library target.
    static let library = tests.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/ScopeFlow")
}
