import Testing

@testable import ScopeFlow

/// `rawOp` builds the array ops (reshapes, joins, slices, fills) through the shape function
/// their constructors use: the same outputs, attributes (TF's defaults, type attributes read
/// from the inputs) and values, and the same shape errors.
@Suite struct RawOpArrayTests {
    /// A constructor call and the `rawOp` call that should build the same op, both from `x`
    /// (float32 `[[1, 2, 3], [4, 5, 6]]`).
    struct Twin: Sendable, CustomTestStringConvertible {
        let type: String
        let build: @Sendable (Tensor) throws -> [Tensor]
        let raw: @Sendable (Tensor) throws -> Operation
        var testDescription: String { type }
    }

    /// An int32 vector `Const`.
    static func ints(_ values: [Int], shape: [Int]? = nil) throws -> Tensor {
        try constant(HostTensor(values.map { Int32($0) }, shape: shape ?? [values.count]))
    }

    /// An int32 scalar `Const`.
    static func int(_ value: Int) throws -> Tensor { try constant(HostTensor(scalar: Int32(value))) }

    /// A float32 scalar `Const`.
    static func float(_ value: Float) throws -> Tensor { try constant(HostTensor(scalar: value)) }

    /// `x` as a tensor of unknown dimensions (rank 2): a `Tile` by multiples not known at build time.
    static func unknownDims(_ x: Tensor) throws -> Tensor {
        try tile(x, multiples: gather(ints([1, 1]), indices: ints([0, 1])))
    }

    /// `x` as `[2, 1, 3]`.
    static func withUnitAxis(_ x: Tensor) throws -> Tensor { try reshape(x, shape: [2, 1, 3]) }

    static let twins: [Twin] = [
        Twin(
            type: "Reshape", build: { x in [try reshape(x, shape: [3, -1])] },
            raw: { x in try rawOp("Reshape", inputs: [x, ints([3, -1])]) }),
        Twin(
            type: "ExpandDims", build: { x in [try expandDims(x, axis: -1)] },
            raw: { x in try rawOp("ExpandDims", inputs: [x, int(-1)]) }),
        Twin(
            type: "Squeeze", build: { x in [try squeeze(withUnitAxis(x))] },
            raw: { x in try rawOp("Squeeze", inputs: [withUnitAxis(x)]) }),
        Twin(
            type: "Squeeze", build: { x in [try squeeze(withUnitAxis(x), axis: [1])] },
            raw: { x in try rawOp("Squeeze", inputs: [withUnitAxis(x)], attrs: ["squeeze_dims": .ints([1])]) }),
        Twin(
            type: "Transpose", build: { x in [try transpose(x)] },
            raw: { x in try rawOp("Transpose", inputs: [x, ints([1, 0])]) }),
        Twin(
            type: "Tile", build: { x in [try tile(x, multiples: [2, 1])] },
            raw: { x in try rawOp("Tile", inputs: [x, ints([2, 1])]) }),
        Twin(
            type: "Pad", build: { x in [try pad(x, paddings: [[1, 0], [0, 2]])] },
            raw: { x in try rawOp("Pad", inputs: [x, ints([1, 0, 0, 2], shape: [2, 2])]) }),
        Twin(
            type: "PadV2", build: { x in [try pad(x, paddings: [[1, 0], [0, 2]], constantValue: 9)] },
            raw: { x in try rawOp("PadV2", inputs: [x, ints([1, 0, 0, 2], shape: [2, 2]), float(9)]) }),
        Twin(
            type: "MirrorPad", build: { x in [try pad(x, paddings: [[1, 1], [1, 1]], mode: "REFLECT")] },
            raw: { x in
                try rawOp(
                    "MirrorPad", inputs: [x, ints([1, 1, 1, 1], shape: [2, 2])], attrs: ["mode": .string("REFLECT")])
            }),
        Twin(
            type: "Shape", build: { x in [try shape(unknownDims(x))] },
            raw: { x in try rawOp("Shape", inputs: [unknownDims(x)]) }),
        Twin(
            type: "ShapeN", build: { x in try shapeN([x, withUnitAxis(x)]) },
            raw: { x in try rawOp("ShapeN", inputs: [x, withUnitAxis(x)], attrs: ["N": .int(2)]) }),
        Twin(
            type: "ConcatV2", build: { x in [try concat([x, x], axis: 1)] },
            raw: { x in try rawOp("ConcatV2", inputs: [x, x, int(1)], attrs: ["N": .int(2)]) }),
        Twin(
            type: "Split", build: { x in try split(x, numSplits: 3, axis: 1) },
            raw: { x in try rawOp("Split", inputs: [int(1), x], attrs: ["num_split": .int(3)]) }),
        Twin(
            type: "SplitV", build: { x in try split(x, sizes: [1, -1], axis: 1) },
            raw: { x in try rawOp("SplitV", inputs: [x, ints([1, -1]), int(1)], attrs: ["num_split": .int(2)]) }),
        Twin(
            type: "Pack", build: { x in [try stack([x, x])] },
            raw: { x in try rawOp("Pack", inputs: [x, x], attrs: ["N": .int(2)]) }),
        Twin(
            type: "Pack", build: { x in [try stack([x, x], axis: -1)] },
            raw: { x in try rawOp("Pack", inputs: [x, x], attrs: ["N": .int(2), "axis": .int(-1)]) }),
        Twin(
            type: "Unpack", build: { x in try unstack(x) },
            raw: { x in try rawOp("Unpack", inputs: [x], attrs: ["num": .int(2)]) }),
        Twin(
            type: "Unpack", build: { x in try unstack(x, axis: 1) },
            raw: { x in try rawOp("Unpack", inputs: [x], attrs: ["num": .int(3), "axis": .int(1)]) }),
        Twin(
            type: "Slice", build: { x in [try slice(x, begin: [0, 1], size: [-1, 2])] },
            raw: { x in try rawOp("Slice", inputs: [x, ints([0, 1]), ints([-1, 2])]) }),
        Twin(
            type: "StridedSlice",
            build: { x in [try stridedSlice(x, begin: [0, 2], end: [2, 0], strides: [1, -1])] },
            raw: { x in try rawOp("StridedSlice", inputs: [x, ints([0, 2]), ints([2, 0]), ints([1, -1])]) }),
        Twin(
            type: "StridedSlice",
            build: { x in
                [try stridedSlice(x, begin: [1, 0], end: [2, 0], strides: [1, 1], endMask: 2, shrinkAxisMask: 1)]
            },
            raw: { x in
                try rawOp(
                    "StridedSlice", inputs: [x, ints([1, 0]), ints([2, 0]), ints([1, 1])],
                    attrs: ["end_mask": .int(2), "shrink_axis_mask": .int(1)])
            }),
        Twin(
            type: "GatherV2", build: { x in [try gather(x, indices: ints([2, 0, 2]), axis: 1)] },
            raw: { x in try rawOp("GatherV2", inputs: [x, ints([2, 0, 2]), int(1)]) }),
        Twin(
            type: "Gather",
            build: { x in
                [
                    try legacyGather(
                        x, indices: ints([1, 1, 0]), name: nil, location: SourceLocation(fileID: "", line: 0))
                ]
            },
            raw: { x in try rawOp("Gather", inputs: [x, ints([1, 1, 0])]) }),
        Twin(
            type: "OneHot", build: { _ in [try oneHot(ints([0, 2, 1]), depth: 4)] },
            raw: { _ in try rawOp("OneHot", inputs: [ints([0, 2, 1]), int(4), float(1), float(0)]) }),
        Twin(
            type: "OneHot", build: { _ in [try oneHot(ints([0, 2]), depth: 3, onValue: 5, offValue: -1, axis: 0)] },
            raw: { _ in
                try rawOp("OneHot", inputs: [ints([0, 2]), int(3), float(5), float(-1)], attrs: ["axis": .int(0)])
            }),
        Twin(
            type: "Fill", build: { _ in [try fill([2, 3], value: float(1.5))] },
            raw: { _ in try rawOp("Fill", inputs: [ints([2, 3]), float(1.5)]) }),
        Twin(
            type: "Range", build: { _ in [try range(start: 1, limit: int(8), delta: 2)] },
            raw: { _ in try rawOp("Range", inputs: [int(1), int(8), int(2)]) }),
    ]

    @Test(arguments: twins)
    func rawOpBuildsWhatTheConstructorBuilds(twin: Twin) throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try constant(HostTensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3]))
            let built = try twin.build(x)
            let raw = try twin.raw(x)
            let op = try #require(built.first).op
            #expect(op.type == twin.type && raw.type == twin.type)
            #expect(raw.outputs.count == built.count)
            #expect(raw.outputs.map(\.dtype) == built.map(\.dtype))
            #expect(raw.outputs.map(\.shape) == built.map(\.shape))
            #expect(
                raw.attrs.keys.sorted() == op.attrs.keys.sorted(), "TF's defaults and the inputs' types fill the rest")
            #expect(
                raw.attrs.keys.sorted().map { String(describing: raw.attrs[$0]!) }
                    == op.attrs.keys.sorted().map { String(describing: op.attrs[$0]!) })
            let session = Session(graph: graph)
            for (r, b) in zip(raw.outputs, built) {
                #expect(String(describing: try session.run(r)) == String(describing: try session.run(b)))
            }
        }
    }

    /// `BroadcastTo` has no public constructor (gradients build it): its shape is the shape input's value.
    @Test func rawBroadcastToTakesTheShapeItIsGiven() throws {
        let graph = Graph()
        try graph.asDefault {
            let row = try constant(HostTensor([1, 2, 3] as [Float], shape: [1, 3]))
            let op = try rawOp("BroadcastTo", inputs: [row, Self.ints([2, 3])])
            #expect(op.outputs[0].dtype == .float32 && op.outputs[0].shape == Shape([2, 3]))
            #expect(String(describing: op.attrs["Tidx"]!) == String(describing: AttrValue.type(.int32)))
            let value = try Session(graph: graph).run(op.outputs[0])
            #expect(value.floats == [1, 2, 3, 1, 2, 3])
        }
    }

    /// A constructor call and the `rawOp` call that should fail the same way.
    struct BadTwin: Sendable, CustomTestStringConvertible {
        let name: String
        let build: @Sendable (Tensor) throws -> Void
        let raw: @Sendable (Tensor) throws -> Void
        var testDescription: String { name }
    }

    static let badTwins: [BadTwin] = [
        BadTwin(
            name: "reshape to the wrong size", build: { x in _ = try reshape(x, shape: [4], name: "op") },
            raw: { x in _ = try rawOp("Reshape", inputs: [x, ints([4])], name: "op") }),
        BadTwin(
            name: "concat along a missing axis", build: { x in _ = try concat([x, x], axis: 2, name: "op") },
            raw: { x in _ = try rawOp("ConcatV2", inputs: [x, x, int(2)], attrs: ["N": .int(2)], name: "op") }),
        BadTwin(
            name: "concat of other dimensions", build: { x in _ = try concat([x, transpose(x)], axis: 0, name: "op") },
            raw: { x in _ = try rawOp("ConcatV2", inputs: [x, transpose(x), int(0)], attrs: ["N": .int(2)], name: "op")
            }),
        BadTwin(
            name: "stack along a missing axis", build: { x in _ = try stack([x, x], axis: 3, name: "op") },
            raw: { x in _ = try rawOp("Pack", inputs: [x, x], attrs: ["N": .int(2), "axis": .int(3)], name: "op") }),
        BadTwin(
            name: "squeeze of a dimension of 3", build: { x in _ = try squeeze(x, axis: [1], name: "op") },
            raw: { x in _ = try rawOp("Squeeze", inputs: [x], attrs: ["squeeze_dims": .ints([1])], name: "op") }),
        BadTwin(
            name: "uneven split", build: { x in _ = try split(x, numSplits: 2, axis: 1, name: "op") },
            raw: { x in _ = try rawOp("Split", inputs: [int(1), x], attrs: ["num_split": .int(2)], name: "op") }),
        BadTwin(
            name: "transpose by a non-permutation", build: { x in _ = try transpose(x, perm: [0, 0], name: "op") },
            raw: { x in _ = try rawOp("Transpose", inputs: [x, ints([0, 0])], name: "op") }),
        BadTwin(
            name: "gather along a missing axis",
            build: { x in _ = try gather(x, indices: ints([0]), axis: 2, name: "op") },
            raw: { x in _ = try rawOp("GatherV2", inputs: [x, ints([0]), int(2)], name: "op") }),
        BadTwin(
            name: "one_hot along a missing axis",
            build: { _ in _ = try oneHot(ints([0, 1]), depth: 2, axis: 3, name: "op") },
            raw: { _ in
                _ = try rawOp(
                    "OneHot", inputs: [ints([0, 1]), int(2), float(1), float(0)], attrs: ["axis": .int(3)], name: "op")
            }),
        BadTwin(
            name: "fill with a non-scalar value",
            build: { x in _ = try fill(dims: ints([2, 3]), value: x, name: "op") },
            raw: { x in _ = try rawOp("Fill", inputs: [ints([2, 3]), x], name: "op") }),
    ]

    /// Each failure, built in a fresh graph with the op named `op` so that the names agree, has the
    /// same code and message.
    @Test(arguments: badTwins)
    func rawOpFailsAsTheConstructorFails(twin: BadTwin) throws {
        func failure(_ body: @Sendable (Tensor) throws -> Void) throws -> ScopeFlowError? {
            try Graph().asDefault {
                let x = try constant(HostTensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3]))
                return #expect(throws: ScopeFlowError.self) { try body(x) }
            }
        }
        let built = try #require(try failure(twin.build))
        let raw = try #require(try failure(twin.raw))
        #expect(raw.code == built.code)
        #expect(raw.message == built.message)
    }

    /// Type attributes of inputs other than the first come from those inputs, not from `T`'s rule.
    @Test func typeAttributesComeFromTheirInputs() throws {
        try Graph().asDefault {
            let x = try constant(HostTensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3]))
            let wide = try constant(HostTensor([3, 2] as [Int64]))
            let reshaped = try rawOp("Reshape", inputs: [x, wide])
            #expect(String(describing: reshaped.attrs["Tshape"]!) == String(describing: AttrValue.type(.int64)))
            #expect(reshaped.outputs[0].shape == Shape([3, 2]))
            let gathered = try rawOp("GatherV2", inputs: [x, Self.ints([1]), Self.int(0)])
            #expect(gathered.attrs["T"] == nil, "GatherV2 has no T")
            let ranged = try rawOp("Range", inputs: [Self.int(0), Self.int(4), Self.int(1)])
            #expect(ranged.attrs.keys.sorted() == ["Tidx"])
            #expect(ranged.outputs[0].shape == Shape([4]))
        }
    }
}
