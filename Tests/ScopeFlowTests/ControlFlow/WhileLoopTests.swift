import Testing

@testable import ScopeFlow

/// What `whileLoop` keeps for later (the context of each op, the loop's pivot, enters and exits),
/// TF's errors, and the graph's lifetime with a loop in it.
@Suite struct WhileLoopTests {
    @Test func theContextRecordsTheLoopAsTFsWhileContextDoes() throws {
        let graph = Graph()
        try graph.asDefault {
            let limit = try constant(Int32(4), name: "limit")
            let results = try whileLoop(
                cond: { try pythonLess($0[1], 100) }, body: { [try $0[0] + 1, try $0[1] * 2.0] },
                loopVars: [constant(Int32(0)), constant(Float(1))], parallelIterations: 7, backProp: false,
                swapMemory: true, maximumIterations: .tensor(limit))
            let context = try #require(results[0].op.controlFlowContext as? WhileContext)
            #expect(context.name == "while/while_context")
            #expect(context.outerContext == nil)
            #expect(context.parallelIterations == 7)
            #expect(!context.backProp)
            #expect(context.swapMemory)
            #expect(context.maximumIterations == limit)
            #expect(context.pivot?.name == "while/LoopCond:0")
            #expect(context.controlPivot?.name == "while/Identity:0")
            #expect(context.loopEnters.map(\.name) == ["while/Enter:0", "while/Enter_1:0", "while/Enter_2:0"])
            #expect(context.loopExits.map(\.name) == ["while/Exit:0", "while/Exit_1:0", "while/Exit_2:0"])
            #expect(results.map(\.name) == ["while/Exit_1:0", "while/Exit_2:0"])
            // Every op of the loop belongs to it, Enter and Exit included; the ops around it to none.
            for op in graph.operations {
                let inLoop = op.name.hasPrefix("while/") && op.name != "while/iteration_counter"
                #expect((op.controlFlowContext === context) == inLoop, "\(op.name)")
                #expect(inLoop || op.controlFlowContext == nil, "\(op.name)")
            }
            // An Exit hands its output to the context around the loop.
            #expect(results[0].op.outputContext == nil)
            #expect(context.loopEnters[0].op.outputContext === context)
        }
    }

    @Test func anInnerLoopIsBuiltInsideTheOuterOne() throws {
        let graph = Graph()
        try graph.asDefault {
            let result = try whileLoop(
                cond: { try pythonLess($0, 3) },
                body: { i in
                    try whileLoop(cond: { try less($0, i) }, body: { try $0 + 1 }, loopVar: i) + 1
                },
                loopVar: constant(Int32(0)))
            let outer = try #require(result.op.controlFlowContext as? WhileContext)
            let innerExit = try #require(graph.operation(named: "while/while/Exit"))
            let inner = try #require(innerExit.controlFlowContext as? WhileContext)
            #expect(inner.name == "while/while/while_context")
            #expect(inner.outerContext === outer)
            #expect(inner.enclosingWhileContext === inner)
            #expect(innerExit.outputContext === outer)
            // `i` is a value of the outer loop: the inner loop's condition reads it through its own
            // constant Enter, made once.
            let entered = try #require(graph.operation(named: "while/while/Less/Enter"))
            #expect(entered.inputs.map(\.name) == ["while/Identity:0"])
            #expect(entered.isLoopConstantEnter)
            #expect(entered.controlFlowContext === inner)
        }
    }

    @Test func anOutsideTensorEntersOncePerLoop() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try constant(Float(3), name: "x")
            _ = try whileLoop(
                cond: { try pythonLess($0, 3) }, body: { try ($0 * x) + x }, loopVar: constant(Float(0)))
            let enters = graph.operations.filter { $0.isLoopConstantEnter }
            #expect(enters.map(\.name) == ["while/mul/Enter"])
            #expect(graph.operation(named: "while/add")?.inputs.map(\.name) == ["while/mul:0", "while/mul/Enter:0"])
        }
    }

    @Test func aBodyReturningTheWrongNumberOfTensorsIsAnError() {
        Graph().asDefault {
            let error = #expect(throws: ScopeFlowError.self) {
                try whileLoop(
                    cond: { try pythonLess($0[0], 3) }, body: { [try $0[0] + 1] },
                    loopVars: [constant(Int32(0)), constant(Float(1))])
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message.contains("returned 1 tensors for 2 loop variables") == true)
        }
    }

    /// TF 2.21 builds such a loop and fails only when it runs; ScopeFlow says so while building.
    @Test func aBodyReturningAnotherDTypeIsAnError() {
        Graph().asDefault {
            let error = #expect(throws: ScopeFlowError.self) {
                try whileLoop(
                    cond: { try pythonLess($0, 3) }, body: { try cast($0, to: .float32) }, loopVar: constant(Int32(0)))
            }
            #expect(error?.code == .dtypeMismatch)
            #expect(
                error?.message.contains("while/Cast:0 of dtype float32 for loop variable 0, which is int32") == true)
        }
    }

    @Test func aLoopVariableChangingShapeNeedsAShapeInvariant() {
        Graph().asDefault {
            let error = #expect(throws: ScopeFlowError.self) {
                try whileLoop(
                    cond: { try pythonLess($0[0], 3) },
                    body: { [try $0[0] + 1, try concat([$0[1], $0[1]], axis: 0)] },
                    loopVars: [constant(Int32(0)), constant([Float(1)])])
            }
            #expect(error?.code == .shapeMismatch)
            // TF: "Input tensor 'Const_1:0' enters the loop with shape (1,), but has shape (2,) after one iteration."
            #expect(
                error?.message.contains("Input tensor 'Const_1:0' enters the loop with shape (1,), but has shape (2,)")
                    == true)
            #expect(error?.message.contains("shapeInvariants") == true)
        }
    }

    @Test func aShapeInvariantMustFitTheInitialValue() {
        Graph().asDefault {
            let error = #expect(throws: ScopeFlowError.self) {
                try whileLoop(
                    cond: { try pythonLess($0, 3) }, body: { $0 }, loopVar: constant([Float(1)]),
                    shapeInvariant: Shape([2]))
            }
            #expect(error?.code == .shapeMismatch)
            // TF: "... It enters the loop with shape (1,), but the specified shape invariant is (2,)."
            #expect(
                error?.message.contains("It enters the loop with shape (1,), but the specified shape invariant is (2,)")
                    == true)
        }
    }

    @Test func argumentsTFRejectsAreErrors() throws {
        try Graph().asDefault {
            let zero = try constant(Int32(0))
            func loop(
                loopVars: [Tensor]? = nil, shapeInvariants: [Shape]? = nil, parallelIterations: Int = 10,
                maximumIterations: IterationLimit? = nil
            ) -> ScopeFlowError? {
                #expect(throws: ScopeFlowError.self) {
                    try whileLoop(
                        cond: { try pythonLess($0[0], 3) }, body: { $0 }, loopVars: loopVars ?? [zero],
                        shapeInvariants: shapeInvariants, parallelIterations: parallelIterations,
                        maximumIterations: maximumIterations)
                }
            }
            #expect(loop(loopVars: [])?.message.contains("needs loopVars") == true)
            #expect(loop(parallelIterations: 0)?.message.contains("must be a positive integer") == true)
            #expect(loop(shapeInvariants: [Shape([]), Shape([])])?.message.contains("2 shapes for 1 loop") == true)
            // TF: "'maximum_iterations' must be a scalar. Received shape: (2,)"
            let limits = try constant([Int32(1), 2])
            #expect(
                loop(maximumIterations: .tensor(limits))?.message.contains("must be a scalar. Received shape: (2,)")
                    == true)
        }
    }

    @Test func aConditionThatIsNotABoolScalarIsAnError() {
        Graph().asDefault {
            let error = #expect(throws: ScopeFlowError.self) {
                try whileLoop(cond: { $0 }, body: { $0 }, loopVar: constant(Int32(0)))
            }
            #expect(error?.code == .dtypeMismatch)
            #expect(error?.message.contains("LoopCond") == true)
        }
    }

    @Test func aLoopInsideAContextThatCannotEncloseOneIsUnimplemented() throws {
        final class OpaqueContext: ControlFlowContext {
            let outerContext: (any ControlFlowContext)? = nil
            let name = "opaque"
            func addOp(_ op: ScopeFlow.Operation) throws {}
            func addValue(_ value: Tensor) throws -> Tensor { value }
            func addInnerOp(_ op: ScopeFlow.Operation) throws {}
        }
        let graph = Graph()
        try graph.asDefault {
            let start = try constant(Int32(0))
            let error = #expect(throws: ScopeFlowError.self) {
                try graph.withControlFlowContext(OpaqueContext()) {
                    try whileLoop(cond: { try pythonLess($0, 3) }, body: { try $0 + 1 }, loopVar: start)
                }
            }
            #expect(error?.code == .unimplemented)
            #expect(error?.message.contains("'opaque'") == true)
        }
    }

    /// A loop built in a cond branch (its graph is an oracle case of `WhileLoopGraphTests`) cannot
    /// be differentiated yet: its gradient would need a gradient loop inside the branch's gradient.
    @Test func theGradientOfALoopInsideACondBranchIsUnimplemented() throws {
        let graph = Graph()
        try graph.asDefault {
            let pred = try placeholder(.bool, shape: [], name: "pred")
            let x = try constant(Float(1.5), name: "x")
            let result = try cond(
                pred, trueFn: { try whileLoop(cond: { try pythonLess($0, 10) }, body: { try $0 * x }, loopVar: x) },
                falseFn: { try x + 1.0 })
            let error = #expect(throws: ScopeFlowError.self) { try gradients(result, x) }
            #expect(error?.code == .unimplemented)
            #expect(error?.message.contains("'cond/cond_text'") == true)
        }
    }

    /// Differentiating a gradient loop again is refused, as TF refuses it ("Second-order gradient
    /// for while loops not supported"), also once the first `gradients` call has returned.
    @Test func secondOrderGradientsOfALoopAreRefused() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try constant(Float(1.5), name: "x")
            let results = try whileLoop(
                cond: { try pythonLess($0[0], 3) }, body: { [try $0[0] + 1, try $0[1] * x] },
                loopVars: [constant(Int32(0)), constant(Float(2))])
            // The gradient loop reads x (an invariant) and sums its gradient in b_acc: dx depends on x.
            let dx = try #require(try gradients(results[1], x))
            let error = #expect(throws: ScopeFlowError.self) { try gradients(dx, x) }
            #expect(error?.code == .unimplemented)
            #expect(error?.message.contains("Second-order gradients of while loops") == true)
        }
    }

    /// A loop's `Merge` reads the `NextIteration` that reads the body built on it: the graph breaks
    /// that cycle as it goes, so the loop's ops go with it.
    @Test func aGraphWithALoopIsFreedWithItsOps() throws {
        weak var merge: ScopeFlow.Operation?
        weak var context: WhileContext?
        do {
            let graph = Graph()
            try graph.asDefault {
                let result = try whileLoop(
                    cond: { try pythonLess($0, 3) }, body: { try $0 + 1 }, loopVar: constant(Int32(0)))
                merge = graph.operation(named: "while/Merge")
                context = result.op.controlFlowContext as? WhileContext
            }
            #expect(merge != nil)
            #expect(context != nil)
        }
        #expect(merge == nil)
        #expect(context == nil)
    }
}
