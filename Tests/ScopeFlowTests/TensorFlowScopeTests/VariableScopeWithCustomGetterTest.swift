import Synchronization
import Testing

@testable import ScopeFlow

// TensorFlow's `tensorflow/python/kernel_tests/variables/variable_scope_test.py`, class
// VariableScopeWithCustomGetterTest, translated: one Swift test per graph-mode method, named
// after it, with TF's expected identities and counts.
//
// 8 methods:
// - testNoSideEffectsWithIdentityCustomGetter, testSynchronizationAndAggregationWithCustomGetter:
//   translated below and pass.
// - testNonCallableGetterFails passes `custom_getter=3`; Swift's type checker rejects a
//   non-function, so it is left out.
// - testVariableCreatorNestingError calls `__exit__` of a creator scope out of order, which
//   closures cannot express; left out.
// - Blocked (not in this file): testCustomGetterWithReuse, testGetterThatCreatesTwoVariablesAndSumsThem
//   and testNestedCustomGetters need a getter that returns a tensor (an `identity`, a sum) where
//   ScopeFlow's ``CustomGetter`` returns a ``Variable``; testVariableCreator needs
//   `variable_creator_scope`.

@Suite struct VariableScopeWithCustomGetterTest {
    @Test func testNoSideEffectsWithIdentityCustomGetter() throws {
        let called = Mutex(0)
        let customGetter: CustomGetter = { getter, request in
            called.withLock { $0 += 1 }
            return try getter(request)
        }
        try Graph().asDefault {
            let (scope, v) = try variableScope("scope", customGetter: customGetter) { scope in
                (scope, try getVariable("v", shape: [1]))
            }
            let v2 = try variableScope(scope, reuse: .reuse) { _ in try getVariable("v", shape: [1]) }
            let (newScope, v3) = try variableScope("new_scope") { newScope in
                (newScope, try getVariable("v3", shape: [1]))
            }
            let v4 = try variableScope(newScope, reuse: .reuse, customGetter: customGetter) { _ in
                try getVariable("v3", shape: [1])
            }
            #expect(v === v2)
            #expect(v3 === v4)
            #expect(called.withLock { $0 } == 3)  // skipped one in the first new_scope
        }
    }

    @Test func testSynchronizationAndAggregationWithCustomGetter() throws {
        let called = Mutex(0)
        let expected = Mutex((VariableSynchronization.auto, VariableAggregation.none))
        let seen = Mutex<[(VariableSynchronization, VariableAggregation)]>([])
        let customGetter: CustomGetter = { getter, request in
            called.withLock { $0 += 1 }
            // Verify synchronization and aggregation kwargs are as expected.
            seen.withLock { $0.append((request.synchronization, request.aggregation)) }
            return try getter(request)
        }
        try Graph().asDefault {
            try variableScope("scope", customGetter: customGetter) { _ in _ = try getVariable("v", shape: [1]) }
            #expect(called.withLock { $0 } == 1)
            #expect(seen.withLock { $0.map(\.0) } == [expected.withLock { $0.0 }])
            #expect(seen.withLock { $0.map(\.1) } == [expected.withLock { $0.1 }])

            try variableScope("scope", customGetter: customGetter) { _ in
                expected.withLock { $0 = (.onRead, .mean) }
                _ = try getVariable("v1", shape: [1], synchronization: .onRead, aggregation: .mean)
            }
            #expect(called.withLock { $0 } == 2)
            #expect(seen.withLock { $0.last?.0 } == .onRead)
            #expect(seen.withLock { $0.last?.1 } == .mean)
        }
    }
}
