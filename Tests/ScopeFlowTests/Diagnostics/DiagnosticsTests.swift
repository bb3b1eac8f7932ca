import Testing
@testable import ScopeFlow

/// Provenance, explanations, the sharing report and warnings for the seeds' confusing lines.
@Suite struct DiagnosticsTests {
    @Test func nameScopeIgnoredByGetVariableIsExplained() throws {
        let graph = Graph()
        try graph.asDefault {
            try nameScope("my_scope") { _ in
                let v1 = try getVariable("var1", shape: [1], dtype: .float32)
                let v2 = try Variable(1, name: "var2", dtype: .float32)
                _ = try add(v1, v2)
            }
        }
        let var1 = try graph.explain("var1:0").description
        #expect(var1.hasPrefix("`var1:0` — created by getVariable(\"var1\") at ScopeFlowTests/DiagnosticsTests.swift:"))
        #expect(var1.contains("the enclosing nameScope(\"my_scope\") does not apply to getVariable; use variableScope to prefix it"))
        let var2 = try graph.explain("my_scope/var2:0").description
        #expect(var2.hasPrefix("`my_scope/var2:0` — created by Variable(name: \"var2\") at ScopeFlowTests/DiagnosticsTests.swift:"))
        #expect(var2.contains("inside name scope \"my_scope\""))
        let addition = try graph.explain("my_scope/Add:0").description
        #expect(addition.contains("created by a AddV2 op (default name \"Add\")"))
        #expect(addition.contains("inside name scope \"my_scope\""))
    }

    @Test func variableInReuseScopeIsACopyAndWarned() throws {
        let graph = Graph()
        try graph.asDefault {
            try variableScope("a_variable_scope") { scope in
                _ = try getVariable("var3", shape: [1], initializer: .constant(3))
                scope.reuseVariables()
                _ = try getVariable("var3")
                _ = try Variable([4], name: "var4", dtype: .float32)
                _ = try Variable([4], name: "var4", dtype: .float32)
            }
        }
        let traps = graph.warnings.filter { $0.kind == .variableInReuseScope }
        #expect(traps.map(\.name) == ["a_variable_scope/var4:0", "a_variable_scope/var4_1:0"])
        let explanation = try graph.explain("a_variable_scope/var4_1:0").description
        #expect(explanation.contains("Variable(...) never shares"))
        #expect(explanation.contains("`a_variable_scope/var4` was already taken by the variable `a_variable_scope/var4:0`"))
        let var3 = try graph.explain("a_variable_scope/var3").description
        #expect(var3.contains("Reused by getVariable at ScopeFlowTests/DiagnosticsTests.swift:"))
        #expect(var3.contains("(reuse: .reuse)"))
    }

    @Test func sharingReportListsEveryCallSite() throws {
        let graph = Graph()
        let (v, v1) = try graph.asDefault {
            let v = try nameScope("foo") { _ in try variableScope("var_scope") { _ in try getVariable("var", shape: [1]) } }
            let v1 = try nameScope("bar") { _ in
                try variableScope("var_scope", reuse: .reuse) { _ in try getVariable("var", shape: [1]) }
            }
            return (v, v1)
        }
        try expectShared(v, v1)
        let entry = try #require(graph.sharingReport().entries.first { $0.name == "var_scope/var:0" })
        #expect(entry.isShared)
        #expect(entry.provenance.uses.map(\.created) == [true, false])
        #expect(entry.provenance.uses.map(\.nameScope) == ["foo/var_scope", "bar/var_scope"])
    }

    @Test func distinctVariablesAreNotShared() throws {
        let graph = Graph()
        let (a, b) = try graph.asDefault { (try Variable(1.0, name: "w"), try Variable(1.0, name: "w")) }
        #expect(throws: ScopeFlowError.self) { try expectShared(a, b) }
    }

    @Test func collisionWithAnOpIsExplained() throws {
        let graph = Graph()
        let v = try graph.asDefault {
            _ = try constant(1.0, name: "foo/v")
            return try variableScope("foo") { _ in try getVariable("v", shape: []) }
        }
        #expect(v.name == "foo/v_1:0")
        let text = try graph.explain("foo/v").description
        #expect(text.contains("shared under the key \"foo/v\""))
        #expect(text.contains("`foo/v` was already taken by the op `foo/v`"))
    }

    @Test func autoReuseAcrossNameScopesAndUnusedVariablesAreWarned() throws {
        let graph = Graph()
        try graph.asDefault {
            _ = try nameScope("tower_0") { _ in
                try variableScope("shared", reuse: .auto) { _ in try getVariable("w", shape: [1]) }
            }
            let w = try nameScope("tower_1") { _ in
                try variableScope("shared", reuse: .auto) { _ in try getVariable("w", shape: [1]) }
            }
            _ = try relu(w)
            _ = try getVariable("lonely", shape: [1])
        }
        let kinds = graph.warnings.map { "\($0.kind.rawValue) \($0.name)" }
        #expect(kinds == ["auto_reuse_across_call_sites shared/w:0", "unused_variable lonely:0"])
    }

    @Test func unknownNamesSuggestTheClosest() throws {
        let graph = Graph()
        try graph.asDefault { _ = try constant(1.0, name: "weights") }
        let error = try #require(throws: ScopeFlowError.self) { try graph.explain("weight") }
        #expect(error.code == .notFound)
        #expect(error.message.contains("did you mean 'weights'?"))
    }

    @Test func theSeedsOtherConfusingLinesAreExplained() throws {
        let graph = Graph()
        try graph.asDefault {
            _ = try variableScope("foo") { _ in
                try nameScope("bar") { _ in try 1.0 + getVariable("v", shape: [1]) }
            }
            try nameScope("a_name_scope") { _ in
                _ = try Variable([2], name: "var2", dtype: .float32)
                _ = try Variable([2.1], name: "var2", dtype: .float32)
            }
        }
        let addition = try graph.explain("foo/bar/add").description
        #expect(addition.contains("created by a AddV2 op (default name \"add\")"))
        #expect(addition.contains("inside name scope \"foo/bar\""))
        let v = try graph.explain("foo/v").description
        #expect(v.contains("created by getVariable(\"v\")"))
        #expect(v.contains("in variableScope(\"foo\")"))
        #expect(v.contains("the enclosing nameScope(\"foo/bar\") does not apply to getVariable"))
        let copy = try graph.explain("a_name_scope/var2_1:0").description
        #expect(copy.contains("created by Variable(name: \"var2\")"))
        #expect(copy.contains("`a_name_scope/var2` was already taken by the variable `a_name_scope/var2:0`"))
    }

    @Test func alreadyExistsSaysWhereTheVariableWasMade() throws {
        let graph = Graph()
        try graph.asDefault {
            _ = try variableScope("conv1") { _ in try getVariable("weights", shape: [1]) }
            let error = try #require(throws: ScopeFlowError.self) {
                try variableScope("conv1") { _ in try getVariable("weights", shape: [1]) }
            }
            #expect(error.code == .alreadyExists)
            #expect(error.message.hasPrefix("Variable conv1/weights already exists, disallowed. Did you mean to set reuse: .reuse or .auto in variableScope?"))
            #expect(error.message.contains("Originally defined at ScopeFlowTests/DiagnosticsTests.swift:"))
        }
    }
}
