import ScopeFlow
import Synchronization
import Testing

/// Custom getters on variable scopes compose as TF 2.21 composes them (checked with TF): the
/// inner scope's getter runs first, and the getter it calls is the outer scope's wrapping the
/// store; a scope entered again keeps its getter and composes a new one inside it.
@Suite struct CustomGetterTests {
    /// Records `tag>name` on the way in and `tag<` on the way out, and appends `_tag` to the name.
    private final class Trace: Sendable {
        private let calls = Mutex<[String]>([])
        var entries: [String] { calls.withLock { $0 } }
        func clear() { calls.withLock { $0.removeAll() } }

        func tagging(_ tag: String) -> CustomGetter {
            { getter, request in
                self.calls.withLock { $0.append("\(tag)>\(request.name)") }
                var renamed = request
                renamed.name += "_" + tag
                let variable = try getter(renamed)
                self.calls.withLock { $0.append("\(tag)<") }
                return variable
            }
        }
    }

    @Test func nestedScopesComposeTheirGetters() throws {
        let trace = Trace()
        try Graph().asDefault {
            let (outer, v) = try variableScope("outer", customGetter: trace.tagging("o")) { outer in
                let v = try variableScope("inner", customGetter: trace.tagging("i")) { _ in
                    try getVariable("v", shape: [1])
                }
                return (outer, v)
            }
            #expect(v.name == "outer/inner/v_i_o:0")
            #expect(trace.entries == ["i>outer/inner/v", "o>outer/inner/v_i", "o<", "i<"])

            trace.clear()
            let w = try variableScope(outer, customGetter: trace.tagging("again")) { _ in
                try getVariable("w", shape: [1])
            }
            #expect(w.name == "outer/w_again_o:0")
            #expect(trace.entries == ["again>outer/w", "o>outer/w_again", "o<", "again<"])

            trace.clear()
            let shared = try variableScope(outer, reuse: .reuse) { _ in try getVariable("inner/v_i", shape: [1]) }
            #expect(shared == v)
            #expect(trace.entries == ["o>outer/inner/v_i", "o<"])
        }
    }

    /// A getter sees the scope's defaults filled in.
    @Test func aGetterSeesTheResolvedRequest() throws {
        let seen = Mutex<[VariableRequest]>([])
        try Graph().asDefault {
            let recording: CustomGetter = { getter, request in
                seen.withLock { $0.append(request) }
                return try getter(request)
            }
            _ = try variableScope("s", dtype: .float64, customGetter: recording) { _ in
                try getVariable("x", shape: [2], trainable: false)
            }
        }
        let requests = seen.withLock { $0 }
        #expect(requests.map(\.name) == ["s/x"])
        #expect(requests.map(\.dtype) == [.float64])
        #expect(requests.map(\.reuse) == [.inherit])
        #expect(requests.map(\.trainable) == [false])
        #expect(requests.map(\.shape) == [[2]])
    }
}
