import ScopeFlow
import Testing

/// Variable scopes with empty names, as TF 2.21 enters them (checked with TF): an empty default
/// name opens the name scope `""`, which returns ops to the root; a scope whose name ends in `/`
/// (`outer/`, the scope of a template named `""`) opens no name scope when entered again.
@Suite struct EmptyVariableScopeNameTests {
    @Test func anEmptyDefaultNameReturnsOpsToTheRoot() throws {
        try Graph().asDefault {
            try variableScope("outer2") { _ in
                let (op, scope) = try variableScope(nil, defaultName: "") { scope in
                    (try constant(Float(1), name: "d"), scope)
                }
                #expect(op.name == "d:0")
                #expect(scope.name == "outer2/")
                #expect(scope.originalNameScope == "")
                // A scope named "" keeps the current name scope.
                let kept = try variableScope("") { _ in try constant(Float(1), name: "d") }
                #expect(kept.name == "outer2/d:0")
            }
        }
    }

    @Test func aScopeEndingInASlashOpensNoNameScopeWhenEnteredAgain() throws {
        try Graph().asDefault {
            let scope = try variableScope("outer") { _ in
                try variableScope(nil, defaultName: "") { $0 }
            }
            #expect(scope.name == "outer/")
            let (v, c) = try variableScope(scope) { _ in
                (try getVariable("dummy", shape: [1], initializer: .zeros), try constant(Float(1), name: "c"))
            }
            #expect(v.name == "outer//dummy:0")
            #expect(c.name == "c:0")
        }
    }
}
