import Foundation
import Synchronization
import Testing

@testable import ScopeFlow

// TensorFlow's `tensorflow/python/kernel_tests/variables/variable_scope_test.py`, classes
// VariableScopeTest and VariableScopeMultithreadedTest, translated: one Swift test per
// graph-mode method, named after it, with TF's expected names, errors, identities and values.
// TF raises ValueError where ScopeFlow throws a ScopeFlowError; where TF's test matches the
// message, so does the translation. `with ...:` blocks become closures.
//
// VariableScopeTest, 56 methods:
// - 40 translated below and passing.
// - testGetVar, testNameExists, testNamelessStore call the private `_VariableStore` directly,
//   whose `reuse=None` finds or creates; translated through variable scopes with `.auto`
//   (find or create), `.inherit` (TF's `reuse=False`) and `.reuse` (TF's `reuse=True`).
// - testInitFromNonTensorValue: its last check passes a dict as initializer and expects
//   TypeError; Swift's type checker rejects that, so it is left out.
// - Left out, Python-only: testVarScopeNestingError (calls `__exit__` of a scope out of order, which
//   closures cannot express), testAuxiliaryNameScopeIsInvalid (a string for a Bool: TypeError,
//   rejected by Swift's type checker), testSignatureGetVarVsGetLocalVar (compares Python argspecs).
// - Skipped, eager-only or TF2-only: testGetVariableInGraphNestedUnderEagerContext,
//   testEagerVariableStore, testEagerVariablesOutsideStoreNotAddedToCollections (eager mode),
//   testEagerVariablesStoreAddsToCollections (`EagerVariableStore`, a TF2 object).
// - Blocked (not in this file; they need features ScopeFlow lacks): testResource and
//   testEnableResourceVariables (resource variables), testVarScopeConstraint (`constraint`),
//   testInitFromNonInitializer (dtypes int8, uint8, int16, uint16), testVarScopeCachingDevice
//   (`caching_device`), testGetTrainableVariablesWithVariable (`synchronization` on
//   `Variable(...)`; only `getVariable` takes it), testGetVarWithDevice (device
//   functions), testGetVariableWithInitializerWhichTakesNoArgs and
//   testGetVariableWithInitializerWhichTakesOptionalArgs (initializers called with no arguments).
// VariableScopeMultithreadedTest, 3 methods, translated with Foundation threads and pass.

/// The value of `tensor` after running the initializers of `variables`.
private func evaluate(_ tensor: any TensorConvertible, initializing variables: [Variable]) throws -> HostTensor {
    let session = Session(graph: try tensor.tensor.graph)
    try session.run(try variablesInitializer(variables))
    return try session.run(tensor)
}

/// The tensor a collection item holds, if it is one.
private func collectedTensor(_ item: CollectionItem) -> Tensor? {
    if case .tensor(let tensor) = item { return tensor }
    return nil
}

/// The name scope `name` opens here, as TF's `with ops.name_scope(name) as sc`.
private func nameScopeName(_ name: String) throws -> String { try nameScope(name) { $0 } }

/// The name of a new `constant([], name:)`.
private func constantName(_ name: String) throws -> String { try constant([Float](), name: name).name }

@Suite struct VariableScopeTest {
    @Test func testGetVar() throws {
        try Graph().asDefault {
            try variableScope(currentVariableScope, reuse: .auto) { (_) throws in
                let v = try getVariable("v", shape: [1])
                let v1 = try getVariable("v", shape: [1])
                #expect(v === v1)
            }
        }
    }

    @Test func testNameExists() throws {
        try Graph().asDefault {
            let root = currentVariableScope
            // No check by default, so we can both create and get existing names.
            try variableScope(root, reuse: .auto) { (_) throws in
                let v = try getVariable("v", shape: [1])
                let v1 = try getVariable("v", shape: [1])
                #expect(v === v1)
            }
            // When reuse is False, we fail when variables are already there.
            _ = try getVariable("w", shape: [1])  // That's ok.
            #expect(throws: ScopeFlowError.self) { try getVariable("v", shape: [1]) }  // That fails.
            // When reuse is True, we fail when variables are new.
            try variableScope(root, reuse: .reuse) { (_) throws in
                _ = try getVariable("v", shape: [1])  // That's ok.
                #expect(throws: ScopeFlowError.self) { try getVariable("u", shape: [1]) }  // That fails.
            }
        }
    }

    @Test func testNamelessStore() throws {
        try Graph().asDefault {
            _ = try getVariable("v1", shape: [2])
            _ = try getVariable("v2", shape: [2])
            #expect(Set(try globalVariables().map(\.name)) == ["v1:0", "v2:0"])
        }
    }

    @Test func testVarScopeInitializer() throws {
        try Graph().asDefault {
            let initializer = Initializer.constant(0.3)
            try variableScope("tower0") { (tower) throws in
                try variableScope("foo", initializer: initializer) { (_) throws in
                    let v = try getVariable("v", shape: [])
                    #expect(try evaluate(v, initializing: [v]).floats == [0.3])
                }
                try variableScope(tower, initializer: initializer) { (_) throws in
                    let w = try getVariable("w", shape: [])
                    #expect(try evaluate(w, initializing: [w]).floats == [0.3])
                }
            }
        }
    }

    @Test func testStringDefaultInitializer() throws {
        try Graph().asDefault {
            let v = try getVariable("string", shape: [], dtype: .string)
            let session = Session()
            try session.run(globalVariablesInitializer())
            #expect(try session.run(v).scalars(as: String.self) == [""])
        }
    }

    @Test func testVarScopeDType() throws {
        try Graph().asDefault {
            try variableScope("tower2") { (tower) throws in
                try variableScope("foo", dtype: .float16) { (_) throws in
                    #expect(try getVariable("v", shape: []).dtype == .float16)
                }
                try variableScope(tower, dtype: .float16) { (_) throws in
                    #expect(try getVariable("w", shape: []).dtype == .float16)
                }
            }
        }
    }

    @Test func testInitFromNonTensorValue() throws {
        try Graph().asDefault {
            let v = try getVariable("v4", dtype: .int32, initializer: .value(HostTensor(scalar: Int32(4))))
            #expect(try evaluate(v, initializing: [v]).int32s == [4])
            let w = try getVariable("w4", dtype: .int64, initializer: .value(HostTensor([Int64(1), 2, 3])))
            #expect(try evaluate(w, initializing: [w]).int64s == [1, 2, 3])
        }
    }

    @Test func testVarScopeRegularizer() throws {
        try Graph().asDefault {
            let session = Session()
            let initializer = Initializer.constant(0.3)
            let regularizer1 = Regularizer { try reduceMean($0) + 0.1 }
            let regularizer2 = Regularizer { try reduceMean($0) + 0.2 }
            try variableScope("tower3", regularizer: regularizer1) { (tower) throws in
                try variableScope("foo", initializer: initializer) { (_) throws in
                    let v = try getVariable("v", shape: [])
                    let losses = try collection(GraphKeys.regularizationLosses).compactMap(collectedTensor)
                    #expect(losses.count == 1)
                    try session.run(variablesInitializer([v]))
                    #expect(try session.run(losses[0]).floats == [Float(0.3) + Float(0.1)])
                }
                try variableScope(tower, initializer: initializer) { (vs) throws in
                    let u = try getVariable("u", shape: [])
                    vs.setRegularizer(regularizer2)
                    let w = try getVariable("w", shape: [])
                    // Next 3 variable not regularized to test disabling regularization.
                    let x = try getVariable("x", shape: [], regularizer: noRegularizer)
                    let y = try variableScope("baz", regularizer: noRegularizer) { (_) throws in
                        try getVariable("y", shape: [])
                    }
                    vs.setRegularizer(noRegularizer)
                    let z = try getVariable("z", shape: [])
                    // Check results.
                    let losses = try collection(GraphKeys.regularizationLosses).compactMap(collectedTensor)
                    #expect(losses.count == 3)
                    try session.run(variablesInitializer([u, w, x, y, z]))
                    #expect(try session.run(losses[0]).floats == [Float(0.3) + Float(0.1)])
                    #expect(try session.run(losses[1]).floats == [Float(0.3) + Float(0.1)])
                    #expect(try session.run(losses[2]).floats == [Float(0.3) + Float(0.2)])
                }
                try variableScope("foo", reuse: .reuse) { (_) throws in
                    _ = try getVariable("v", shape: [])  // "v" is already there, reused
                    #expect(try collection(GraphKeys.regularizationLosses).count == 3)  // No new loss added.
                }
            }
        }
    }

    @Test func testInitializeFromValue() throws {
        try Graph().asDefault {
            var initial = try constant(0.1)
            let w = try getVariable("v", initializer: .tensor(initial))
            #expect(try evaluate(w, initializing: [w]).floats == [0.1])

            // We disallow explicit shape specification when initializer is constant.
            let error = #expect(throws: ScopeFlowError.self) {
                try getVariable("u", shape: [1], initializer: .tensor(initial))
            }
            #expect(error?.message.contains("shape") == true)

            try variableScope("foo", initializer: .tensor(initial)) { (_) throws in
                // Constant initializer can be passed through scopes if needed.
                let v = try getVariable("v")
                #expect(try evaluate(v, initializing: [v]).floats == [0.1])
            }

            // Check that non-float32 initializer creates a non-float32 variable.
            initial = try constant(Int32(1))
            let t = try getVariable("t", initializer: .tensor(initial))
            #expect(t.dtype == .int32)

            // Raise error if `initializer` dtype and `dtype` are not identical.
            let mismatch = #expect(throws: ScopeFlowError.self) {
                try getVariable("s", dtype: .float64, initializer: .tensor(initial))
            }
            #expect(mismatch?.message.contains("don't match") == true)
        }
    }

    @Test func testControlDeps() throws {
        try Graph().asDefault {
            let session = Session()
            let v0 = try getVariable("v0", shape: [1], initializer: .constant(0))
            let (v1, add) = try controlDependencies([v0.tensor]) {
                let v1 = try getVariable("v1", shape: [1], initializer: .constant(1))
                return (v1, try v1.tensor + v0)
            }
            func expectUninitialized(_ tensor: any TensorConvertible) {
                let error = #expect(throws: ScopeFlowError.self) { try session.run(tensor) }
                #expect(error?.message.contains("uninitialized") == true)
            }
            // v0 should be uninitialized.
            expectUninitialized(v0)
            // We should be able to initialize and run v1 without initializing
            // v0, even if the variable was created with a control dep on v0.
            try session.run(v1.initializer)
            #expect(try session.run(v1).floats == [1])
            // v0 should still be uninitialized.
            expectUninitialized(v0)
            expectUninitialized(add)
            // If we initialize v0 we should be able to run 'add'.
            try session.run(v0.initializer)
            _ = try session.run(add)
        }
    }

    @Test func testControlFlow() throws {
        try Graph().asDefault {
            let session = Session()
            let v0 = try getVariable("v0", shape: [], initializer: .constant(0))
            let created = Mutex<[String: Variable]>([:])
            // Call getVariable in each of the cond clauses.
            let add = try cond(
                try less(v0, constant(10.0)),
                trueFn: {
                    let v1 = try getVariable("v1", shape: [1], initializer: .constant(1))
                    created.withLock { $0["v1"] = v1 }
                    return try v1.tensor + v0
                },
                falseFn: {
                    let v2 = try getVariable("v2", shape: [1], initializer: .constant(2))
                    created.withLock { $0["v2"] = v2 }
                    return try v2.tensor + v0
                })
            let v1 = try #require(created.withLock { $0["v1"] })
            let v2 = try #require(created.withLock { $0["v2"] })
            // We should be able to initialize and run v1 and v2 without initializing
            // v0, even if the variable was created with a control dep on v0.
            try session.run(v1.initializer)
            #expect(try session.run(v1).floats == [1])
            try session.run(v2.initializer)
            #expect(try session.run(v2).floats == [2])
            // v0 should still be uninitialized.
            for tensor in [v0.tensor, add] {
                let error = #expect(throws: ScopeFlowError.self) { try session.run(tensor) }
                #expect(error?.message.contains("uninitialized") == true)
            }
            // If we initialize v0 we should be able to run 'add'.
            try session.run(v0.initializer)
            _ = try session.run(add)
        }
    }

    @Test func testGetVariableScope() throws {
        try Graph().asDefault {
            // Test the get_variable_scope() function and setting properties of result.
            try variableScope("bar") { (_) throws in
                #expect(currentVariableScope.initializer == nil)
                // Check that we can set initializer like this.
                currentVariableScope.setInitializer(.constant(0.3))
                let v = try getVariable("v", shape: [])
                #expect(try evaluate(v, initializing: [v]).floats == [0.3])
                // Check that we can set reuse.
                currentVariableScope.reuseVariables()
                #expect(throws: ScopeFlowError.self) { try getVariable("w", shape: [1]) }  // Fail, w does not exist yet.
            }
            // Check that the set initializer goes away.
            #expect(currentVariableScope.initializer == nil)
        }
    }

    @Test func testVarScope() throws {
        try Graph().asDefault {
            let tower = try variableScope("tower4") { (tower) throws in
                #expect(tower.name == "tower4")
                #expect(try nameScopeName("scope") == "tower4/scope/")
                return tower
            }
            try variableScope("tower5") { (_) throws in
                try variableScope("bar") { (bar) throws in
                    #expect(bar.name == "tower5/bar")
                    #expect(try nameScopeName("scope") == "tower5/bar/scope/")
                }
            }
            try variableScope("tower6") { (_) throws in
                try variableScope(tower, reuse: .reuse) { (towerShared) throws in
                    #expect(towerShared.name == "tower4")
                    #expect(try nameScopeName("scope") == "tower6/tower4/scope/")
                }
            }
        }
    }

    @Test func testVarScopeNameScope() throws {
        try Graph().asDefault {
            let tower = try nameScope("testVarScopeNameScope1") { (_) throws in
                let tower = try variableScope("tower") { (tower) throws in
                    #expect(try nameScopeName("scope2") == "testVarScopeNameScope1/tower/scope2/")
                    return tower
                }
                try variableScope(tower) { (_) throws in  // Re-entering acts like another "tower".
                    #expect(try nameScopeName("scope2") == "testVarScopeNameScope1/tower_1/scope2/")
                }
                try variableScope("tower") { (_) throws in  // Re-entering by string acts the same.
                    #expect(try nameScopeName("scope2") == "testVarScopeNameScope1/tower_2/scope2/")
                }
                return tower
            }
            try nameScope("testVarScopeNameScope2") { (_) throws in
                try variableScope("tower") { (_) throws in
                    #expect(try nameScopeName("scope2") == "testVarScopeNameScope2/tower/scope2/")
                }
                try variableScope(tower) { (_) throws in
                    #expect(try nameScopeName("scope2") == "testVarScopeNameScope2/tower_1/scope2/")
                }
            }
            let rootVarScope = currentVariableScope
            try nameScope("testVarScopeNameScope3") { (_) throws in
                try variableScope(rootVarScope) { (_) throws in
                    #expect(try nameScopeName("scope2") == "testVarScopeNameScope3/scope2/")
                }
            }
        }
    }

    @Test func testVarScopeOriginalNameScope() throws {
        try Graph().asDefault {
            let tower = try nameScope("scope1") { (_) throws in
                try variableScope("tower") { (tower) throws in
                    #expect(tower.originalNameScope == "scope1/tower/")
                    #expect(try nameScopeName("scope2") == "scope1/tower/scope2/")
                    return tower
                }
            }
            try nameScope("scope2") { (_) throws in
                try variableScope(tower) { (tower1) throws in
                    // Re-entering preserves original name scope.
                    #expect(tower1.originalNameScope == "scope1/tower/")
                    #expect(try nameScopeName("foo") == "scope2/tower/foo/")
                }
                // Test re-entering original name scope.
                try nameScope(tower.originalNameScope) { (_) throws in
                    #expect(try nameScopeName("bar") == "scope1/tower/bar/")
                }
            }
            try nameScope("scope2") { (_) throws in
                try variableScope(tower) { (_) throws in
                    try nameScope(tower.originalNameScope) { (_) throws in
                        #expect(try nameScopeName("bar") == "scope1/tower/bar_1/")
                    }
                }
            }
        }
    }

    @Test func testVarScopeObjectReuse() throws {
        try Graph().asDefault {
            var vs = try variableScope("jump", reuse: .reuse) { $0 }
            try variableScope(vs) { (jump) throws in #expect(jump.reuse == .reuse) }
            try variableScope(vs, reuse: .reuse) { (jumpReuse) throws in #expect(jumpReuse.reuse == .reuse) }
            try variableScope(vs, reuse: .inherit) { (jumpNoReuse) throws in
                #expect(jumpNoReuse.reuse == .reuse)  // Inherited, cannot be undone.
            }

            vs = try variableScope("jump", reuse: .inherit) { $0 }
            try variableScope(vs) { (jump) throws in #expect(jump.reuse == .inherit) }
            try variableScope(vs, reuse: .reuse) { (jumpReuse) throws in #expect(jumpReuse.reuse == .reuse) }
            try variableScope(vs, reuse: .inherit) { (jumpNoReuse) throws in #expect(jumpNoReuse.reuse == .inherit) }
        }
    }

    @Test func testVarScopeGetOrCreateReuse() throws {
        try Graph().asDefault {
            let session = Session()
            func testValue(_ value: Float) throws {
                let x = try constant(value)
                try variableScope("testVarScopeGetOrCreateReuse_bar", reuse: .auto) { (_) throws in
                    _ = try assign(getVariable("var", shape: []), x)
                }
                try variableScope("testVarScopeGetOrCreateReuse_bar", reuse: .auto) { (_) throws in
                    _ = try getVariable("var", shape: [])
                }
                #expect(try session.run(x).floats == [value])
            }
            try testValue(42)  // Variable is created.
            try testValue(13)  // Variable is reused hereafter.
            try testValue(17)
        }
    }

    @Test func testVarOpScope() throws {
        try Graph().asDefault {
            try nameScope("testVarOpScope1") { (_) throws in
                try variableScope("tower", defaultName: "default", values: []) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "tower/w:0")
                    #expect(try nameScopeName("testVarOpScope2") == "testVarOpScope1/tower/testVarOpScope2/")
                }
                try variableScope("tower", defaultName: "default", values: []) { (_) throws in
                    #expect(throws: ScopeFlowError.self) { try getVariable("w", shape: []) }
                    #expect(try nameScopeName("testVarOpScope2") == "testVarOpScope1/tower_1/testVarOpScope2/")
                }
            }
            try nameScope("testVarOpScope2") { (_) throws in
                try variableScope(nil, defaultName: "default", values: []) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "default/w:0")
                    #expect(try nameScopeName("testVarOpScope2") == "testVarOpScope2/default/testVarOpScope2/")
                }
                try variableScope(nil, defaultName: "default", values: []) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "default_1/w:0")
                    #expect(try nameScopeName("testVarOpScope2") == "testVarOpScope2/default_1/testVarOpScope2/")
                }
            }
        }
    }

    @Test func testVarOpScopeUniqueNamesInterleavedSubstringScopes() throws {
        try Graph().asDefault {
            for (outer, expected) in [
                ("defaultScope1", "defaultScope1/layer/w:0"), ("defaultScope1", "defaultScope1_1/layer/w:0"),
                ("defaultScope", "defaultScope/layer/w:0"), ("defaultScope1", "defaultScope1_2/layer/w:0"),
            ] {
                try variableScope(nil, defaultName: outer) { (_) throws in
                    try variableScope(nil, defaultName: "layer") { (_) throws in
                        #expect(try getVariable("w", shape: []).name == expected)
                    }
                }
            }
        }
    }

    @Test func testVarOpScopeUniqueNamesWithJump() throws {
        try Graph().asDefault {
            try variableScope("default") { (defaultScope) throws in
                try variableScope(nil, defaultName: "layer") { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "default/layer/w:0")
                }
                try variableScope(nil, defaultName: "layer") { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "default/layer_1/w:0")
                }
                try variableScope(defaultScope) { (_) throws in }
                // No matter the jump in the middle, unique numbering continues.
                try variableScope(nil, defaultName: "layer") { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "default/layer_2/w:0")
                }
            }
        }
    }

    @Test func testVarOpScopeReuse() throws {
        try Graph().asDefault {
            let outer = try variableScope("outer") { (outer) throws in
                try variableScope("tower", defaultName: "default", values: []) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/tower/w:0")
                    #expect(try nameScopeName("scope2") == "outer/tower/scope2/")
                }
                try variableScope(nil, defaultName: "default", values: []) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/default/w:0")
                    #expect(try nameScopeName("scope2") == "outer/default/scope2/")
                }
                return outer
            }
            try variableScope(outer, reuse: .reuse) { (_) throws in
                try variableScope("tower", defaultName: "default", values: []) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/tower/w:0")
                    #expect(try nameScopeName("scope2") == "outer_1/tower/scope2/")
                }
                try variableScope(nil, defaultName: "default", values: []) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/default/w:0")
                    #expect(try nameScopeName("scope2") == "outer_1/default/scope2/")
                }
            }
        }
    }

    @Test func testVarScopeGetVar() throws {
        try Graph().asDefault {
            try variableScope("root") { (_) throws in
                let (towerA, va) = try variableScope("towerA") { (towerA) throws in
                    let va = try getVariable("v", shape: [1])
                    #expect(va.name == "root/towerA/v:0")
                    return (towerA, va)
                }
                try variableScope(towerA, reuse: .reuse) { (_) throws in
                    #expect(try getVariable("v", shape: [1]) === va)
                }
                try variableScope("towerB") { (_) throws in
                    #expect(try getVariable("v", shape: [1]).name == "root/towerB/v:0")
                }
                #expect(throws: ScopeFlowError.self) {
                    try variableScope("towerA") { (_) throws in try getVariable("v", shape: [1]) }
                }
                try variableScope("towerA", reuse: .reuse) { (_) throws in
                    #expect(try getVariable("v", shape: [1]) === va)
                }
                try variableScope("foo") { (_) throws in
                    try variableScope("bar") { (_) throws in
                        let v = try getVariable("v", shape: [1])
                        #expect(v.name == "root/foo/bar/v:0")
                        try variableScope(towerA, reuse: .reuse) { (_) throws in
                            #expect(try getVariable("v", shape: [1]) === va)
                        }
                    }
                }
                #expect(throws: ScopeFlowError.self) {
                    try variableScope(towerA, reuse: .reuse) { (_) throws in
                        try variableScope("baz") { (_) throws in try getVariable("v", shape: [1]) }
                    }
                }
                let shapeError = #expect(throws: ScopeFlowError.self) {
                    try variableScope(towerA, reuse: .reuse) { (_) throws in try getVariable("v", shape: [2]) }  // Different shape.
                }
                #expect(shapeError?.message.contains("shape") == true)
                let dtypeError = #expect(throws: ScopeFlowError.self) {
                    try variableScope(towerA, reuse: .reuse) { (_) throws in
                        try getVariable("v", shape: [1], dtype: .int32)
                    }
                }
                #expect(dtypeError?.message.contains("dtype") == true)
            }
        }
    }

    @Test func testVarScopeOuterScope() throws {
        try Graph().asDefault {
            let outer = try variableScope("outer") { $0 }
            try variableScope(outer) { (_) throws in
                #expect(try getVariable("w", shape: []).name == "outer/w:0")
                #expect(try nameScopeName("scope2") == "outer_1/scope2/")
                try variableScope("default") { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/default/w:0")
                    #expect(try nameScopeName("scope2") == "outer_1/default/scope2/")
                }
            }
            try variableScope(outer, reuse: .reuse) { (_) throws in
                #expect(try getVariable("w", shape: []).name == "outer/w:0")
                #expect(try nameScopeName("scope2") == "outer_2/scope2/")
                try variableScope("default", reuse: .reuse) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/default/w:0")
                    #expect(try nameScopeName("scope2") == "outer_2/default/scope2/")
                }
            }
        }
    }

    @Test func testVarScopeNestedOuterScope() throws {
        try Graph().asDefault {
            try variableScope("outer") { (outer) throws in
                try variableScope(outer) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/w:0")
                    #expect(try nameScopeName("scope2") == "outer/outer/scope2/")
                }
                try variableScope("default") { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/default/w:0")
                    #expect(try nameScopeName("scope2") == "outer/default/scope2/")
                }
                try variableScope(outer, reuse: .reuse) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/w:0")
                    #expect(try nameScopeName("scope2") == "outer/outer_1/scope2/")
                }
                try variableScope("default", reuse: .reuse) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/default/w:0")
                    #expect(try nameScopeName("scope2") == "outer/default_1/scope2/")
                }
            }
        }
    }

    @Test func testVarOpScopeReuseParam() throws {
        try Graph().asDefault {
            let outer = try variableScope("outer") { (outer) throws in
                try variableScope("tower", defaultName: "default", values: []) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/tower/w:0")
                    #expect(try nameScopeName("scope2") == "outer/tower/scope2/")
                }
                try variableScope(nil, defaultName: "default", values: []) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/default/w:0")
                    #expect(try nameScopeName("scope2") == "outer/default/scope2/")
                }
                return outer
            }
            try variableScope(outer) { (outer) throws in
                try variableScope("tower", defaultName: "default", reuse: .reuse) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/tower/w:0")
                    #expect(try nameScopeName("scope2") == "outer_1/tower/scope2/")
                }
                outer.reuseVariables()
                try variableScope(nil, defaultName: "default", values: []) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/default/w:0")
                    #expect(try nameScopeName("scope2") == "outer_1/default/scope2/")
                }
            }
        }
    }

    @Test func testVarOpScopeReuseError() {
        _ = Graph().asDefault {
            #expect(throws: ScopeFlowError.self) {
                try variableScope(nil, defaultName: "default", reuse: .reuse) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/tower/w:0")
                }
            }
        }
    }

    @Test func testVarOpScopeOuterScope() throws {
        try Graph().asDefault {
            let outer = try variableScope("outer") { $0 }
            try variableScope(outer, values: []) { (_) throws in
                #expect(try getVariable("w", shape: []).name == "outer/w:0")
                #expect(try nameScopeName("scope2") == "outer_1/scope2/")
                try variableScope(nil, defaultName: "default", values: []) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/default/w:0")
                    #expect(try nameScopeName("scope2") == "outer_1/default/scope2/")
                }
            }
            try variableScope(outer, reuse: .reuse) { (_) throws in
                #expect(try getVariable("w", shape: []).name == "outer/w:0")
                #expect(try nameScopeName("scope2") == "outer_2/scope2/")
                outer.reuseVariables()
                try variableScope(nil, defaultName: "default", values: []) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/default/w:0")
                    #expect(try nameScopeName("scope2") == "outer_2/default/scope2/")
                }
            }
        }
    }

    @Test func testVarOpScopeNestedOuterScope() throws {
        try Graph().asDefault {
            let outer = try variableScope("outer") { (outer) throws in
                try variableScope(outer, values: []) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/w:0")
                    #expect(try nameScopeName("scope2") == "outer/outer/scope2/")
                }
                try variableScope(nil, defaultName: "default", values: []) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/default/w:0")
                    #expect(try nameScopeName("scope2") == "outer/default/scope2/")
                }
                return outer
            }
            try variableScope(outer, reuse: .reuse) { (_) throws in
                #expect(try getVariable("w", shape: []).name == "outer/w:0")
                #expect(try nameScopeName("scope2") == "outer_1/scope2/")
                try variableScope(nil, defaultName: "default", values: []) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/default/w:0")
                    #expect(try nameScopeName("scope2") == "outer_1/default/scope2/")
                }
            }
        }
    }

    @Test func testBasicWhenAuxiliaryNameScopeIsFalse() throws {
        try Graph().asDefault {
            let scope = try variableScope("scope", auxiliaryNameScope: false) { (scope) throws in
                #expect(scope.originalNameScope == "")
                #expect(try getVariable("w", shape: []).name == "scope/w:0")
                #expect(try constantName("c") == "c:0")
                return scope
            }
            try variableScope(scope, auxiliaryNameScope: false) { (_) throws in
                #expect(scope.originalNameScope == "")
                #expect(try getVariable("w1", shape: []).name == "scope/w1:0")
                #expect(try constantName("c1") == "c1:0")
            }
            // Recheck: new name scope is NOT created before
            try nameScope("scope") { (_) throws in #expect(try constantName("c") == "scope/c:0") }

            try variableScope("outer") { (_) throws in
                let inner = try variableScope("inner", auxiliaryNameScope: false) { (inner) throws in
                    #expect(inner.originalNameScope == "outer/")
                    #expect(try getVariable("w", shape: []).name == "outer/inner/w:0")
                    #expect(try constantName("c") == "outer/c:0")
                    return inner
                }
                try variableScope(inner, auxiliaryNameScope: false) { (inner1) throws in
                    #expect(inner1.originalNameScope == "outer/")
                    #expect(try getVariable("w1", shape: []).name == "outer/inner/w1:0")
                    #expect(try constantName("c1") == "outer/c1:0")
                }
                // Recheck: new name scope is NOT created before
                try nameScope("inner") { (_) throws in #expect(try constantName("c") == "outer/inner/c:0") }
            }
        }
    }

    @Test func testCreatedByDefaultNameWhenAuxiliaryNameScopeIsFalse() throws {
        try Graph().asDefault {
            try variableScope(nil, defaultName: "default", auxiliaryNameScope: false) { (scope) throws in
                #expect(scope.originalNameScope == "")
                #expect(try getVariable("w", shape: []).name == "default/w:0")
                #expect(try constantName("c") == "c:0")
            }
            // Recheck: new name scope is NOT created before
            try nameScope("default") { (_) throws in #expect(try constantName("c") == "default/c:0") }

            try variableScope("outer") { (_) throws in
                try variableScope(nil, defaultName: "default", auxiliaryNameScope: false) { (inner) throws in
                    #expect(inner.originalNameScope == "outer/")
                    #expect(try getVariable("w", shape: []).name == "outer/default/w:0")
                    #expect(try constantName("c") == "outer/c:0")
                }
                // Recheck: new name scope is NOT created before
                try nameScope("default") { (_) throws in #expect(try constantName("c") == "outer/default/c:0") }
            }
        }
    }

    @Test func testReenterRootScopeWhenAuxiliaryNameScopeIsFalse() throws {
        try Graph().asDefault {
            let rootScope = currentVariableScope
            try variableScope(rootScope, auxiliaryNameScope: false) { (scope) throws in
                #expect(scope.originalNameScope == "")
                #expect(try getVariable("w", shape: []).name == "w:0")
                #expect(try constantName("c") == "c:0")
            }
            try variableScope("outer") { (_) throws in
                try variableScope(rootScope, auxiliaryNameScope: false) { (inner) throws in
                    #expect(inner.originalNameScope == "")
                    #expect(try getVariable("w1", shape: []).name == "w1:0")
                    #expect(try constantName("c1") == "outer/c1:0")
                }
            }
        }
    }

    @Test func testReuseScopeWithoutNameScopeCollision() throws {
        try Graph().asDefault {
            let inner = try variableScope("outer") { (_) throws in try variableScope("inner") { $0 } }
            try variableScope(inner, auxiliaryNameScope: false) { (scope) throws in
                try nameScope(scope.originalNameScope) { (_) throws in
                    #expect(try getVariable("w", shape: []).name == "outer/inner/w:0")
                    #expect(try constantName("c") == "outer/inner/c:0")
                }
                try nameScope("inner") { (_) throws in #expect(try constantName("c") == "inner/c:0") }
            }
            try variableScope("another") { (_) throws in
                try variableScope(inner, auxiliaryNameScope: false) { (scope1) throws in
                    try nameScope(scope1.originalNameScope) { (_) throws in
                        #expect(try getVariable("w1", shape: []).name == "outer/inner/w1:0")
                        #expect(try constantName("c1") == "outer/inner/c1:0")
                    }
                    try nameScope("inner") { (_) throws in #expect(try constantName("c") == "another/inner/c:0") }
                }
            }
        }
    }

    @Test func testGetLocalVar() throws {
        try Graph().asDefault {
            // Check that local variable respects naming.
            let (outer, localVar) = try variableScope("outer") { (outer) throws in
                try variableScope(outer, values: []) { (_) throws in
                    let localVar = try getLocalVariable("w", shape: [], collections: ["foo"])
                    #expect(localVar.name == "outer/w:0")
                    return (outer, localVar)
                }
            }
            // Since variable is local, it should be in the local variable collection
            // but not the trainable collection.
            #expect(try collection(GraphKeys.localVariables).compactMap(\.variable).contains(localVar))
            #expect(try collection("foo").compactMap(\.variable).contains(localVar))
            #expect(try !trainableVariables().contains(localVar))
            // Check that local variable respects `reuse`.
            try variableScope(outer, values: [], reuse: .reuse) { (_) throws in
                #expect(try getLocalVariable("w", shape: []).name == "outer/w:0")
            }
        }
    }

    @Test func testGetCollection() throws {
        try Graph().asDefault {
            _ = try getVariable("testGetCollection_a", shape: [])
            _ = try getVariable("testGetCollection_b", shape: [], trainable: false)
            try variableScope("testGetCollection_foo_") { (scope1) throws in
                _ = try getVariable("testGetCollection_a", shape: [])
                _ = try getVariable("testGetCollection_b", shape: [], trainable: false)
                #expect(
                    try scope1.getCollection(GraphKeys.trainableVariables).map(\.name)
                        == ["testGetCollection_foo_/testGetCollection_a:0"])
                #expect(
                    try scope1.getCollection(GraphKeys.globalVariables).map(\.name) == [
                        "testGetCollection_foo_/testGetCollection_a:0", "testGetCollection_foo_/testGetCollection_b:0",
                    ])
            }
            try variableScope("testGetCollection_foo") { (scope2) throws in
                _ = try getVariable("testGetCollection_a", shape: [])
                _ = try getVariable("testGetCollection_b", shape: [], trainable: false)
                #expect(
                    try scope2.getCollection(GraphKeys.trainableVariables).map(\.name)
                        == ["testGetCollection_foo/testGetCollection_a:0"])
                #expect(
                    try scope2.getCollection(GraphKeys.globalVariables).map(\.name) == [
                        "testGetCollection_foo/testGetCollection_a:0", "testGetCollection_foo/testGetCollection_b:0",
                    ])
            }
            let scope = currentVariableScope
            #expect(
                try scope.getCollection(GraphKeys.globalVariables).map(\.name) == [
                    "testGetCollection_a:0", "testGetCollection_b:0", "testGetCollection_foo_/testGetCollection_a:0",
                    "testGetCollection_foo_/testGetCollection_b:0", "testGetCollection_foo/testGetCollection_a:0",
                    "testGetCollection_foo/testGetCollection_b:0",
                ])
            #expect(
                try scope.getCollection(GraphKeys.trainableVariables).map(\.name) == [
                    "testGetCollection_a:0", "testGetCollection_foo_/testGetCollection_a:0",
                    "testGetCollection_foo/testGetCollection_a:0",
                ])
        }
    }

    @Test func testGetTrainableVariablesWithGetVariable() throws {
        try Graph().asDefault {
            _ = try getVariable("testGetTrainableVariables_a", shape: [])
            try variableScope("testGetTrainableVariables_foo") { (scope) throws in
                _ = try getVariable("testGetTrainableVariables_b", shape: [])
                _ = try getVariable("testGetTrainableVariables_c", shape: [], trainable: false)

                // sync `ON_READ` sets trainable=False
                _ = try getVariable("testGetTrainableVariables_d", shape: [], synchronization: .onRead)
                #expect(
                    try scope.trainableVariables().map(\.name)
                        == ["testGetTrainableVariables_foo/testGetTrainableVariables_b:0"])

                _ = try getVariable("testGetTrainableVariables_e", shape: [], trainable: true, synchronization: .onRead)
                #expect(
                    try scope.trainableVariables().map(\.name) == [
                        "testGetTrainableVariables_foo/testGetTrainableVariables_b:0",
                        "testGetTrainableVariables_foo/testGetTrainableVariables_e:0",
                    ])

                // All other sync values sets trainable=True
                _ = try getVariable("testGetTrainableVariables_f", shape: [], synchronization: .onWrite)
                #expect(
                    try scope.trainableVariables().map(\.name) == [
                        "testGetTrainableVariables_foo/testGetTrainableVariables_b:0",
                        "testGetTrainableVariables_foo/testGetTrainableVariables_e:0",
                        "testGetTrainableVariables_foo/testGetTrainableVariables_f:0",
                    ])
            }
        }
    }

    @Test func testGetGlobalVariables() throws {
        try Graph().asDefault {
            _ = try getVariable("testGetGlobalVariables_a", shape: [])
            try variableScope("testGetGlobalVariables_foo") { (scope) throws in
                _ = try getVariable("testGetGlobalVariables_b", shape: [])
                #expect(
                    try scope.globalVariables().map(\.name) == ["testGetGlobalVariables_foo/testGetGlobalVariables_b:0"]
                )
            }
        }
    }

    @Test func testGetLocalVariables() throws {
        try Graph().asDefault {
            _ = try getVariable("a", shape: [], collections: [GraphKeys.localVariables])
            try variableScope("foo") { (scope) throws in
                _ = try getVariable("b", shape: [], collections: [GraphKeys.localVariables])
                _ = try getVariable("c", shape: [])
                #expect(try scope.localVariables().map(\.name) == ["foo/b:0"])
            }
        }
    }

    @Test func testGetVariableWithRefDtype() throws {
        try Graph().asDefault {
            let v = try getVariable("v", shape: [3, 4], dtype: .float32)
            // Ensure it is possible to do get_variable with a _ref dtype passed in.
            _ = try getVariable("w", shape: [5, 6], dtype: v.dtype)
        }
    }

    @Test func testGetVariableWithInitializerWhichTakesUnprovidedArgsAndNoShape() {
        Graph().asDefault {
            let error = #expect(throws: ScopeFlowError.self) {
                try getVariable("foo", initializer: Initializer { _, _, _ in try constant([Int32(2)]) })
            }
            #expect(
                error?.message.contains(
                    "The initializer passed is not valid. It should be a callable with no arguments and the shape "
                        + "should not be provided or an instance of `tf.keras.initializers.*' and `shape` should be "
                        + "fully defined.") == true)
        }
    }

    @Test func testTwoGraphs() throws {
        let g1 = Graph()
        let g2 = Graph()
        let error = #expect(throws: ScopeFlowError.self) {
            try g1.asDefault { try g2.asDefault { try variableScope("_") { (_) throws in } } }
        }
        #expect(error?.message.firstMatch(of: /'_' is not a valid (?:root )?scope name/) != nil)
    }
}

/// What a thread saw, checked by the test after the thread ends.
private final class ThreadResults: Sendable {
    private let lines = Mutex<[String]>([])
    func record(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

/// Runs `body` on a new thread and returns once it has finished.
private func onThread(_ body: @escaping @Sendable () -> Void) -> Thread {
    let thread = Thread(block: body)
    thread.start()
    return thread
}

@Suite struct VariableScopeMultithreadedTest {
    /// TF's `thread_fn`: thread 0 creates `foo/v`, any later thread fails to create it again.
    private static func createOrFail(_ index: Int, in graph: Graph, results: ThreadResults, whilePaused: () -> Void) {
        graph.asDefault {
            do {
                try variableScope("foo") { (_) throws in
                    if index == 0 {
                        results.record("thread 0 made \(try getVariable("v", shape: []).name)")
                    } else {
                        // Any thread after the first one should fail to create variable with the same name.
                        do {
                            _ = try getVariable("v", shape: [])
                            results.record("thread \(index) made foo/v again")
                        } catch is ScopeFlowError {
                            results.record("thread \(index) failed")
                        }
                    }
                    whilePaused()
                }
            } catch {
                results.record("thread \(index) error \(error)")
            }
        }
    }

    @Test func testTwoThreadsDisjointScopeEntry() throws {
        let graph = Graph()
        let results = ThreadResults()
        for index in 0..<2 {
            let done = DispatchSemaphore(value: 0)
            _ = onThread {
                Self.createOrFail(index, in: graph, results: results) {}
                done.signal()
            }
            // Allow thread 0 to finish before starting thread 1.
            done.wait()
        }
        #expect(results.all == ["thread 0 made foo/v:0", "thread 1 failed"])
    }

    @Test func testTwoThreadsNestedScopeEntry() throws {
        let graph = Graph()
        let results = ThreadResults()
        let runEvents = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
        let pauseEvents = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
        let finished = DispatchSemaphore(value: 0)
        for index in 0..<2 {
            _ = onThread {
                Self.createOrFail(index, in: graph, results: results) {
                    pauseEvents[index].signal()
                    runEvents[index].wait()
                }
                finished.signal()
            }
            // Start next thread once the first thread has paused (inside its scope).
            pauseEvents[index].wait()
        }
        // Resume both threads.
        runEvents.forEach { $0.signal() }
        finished.wait()
        finished.wait()
        #expect(results.all == ["thread 0 made foo/v:0", "thread 1 failed"])
    }

    @Test func testReenterMainScope() throws {
        let graph = Graph()
        let results = ThreadResults()
        try graph.asDefault {
            try variableScope("main") { (mainThreadScope) throws in
                let done = DispatchSemaphore(value: 0)
                _ = onThread {
                    graph.asDefault {
                        do {
                            // Variable created with main scope will have prefix "main".
                            try variableScope(mainThreadScope) { (_) throws in
                                try variableScope("foo") { (_) throws in
                                    results.record(try getVariable("v", shape: []).name)
                                }
                            }
                            // Variable created outside main scope will not have prefix "main".
                            try variableScope("bar") { (_) throws in
                                results.record(try getVariable("v", shape: []).name)
                            }
                        } catch {
                            results.record("error \(error)")
                        }
                    }
                    done.signal()
                }
                done.wait()
            }
        }
        #expect(results.all == ["main/foo/v:0", "bar/v:0"])
    }
}
