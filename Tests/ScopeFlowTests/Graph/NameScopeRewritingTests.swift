import ScopeFlow
import Testing

/// `stripNameScope` / `prependNameScope` beyond TF's own test: a scope given with its trailing
/// `/`, no scope, a control input inside a longer name, and a scope that is no regular expression.
/// The answers are TF 2.21's `ops.strip_name_scope` / `ops.prepend_name_scope`.
@Suite struct NameScopeRewritingTests {
    @Test func aTrailingSlashOnTheScopeIsIgnored() throws {
        #expect(try stripNameScope("hidden1/hidden1/weights", "hidden1/") == "hidden1/weights")
        #expect(prependNameScope("weights", "hidden2/") == "hidden2/weights")
    }

    @Test func noScopeLeavesTheNameAlone() throws {
        #expect(try stripNameScope("a/b", nil) == "a/b")
        #expect(try stripNameScope("a/b", "") == "a/b")
        #expect(prependNameScope("a/b", nil) == "a/b")
        #expect(prependNameScope("a/b", "") == "a/b")
    }

    /// TF's pattern also matches after a `^` inside the name; only the first match goes.
    @Test func onlyTheFirstMatchIsStripped() throws {
        #expect(try stripNameScope("x^s/a^s/b", "s") == "x^a^s/b")
    }

    @Test func aScopeThatIsNoRegularExpressionIsAnError() {
        let error = #expect(throws: ScopeFlowError.self) { try stripNameScope("a/b", "a(") }
        #expect(error?.code == .invalidArgument)
    }
}
