import Testing
@testable import ScopeFlow

/// Sizes given to the API or fed at run time that are negative, overflow or exceed the
/// machine's memory are `ScopeFlowError`s, never traps, and huge but valid shapes build as
/// TensorFlow 2.21 (`tf.compat.v1`, graph mode) builds them.
@Suite("Shapes checked through the library API")
struct APIShapeLimitTests {
    private static let huge = 1 << 40

    private func expectError<T>(
        _ code: ScopeFlowError.Code, mentioning texts: [String], _ body: () throws -> T,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try body()
            Issue.record("expected \(code)", sourceLocation: sourceLocation)
        } catch let error as ScopeFlowError {
            #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
            for text in texts {
                #expect(error.message.contains(text), "\(error.message)", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    /// The resource-exhausted message for `shape` of 4-byte elements.
    private func oomTexts(_ shape: String, bytes: Int) -> [String] {
        ["OOM when allocating tensor with shape \(shape)", "\(bytes) bytes"]
    }

    // MARK: built like TF

    /// TF: `tf.zeros([2**40])` is `zeros/shape_as_tensor` (int64), `zeros/Const` and a `Fill`
    /// of static shape [2^40]; running it is an OOM error, not an 8 TB allocation.
    @Test func zerosOfHugeShapeBuildsAndRunFailsCleanly() throws {
        let graph = Graph()
        let z = try graph.asDefault { try zeros(shape: [Self.huge]) }
        #expect(z.op.type == "Fill")
        #expect(z.shape == Shape([Self.huge]))
        #expect(z.op.attrs["index_type"]?.typeValue == .int64)
        #expect(graph.operations.map(\.name) == ["zeros/shape_as_tensor", "zeros/Const", "zeros"])
        expectError(.resourceExhausted, mentioning: oomTexts("[1099511627776]", bytes: 4 * Self.huge) + ["zeros"]) {
            try Session(graph: graph).run(z)
        }
    }

    /// TF: `tf.tile(c, [2**40])` builds a `Tile` with int64 multiples and shape [2^40].
    @Test func tileOfHugeMultipleBuildsAndRunFailsCleanly() throws {
        let graph = Graph()
        let t = try graph.asDefault { try tile(constant([Float(1)]), multiples: [Self.huge]) }
        #expect(t.shape == Shape([Self.huge]))
        #expect(t.op.attrs["Tmultiples"]?.typeValue == .int64)
        expectError(.resourceExhausted, mentioning: oomTexts("[1099511627776]", bytes: 4 * Self.huge)) {
            try Session(graph: graph).run(t)
        }
    }

    /// TF: `get_variable('v', shape=[2**40])` builds (glorot uniform of int64 shape); its
    /// initializer cannot run.
    @Test func getVariableOfHugeShapeBuildsAndInitFailsCleanly() throws {
        let graph = Graph()
        let v = try graph.asDefault { try getVariable("v", shape: [Self.huge]) }
        #expect(v.shape == Shape([Self.huge]))
        let shapeConst = try #require(graph.operations.first { $0.name == "v/Initializer/random_uniform/shape" })
        #expect(shapeConst.outputs[0].dtype == .int64)
        let initializer = try graph.asDefault { try globalVariablesInitializer() }
        expectError(.resourceExhausted, mentioning: oomTexts("[1099511627776]", bytes: 4 * Self.huge)) {
            try Session(graph: graph).run(initializer)
        }
    }

    /// TF: a zeros initializer of [2^31] is `v/Initializer/zeros` (a `Fill` of int64 dims).
    @Test func getVariableZerosBeyondInt32Builds() throws {
        let graph = Graph()
        let v = try graph.asDefault { try getVariable("v", shape: [1 << 31], initializer: .zeros) }
        #expect(v.shape == Shape([1 << 31]))
        let fill = try #require(graph.operations.first { $0.name == "v/Initializer/zeros" })
        #expect(fill.type == "Fill")
        #expect(fill.attrs["index_type"]?.typeValue == .int64)
    }

    /// TF: `random_uniform([2**40])` builds with an int64 `shape`; `[-1]` is an unknown size.
    @Test func randomShapes() throws {
        try Graph().asDefault { () throws in
            let big = try randomUniform(shape: [Self.huge])
            #expect(big.shape == Shape([Self.huge]))
            #expect(big.op.attrs["T"]?.typeValue == .int64)
            #expect(try randomUniform(shape: [-1]).shape == Shape([nil]))
            expectError(.invalidArgument, mentioning: ["Dimension -2 must be >= 0"]) { try randomUniform(shape: [-2]) }
            expectError(.invalidArgument, mentioning: ["Dimension -2 must be >= 0"]) { try randomNormal(shape: [3, -2]) }
        }
    }

    // MARK: rejected like TF

    /// TF: `ValueError: Dimension -3 must be >= 0`, also for -1 and -2^63.
    @Test func getVariableRejectsNegativeSizes() throws {
        try Graph().asDefault { () throws in
            for dim in [-3, -1, Int.min] {
                expectError(.invalidArgument, mentioning: ["Dimension \(dim) must be >= 0", "'v'"]) {
                    try getVariable("v", shape: [2, dim])
                }
            }
            #expect(try getVariable("empty", shape: [0]).shape == Shape([0]))
        }
    }

    /// TF: "Shape [1099511627776,1099511627776] is too large (more than 2**63 - 1 entries)".
    @Test func overflowingShapesAreRejected() throws {
        try Graph().asDefault { () throws in
            let texts = ["[1099511627776,1099511627776]", "more than 2**63 - 1"]
            expectError(.invalidArgument, mentioning: texts + ["'w'"]) { try getVariable("w", shape: [Self.huge, Self.huge]) }
            expectError(.invalidArgument, mentioning: texts) { try placeholder(.float32, shape: [Self.huge, Self.huge]) }
            expectError(.invalidArgument, mentioning: texts) { try zeros(shape: [Self.huge, Self.huge]) }
            expectError(.invalidArgument, mentioning: texts) { try ones(shape: [Self.huge, Self.huge]) }
            expectError(.invalidArgument, mentioning: texts) { try constant([Int32(1)], shape: [Self.huge, Self.huge]) }
            expectError(.invalidArgument, mentioning: ["more than 2**63 - 1"]) {
                try tile(constant([Float(1)], shape: [1, 1]), multiples: [Self.huge, Self.huge])
            }
        }
    }

    /// TF: `placeholder(shape=[-3])` and `constant(shape=[-2])` raise "Dimension … must be >= 0".
    @Test func negativeStaticSizes() throws {
        try Graph().asDefault { () throws in
            expectError(.invalidArgument, mentioning: ["Dimension -3 must be >= 0", "'x'"]) {
                try placeholder(.float32, shape: [2, -3], name: "x")
            }
            expectError(.invalidArgument, mentioning: ["Dimension -2 must be >= 0"]) { try constant([Float(1)], shape: [-2]) }
            expectError(.invalidArgument, mentioning: ["Dimension -3 must be >= 0"]) { try zeros(shape: [-3]) }
            expectError(.invalidArgument, mentioning: ["Dimension -1 must be >= 0"]) { try fill([-1], value: constant(Float(1))) }
            expectError(.invalidArgument, mentioning: ["Dimension -2 must be >= 0"]) {
                try tile(constant([Float(1)]), multiples: [-2])
            }
            expectError(.invalidArgument, mentioning: ["Dimension -2 must be >= 0"]) {
                try reshape(constant([Float(1)]), shape: [-2])
            }
            expectError(.invalidArgument, mentioning: ["must be non-negative but is -2"]) {
                try oneHot(constant([Int32(1)]), depth: -2)
            }
            expectError(.invalidArgument, mentioning: ["Padding [-3, 0]", "size 1"]) {
                try pad(constant([Float(1)]), paddings: [[-3, 0]])
            }
        }
    }

    /// TF: reshaping one element to [2^40] is a shape mismatch, found without overflow.
    @Test func reshapeToHugeShapeIsAMismatch() throws {
        try Graph().asDefault { () throws in
            expectError(.shapeMismatch, mentioning: ["Cannot reshape a tensor with 1 elements", "1099511627776"]) {
                try reshape(constant([Float(1)]), shape: [Self.huge])
            }
        }
    }

    /// An int32 index input (axis, depth …) that does not fit int32 is an error, not a trap.
    @Test func indexScalarsBeyondInt32() throws {
        try Graph().asDefault { () throws in
            expectError(.invalidArgument, mentioning: ["\(Self.huge)", "does not fit in int32"]) {
                try expandDims(constant([Float(1)]), axis: Self.huge)
            }
            expectError(.invalidArgument, mentioning: ["\(Self.huge)", "does not fit in int32"]) {
                try oneHot(constant([Int32(1)]), depth: Self.huge)
            }
        }
    }

    /// A one-value constant filling a shape beyond memory is an OOM error at build time:
    /// ScopeFlow stores a constant's elements (TF stores the one value).
    @Test func constantFillBeyondMemory() throws {
        try Graph().asDefault { () throws in
            expectError(.resourceExhausted, mentioning: oomTexts("[1099511627776]", bytes: 4 * Self.huge)) {
                try constant([Float(1)], shape: [Self.huge])
            }
        }
    }

    /// Huge padding on a huge dimension overflows: an error, not a trap.
    @Test func padOverflow() throws {
        try Graph().asDefault { () throws in
            let x = try placeholder(.float32, shape: [Int.max], name: "x")
            expectError(.invalidArgument, mentioning: ["Padding [1, 0]", "2**63 - 1"]) {
                try pad(x, paddings: [[1, 0]])
            }
        }
    }

    /// `range`'s static length is counted without overflow: TF's `ceil((limit - start) / delta)`.
    @Test func rangeLengths() throws {
        let graph = Graph()
        try graph.asDefault { () throws in
            #expect(try range(limit: constant(Int64(10)), delta: 3).shape == Shape([4]))
            #expect(try range(start: 10, limit: constant(Int64(0)), delta: -3).shape == Shape([4]))
            #expect(try range(start: 5, limit: constant(Int64(0))).shape == Shape([0]))
            #expect(try range(start: Int.min, limit: constant(Int64.max), delta: Int.max).shape == Shape([3]))
            expectError(.invalidArgument, mentioning: ["more than 2**63 - 1 values"]) {
                try range(start: -1, limit: constant(Int64.max))
            }
            let longest = try range(limit: constant(Int64.max), name: "longest")
            #expect(longest.shape == Shape([Int.max]))
            expectError(.resourceExhausted, mentioning: ["\(Int.max)", "more than 2**63 - 1 bytes"]) {
                try Session(graph: graph).run(longest)
            }
        }
    }

    /// Glorot's fans of a valid shape whose partial products overflow `Int` (TF counts in Python ints).
    @Test func fansDoNotOverflow() {
        let (fanIn, fanOut) = Initializer.fans([Self.huge, Self.huge, 0, 5])
        #expect(fanIn == 0)
        #expect(fanOut == 5 * Double(Self.huge) * Double(Self.huge))
    }

    // MARK: fed at run time

    /// TF: `Fill` with fed dims [-3] is "Dimension -3 must be >= 0"; [2^40, 2^40] is
    /// "would have more than 2**63 - 1 elements"; a valid huge shape is an OOM error.
    @Test func fedFillDims() throws {
        let graph = Graph()
        let (dims, filled) = try graph.asDefault {
            let dims = try placeholder(.int64, shape: [nil], name: "dims")
            return (dims, try fill(dims: dims, value: constant(Float(1)), name: "f"))
        }
        let session = Session(graph: graph)
        let feed = { (values: [Int64]) in [dims: HostTensor(values)] }
        expectError(.invalidArgument, mentioning: ["Dimension -3 must be >= 0", "'f'"]) {
            try session.run(filled, feeds: feed([-3]))
        }
        expectError(.invalidArgument, mentioning: ["more than 2**63 - 1"]) {
            try session.run(filled, feeds: feed([Int64(Self.huge), Int64(Self.huge)]))
        }
        expectError(.resourceExhausted, mentioning: oomTexts("[1099511627776]", bytes: 4 * Self.huge) + ["'f'"]) {
            try session.run(filled, feeds: feed([Int64(Self.huge)]))
        }
        #expect(try session.run(filled, feeds: feed([2, 0])).shape == [2, 0])
    }

    /// Fed multiples, paddings, shapes, depths and range limits: errors, never traps.
    @Test func fedSizesOfOtherKernels() throws {
        let graph = Graph()
        let ops = try graph.asDefault {
            let n = try placeholder(.int64, shape: [1], name: "n")
            let limit = try placeholder(.int64, shape: [], name: "limit")
            let paddings = try placeholder(.int64, shape: [1, 2], name: "paddings")
            let one = try constant([Float(1)])
            return (
                n: n, limit: limit, paddings: paddings,
                tile: try tile(one, multiples: n, name: "t"),
                random: try unitUniform(shape: n, dtype: .float32, seed: 1, location: ScopeFlow.SourceLocation(fileID: "t", line: 1)),
                reshape: try reshapeOp(one, n, name: "r", location: ScopeFlow.SourceLocation(fileID: "t", line: 1)),
                range: try range(limit: limit, name: "range"),
                pad: try makeOp(
                    "Pad", name: "p", defaultName: "Pad", inputs: [one, paddings],
                    attrs: ["T": .type(.float32), "Tpaddings": .type(.int64)], location: ScopeFlow.SourceLocation(fileID: "t", line: 1)
                ) { _ in [OutputSpec(dtype: .float32, shape: .unknown)] }.output(0))
        }
        let session = Session(graph: graph)
        let hugeVector = HostTensor([Int64(Self.huge)])
        let bytes = 4 * Self.huge
        expectError(.resourceExhausted, mentioning: oomTexts("[1099511627776]", bytes: bytes)) {
            try session.run(ops.tile, feeds: [ops.n: hugeVector])
        }
        expectError(.invalidArgument, mentioning: ["-2"]) { try session.run(ops.tile, feeds: [ops.n: HostTensor([Int64(-2)])]) }
        expectError(.resourceExhausted, mentioning: oomTexts("[1099511627776]", bytes: bytes)) {
            try session.run(ops.random, feeds: [ops.n: hugeVector])
        }
        expectError(.invalidArgument, mentioning: ["non-negative"]) { try session.run(ops.random, feeds: [ops.n: HostTensor([Int64(-5)])]) }
        expectError(.shapeMismatch, mentioning: ["Cannot reshape a tensor with 1 elements"]) {
            try session.run(ops.reshape, feeds: [ops.n: hugeVector])
        }
        expectError(.resourceExhausted, mentioning: ["8796093022208 bytes"]) {
            try session.run(ops.range, feeds: [ops.limit: HostTensor(scalar: Int64(Self.huge))])
        }
        expectError(.invalidArgument, mentioning: ["Padding [\(Int64.max), 1]"]) {
            try session.run(ops.pad, feeds: [ops.paddings: try HostTensor([Int64.max, 1], shape: [1, 2])])
        }
        expectError(.resourceExhausted, mentioning: oomTexts("[1099511627777]", bytes: bytes + 4)) {
            try session.run(ops.pad, feeds: [ops.paddings: try HostTensor([Int64(Self.huge), 0], shape: [1, 2])])
        }
        #expect(try session.run(ops.tile, feeds: [ops.n: HostTensor([Int64(3)])]).floats == [1, 1, 1])
    }

    /// A fed `OneHot` depth beyond memory is an OOM error.
    @Test func fedOneHotDepth() throws {
        let graph = Graph()
        let (depth, hot) = try graph.asDefault {
            let depth = try placeholder(.int32, shape: [], name: "depth")
            let hot = try makeOp(
                "OneHot", name: "h", defaultName: "one_hot",
                inputs: [try constant([Int32](repeating: 0, count: 4096)), depth, try constant(Float(1)), try constant(Float(0))],
                attrs: ["T": .type(.float32), "TI": .type(.int32), "axis": .int(-1)],
                location: ScopeFlow.SourceLocation(fileID: "t", line: 1)
            ) { _ in [OutputSpec(dtype: .float32, shape: .unknown)] }.output(0)
            return (depth, hot)
        }
        let session = Session(graph: graph)
        expectError(.resourceExhausted, mentioning: ["[4096,2147483647]", "\(4 * 4096 * Int(Int32.max)) bytes"]) {
            try session.run(hot, feeds: [depth: HostTensor(scalar: Int32.max)])
        }
        expectError(.invalidArgument, mentioning: ["depth must be non-negative"]) {
            try session.run(hot, feeds: [depth: HostTensor(scalar: Int32(-1))])
        }
    }
}
