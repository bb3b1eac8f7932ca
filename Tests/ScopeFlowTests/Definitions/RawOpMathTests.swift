import Testing

@testable import ScopeFlow

/// `rawOp` builds the math and neural-net ops (reductions, `MatMul`, `Conv2D`, pooling, losses,
/// random ops …) through the same shape function as their constructors: the same outputs,
/// attributes (with TF's defaults) and values.
@Suite struct RawOpMathTests {
    /// The tensors a twin builds from.
    struct Inputs: Sendable {
        let x: Tensor  // [2, 3] float
        let y: Tensor  // [3] float
        let image: Tensor  // [1, 4, 4, 2] float
        let filter: Tensor  // [3, 3, 2, 3] float
        let condition: Tensor  // [2, 3] bool
        let labels: Tensor  // [2] int64
    }

    /// A constructor and the `rawOp` call that should build the same op.
    struct Twin: Sendable, CustomStringConvertible {
        let type: String
        /// The constructor's op (its output 0).
        let build: @Sendable (Inputs) throws -> Tensor
        /// The same op through `rawOp`.
        let raw: @Sendable (Inputs) throws -> Operation
        /// Random ops are compared by their outputs' dtypes and shapes only.
        var runs = true

        var description: String { type }
    }

    static func int32s(_ values: [Int32]) throws -> Tensor { try constant(HostTensor(values)) }

    static let twins: [Twin] = [
        Twin(
            type: "Sum", build: { try reduceSum($0.x, axis: [1]) },
            raw: { try rawOp("Sum", inputs: [$0.x, int32s([1])]) }),
        Twin(
            type: "Mean", build: { try reduceMean($0.x, axis: [0], keepDims: true) },
            raw: { try rawOp("Mean", inputs: [$0.x, int32s([0])], attrs: ["keep_dims": .bool(true)]) }),
        Twin(
            type: "Max", build: { try reduceMax($0.x, axis: [-1]) },
            raw: { try rawOp("Max", inputs: [$0.x, int32s([-1])]) }),
        Twin(
            type: "Min", build: { try reduceMin($0.x, axis: [0, 1]) },
            raw: { try rawOp("Min", inputs: [$0.x, int32s([0, 1])]) }),
        Twin(
            type: "Prod", build: { try reduceProd($0.x, axis: [1]) },
            raw: { try rawOp("Prod", inputs: [$0.x, int32s([1])]) }),
        Twin(
            type: "ArgMax", build: { try argmax($0.x, axis: 1) },
            raw: { try rawOp("ArgMax", inputs: [$0.x, constant(HostTensor(scalar: Int32(1)))]) }),
        Twin(
            type: "Cast", build: { try cast($0.x, to: .int32) },
            raw: { try rawOp("Cast", inputs: [$0.x], attrs: ["DstT": .type(.int32)]) }),
        Twin(
            type: "Select", build: { try select($0.condition, $0.x, negative($0.x)) },
            raw: { try rawOp("Select", inputs: [$0.condition, $0.x, negative($0.x)], attrs: ["T": .type(.float32)]) }),
        Twin(
            type: "SelectV2", build: { try whereV2($0.condition, $0.x, $0.y) },
            raw: { try rawOp("SelectV2", inputs: [$0.condition, $0.x, $0.y], attrs: ["T": .type(.float32)]) }),
        Twin(
            type: "AddN", build: { try addN([$0.x, $0.x, $0.x]) },
            raw: { try rawOp("AddN", inputs: [$0.x, $0.x, $0.x], attrs: ["N": .int(3)]) }),
        Twin(
            type: "MatMul", build: { try matmul($0.x, $0.x, transposeB: true) },
            raw: { try rawOp("MatMul", inputs: [$0.x, $0.x], attrs: ["transpose_b": .bool(true)]) }),
        Twin(
            type: "BatchMatMulV2", build: { try batchMatmul($0.image, $0.image, adjX: true) },
            raw: { try rawOp("BatchMatMulV2", inputs: [$0.image, $0.image], attrs: ["adj_x": .bool(true)]) }),
        Twin(type: "BiasAdd", build: { try biasAdd($0.x, $0.y) }, raw: { try rawOp("BiasAdd", inputs: [$0.x, $0.y]) }),
        Twin(type: "Softmax", build: { try softmax($0.x) }, raw: { try rawOp("Softmax", inputs: [$0.x]) }),
        Twin(type: "LogSoftmax", build: { try logSoftmax($0.x) }, raw: { try rawOp("LogSoftmax", inputs: [$0.x]) }),
        Twin(type: "L2Loss", build: { try l2Loss($0.x) }, raw: { try rawOp("L2Loss", inputs: [$0.x]) }),
        Twin(
            type: "MaxPool",
            build: { try maxPool($0.image, ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: "VALID") },
            raw: {
                try rawOp(
                    "MaxPool", inputs: [$0.image],
                    attrs: [
                        "ksize": .ints([1, 2, 2, 1]), "strides": .ints([1, 2, 2, 1]), "padding": .string("VALID"),
                    ])
            }),
        Twin(
            type: "AvgPool",
            build: { try avgPool($0.image, ksize: [1, 3, 3, 1], strides: [1, 1, 1, 1], padding: "SAME") },
            raw: {
                try rawOp(
                    "AvgPool", inputs: [$0.image],
                    attrs: ["ksize": .ints([1, 3, 3, 1]), "strides": .ints([1, 1, 1, 1]), "padding": .string("SAME")])
            }),
        Twin(
            type: "Conv2D", build: { try conv2d($0.image, filter: $0.filter, strides: [1, 1, 1, 1], padding: "SAME") },
            raw: {
                try rawOp(
                    "Conv2D", inputs: [$0.image, $0.filter],
                    attrs: ["strides": .ints([1, 1, 1, 1]), "padding": .string("SAME")])
            }),
        Twin(
            type: "Conv2D explicit",
            build: {
                try conv2d(
                    $0.image, filter: $0.filter, strides: [1, 2, 2, 1], padding: [[0, 0], [1, 0], [0, 2], [0, 0]])
            },
            raw: {
                try rawOp(
                    "Conv2D", inputs: [$0.image, $0.filter],
                    attrs: [
                        "strides": .ints([1, 2, 2, 1]), "padding": .string("EXPLICIT"),
                        "explicit_paddings": .ints([0, 0, 1, 0, 0, 2, 0, 0]),
                    ])
            }),
        Twin(
            type: "SoftmaxCrossEntropyWithLogits",
            build: { try softmaxCrossEntropyWithLogits(labels: softmax($0.x), logits: $0.x).op.inputs[0] },
            raw: { try rawOp("SoftmaxCrossEntropyWithLogits", inputs: [$0.x, softmax($0.x)]) }),
        Twin(
            type: "SparseSoftmaxCrossEntropyWithLogits",
            build: { try sparseSoftmaxCrossEntropyWithLogits(labels: $0.labels, logits: $0.x) },
            raw: { try rawOp("SparseSoftmaxCrossEntropyWithLogits", inputs: [$0.x, $0.labels]) }),
        Twin(
            type: "RandomUniform", build: { _ in try randomUniform(shape: [2, 3]) },
            raw: { _ in try rawOp("RandomUniform", inputs: [int32s([2, 3])], attrs: ["dtype": .type(.float32)]) },
            runs: false),
        Twin(
            type: "RandomStandardNormal",
            build: { _ in try randomNormal(shape: [4], dtype: .float64).op.inputs[0].op.inputs[0] },
            raw: { _ in try rawOp("RandomStandardNormal", inputs: [int32s([4])], attrs: ["dtype": .type(.float64)]) },
            runs: false),
        Twin(
            type: "TruncatedNormal", build: { _ in try truncatedNormal(shape: [3, 1]).op.inputs[0].op.inputs[0] },
            raw: { _ in try rawOp("TruncatedNormal", inputs: [int32s([3, 1])], attrs: ["dtype": .type(.float32)]) },
            runs: false),
    ]

    static func inputs() throws -> Inputs {
        let image = (0..<32).map { Float($0 % 7) - 2.5 }
        let filter = (0..<54).map { Float($0 % 5) * 0.25 - 0.5 }
        return Inputs(
            x: try constant(HostTensor([-1.5, 0, 2, 3.25, -0.5, 7] as [Float], shape: [2, 3])),
            y: try constant(HostTensor([0.5, 1, -2] as [Float], shape: [3])),
            image: try constant(HostTensor(image, shape: [1, 4, 4, 2])),
            filter: try constant(HostTensor(filter, shape: [3, 3, 2, 3])),
            condition: try constant(HostTensor([true, false, true, false, false, true], shape: [2, 3])),
            labels: try constant(HostTensor([2, 0] as [Int64])))
    }

    @Test(arguments: twins)
    func rawOpBuildsWhatTheConstructorBuilds(twin: Twin) throws {
        let graph = Graph()
        try graph.asDefault {
            let inputs = try Self.inputs()
            let built = try twin.build(inputs)
            let raw = try twin.raw(inputs)
            #expect(raw.type == built.op.type)
            #expect(raw.outputs.map(\.dtype) == built.op.outputs.map(\.dtype))
            #expect(raw.outputs.map(\.shape) == built.op.outputs.map(\.shape))
            #expect(raw.attrs.keys.sorted() == built.op.attrs.keys.sorted(), "TF's defaults fill the rest")
            #expect(
                raw.attrs.keys.sorted().map { String(describing: raw.attrs[$0]!) }
                    == built.op.attrs.keys.sorted().map { String(describing: built.op.attrs[$0]!) })
            guard twin.runs else { return }
            let session = Session(graph: graph)
            #expect(
                String(describing: try session.run(raw.output(built.index)))
                    == String(describing: try session.run(built)))
        }
    }

    @Test func rawOpBuildsTheOpsOnlyGradientsAndRawCallersMake() throws {
        try Graph().asDefault {
            let x = try placeholder(.float32, shape: [nil, 5], name: "x")
            let argMin = try rawOp("ArgMin", inputs: [x, constant(HostTensor(scalar: Int32(1)))]).output(0)
            #expect(argMin.dtype == .int64 && argMin.shape == Shape([nil]))
            let ints = try rawOp(
                "RandomUniformInt",
                inputs: [
                    constant(HostTensor([2, 3] as [Int32])), constant(HostTensor(scalar: Int64(0))),
                    constant(HostTensor(scalar: Int64(10))),
                ],
                attrs: ["Tout": .type(.int64)]
            ).output(0)
            #expect(ints.dtype == .int64 && ints.shape == Shape([2, 3]))
            let biasGrad = try rawOp("BiasAddGrad", inputs: [x]).output(0)
            #expect(biasGrad.shape == Shape([5]) && biasGrad.op.attrs["data_format"]?.stringValue == "NHWC")
            let image = try placeholder(.float32, shape: [nil, 4, 4, 2], name: "image")
            let filter = try placeholder(.float32, shape: [3, 3, 2, 3], name: "filter")
            let sizes = try shapeN([image, filter])
            let backprop = try rawOp(
                "Conv2DBackpropInput",
                inputs: [sizes[0], filter, conv2d(image, filter: filter, strides: [1, 1, 1, 1], padding: "SAME")],
                attrs: ["T": .type(.float32), "strides": .ints([1, 1, 1, 1]), "padding": .string("SAME")]
            ).output(0)
            #expect(backprop.shape == image.shape && backprop.op.attrs["use_cudnn_on_gpu"]?.boolValue == true)
            let clipped = try rawOp(
                "ClipByValue",
                inputs: [x, constant(HostTensor(scalar: Float(0))), constant(HostTensor(scalar: Float(1)))]
            ).output(0)
            #expect(clipped.shape == x.shape && clipped.op.attrs["T"]?.typeValue == .float32)
        }
    }

    @Test func rawOpRunsTheConstructorsShapeChecks() throws {
        try Graph().asDefault {
            let a = try placeholder(.float32, shape: [2, 3], name: "a")
            let b = try placeholder(.float32, shape: [4, 5], name: "b")
            let inner = #expect(throws: ScopeFlowError.self) { try matmul(a, b) }
            let rawInner = #expect(throws: ScopeFlowError.self) { try rawOp("MatMul", inputs: [a, b]) }
            #expect(inner?.code == .shapeMismatch && rawInner?.code == .shapeMismatch)

            let image = try placeholder(.float32, shape: [1, 4, 4, 2], name: "image")
            let filter = try placeholder(.float32, shape: [3, 3, 2, 3], name: "filter")
            let padding = #expect(throws: ScopeFlowError.self) {
                try conv2d(image, filter: filter, strides: [1, 1, 1, 1], padding: "FULL")
            }
            let rawPadding = #expect(throws: ScopeFlowError.self) {
                try rawOp(
                    "Conv2D", inputs: [image, filter],
                    attrs: ["strides": .ints([1, 1, 1, 1]), "padding": .string("FULL")])
            }
            #expect(padding?.code == .invalidArgument && rawPadding?.code == .invalidArgument)
            let noStrides = #expect(throws: ScopeFlowError.self) { try rawOp("Conv2D", inputs: [image, filter]) }
            #expect(noStrides?.code == .invalidArgument)

            let scalar = try placeholder(.float32, shape: [], name: "s")
            let softmaxOfScalar = #expect(throws: ScopeFlowError.self) { try rawOp("Softmax", inputs: [scalar]) }
            #expect(softmaxOfScalar?.code == .shapeMismatch)

            let condition = try placeholder(.bool, shape: [2, 3], name: "c")
            let inferred = try rawOp("Select", inputs: [condition, a, a])
            #expect(inferred.attrs["T"]?.typeValue == a.dtype, "T of Select is its values' dtype, not the condition's")
            let mistyped = #expect(throws: ScopeFlowError.self) {
                try rawOp("Select", inputs: [condition, a, a], attrs: ["T": .type(.bool)])
            }
            #expect(mistyped?.code == .dtypeMismatch)
        }
    }
}
