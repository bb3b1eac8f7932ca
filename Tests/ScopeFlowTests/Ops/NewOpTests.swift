import Testing
@testable import ScopeFlow

/// `range`, `divNoNan`, explicit-padding `conv2d` and raw `ClipByValue`: values and build-time errors.
@Suite("range, divNoNan, explicit conv2d padding and raw ClipByValue")
struct NewOpTests {
    @Test func rangeCountsUpAndDown() throws {
        let graph = Graph()
        let (up, down) = try graph.asDefault {
            try (range(start: 1, limit: constant(Int32(7)), delta: 2), range(start: 5, limit: constant(Int32(0)), delta: -2))
        }
        #expect(up.shape == [3])
        #expect(up.op.name == "range")
        #expect(try Session(graph: graph).run(up).int32s == [1, 3, 5])
        #expect(try Session(graph: graph).run(down).int32s == [5, 3, 1])
        let error = #expect(throws: ScopeFlowError.self) { try graph.asDefault { try range(limit: constant(Int32(3)), delta: 0) } }
        #expect(error?.code == .invalidArgument)
    }

    @Test func divNoNanIsZeroWhereTheDivisorIs() throws {
        let graph = Graph()
        let q = try graph.asDefault {
            try divNoNan(constant(HostTensor([Float]([1, 6, -2]))), constant(HostTensor([Float]([0, 3, 0]))))
        }
        #expect(q.op.name == "div_no_nan")
        #expect(try Session(graph: graph).run(q).floats == [0, 2, 0])
    }

    @Test func explicitPaddingMustBeFourPairsOverHeightAndWidth() throws {
        try Graph().asDefault {
            let x = try placeholder(.float32, shape: [1, 4, 4, 1], name: "x")
            let k = try placeholder(.float32, shape: [3, 3, 1, 1], name: "k")
            #expect(try conv2d(x, filter: k, strides: [1, 1, 1, 1], padding: [[0, 0], [1, 2], [0, 1], [0, 0]]).shape == [1, 5, 3, 1])
            for bad in [[[0, 0], [1, 1], [1, 1]], [[1, 0], [1, 1], [1, 1], [0, 0]], [[0, 0], [-1, 1], [1, 1], [0, 0]]] {
                let error = #expect(throws: ScopeFlowError.self) { try conv2d(x, filter: k, strides: [1, 1, 1, 1], padding: bad) }
                #expect(error?.code == .invalidArgument)
            }
        }
    }

    @Test func rawClipByValueNeedsScalarOrMatchingBounds() throws {
        try Graph().asDefault {
            let x = try placeholder(.float32, shape: [2, 3], name: "x")
            let lo = try placeholder(.float32, shape: [3], name: "lo")
            let hi = try placeholder(.float32, shape: [], name: "hi")
            let error = #expect(throws: ScopeFlowError.self) { try rawOp("ClipByValue", inputs: [x, lo, hi]) }
            #expect(error?.code == .shapeMismatch)
            #expect(error?.message.contains("clip_value_min must be a scalar") == true)
        }
    }
}
