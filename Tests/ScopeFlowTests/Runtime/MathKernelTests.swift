import Foundation
import Testing
@testable import ScopeFlow

/// Runs the math kernel of `type` with `attrs` on `inputs`.
private func run(_ type: String, _ inputs: [HostTensor], attrs: AttrMap = [:]) throws -> [HostTensor] {
    let context = KernelContext(opType: type, opName: "op", attrs: attrs)
    return try OpRegistry.kernel(for: context)(inputs)
}

/// The oracle case `id`.
private func oracleCase(_ id: String) throws -> OpOracle.Case {
    try #require(OpOracle.shared.cases.first { $0.id == id })
}

/// The recorded input `name` of `oracleCase`.
private func input(_ oracleCase: OpOracle.Case, _ name: String) throws -> HostTensor {
    try #require(oracleCase.inputs.first { $0.name == name }).hostTensor()
}

/// Oracle cases the shared harness cannot run or compares too strictly, and
/// edge cases and errors of the elementwise, reduction and neural-net kernels.
@Suite struct MathKernelTests {
    /// `Select`/`SelectV2` are `exact`: float32 outputs must equal the recorded
    /// values rounded to float32 (the harness compares against the decimal).
    @Test(arguments: ["Select/same_shape", "Select/vector_cond", "SelectV2/broadcast"])
    func selectIsExact(_ id: String) throws {
        let c = try oracleCase(id)
        let node = try #require(c.node)
        let inputs = try node.inputs.map { try input(c, #require($0.placeholder)) }
        let got = try run(node.type, inputs)[0]
        let want = try c.outputs[0].hostTensor()
        #expect(got.shape == want.shape)
        #expect(got.floats == want.floats)
    }

    /// The softmax cross-entropy cases feed Reshape outputs: flatten to
    /// `[batch, classes]` as TensorFlow does and compare loss and backprop.
    @Test(arguments: [
        "SoftmaxCrossEntropyWithLogits/v2", "SoftmaxCrossEntropyWithLogits/v2_unnormalized_labels",
        "SoftmaxCrossEntropyWithLogits/v2_rank3", "SoftmaxCrossEntropyWithLogits/v1_stop_gradient",
    ])
    func softmaxCrossEntropy(_ id: String) throws {
        let c = try oracleCase(id)
        let logits = try input(c, "logits")
        let labels = try input(c, "labels")
        let classes = try #require(logits.shape.last)
        let matrix = [logits.count / classes, classes]
        let outputs = try run(
            "SoftmaxCrossEntropyWithLogits",
            [try HostTensor(storage: logits.storage, shape: matrix), try HostTensor(storage: labels.storage, shape: matrix)])
        let loss = try HostTensor(storage: outputs[0].storage, shape: c.outputs[0].shape)
        #expect(oracleMismatch(loss, c.outputs[0], c.tol.forward) == nil)
        // backprop = softmax − labels (Softmax itself is checked against the oracle).
        #expect(outputs[1].shape == matrix)
        let p = try #require(run("Softmax", [try HostTensor(storage: logits.storage, shape: matrix)])[0].floats)
        let expected = zip(p, try #require(labels.floats)).map { $0 - $1 }
        let backprop = try #require(outputs[1].floats)
        #expect(zip(backprop, expected).allSatisfy { abs($0 - $1) <= 1e-6 })
    }

    /// `tf.nn.softmax(x, axis=0)` is Transpose + Softmax + Transpose.
    @Test func softmaxAxis0() throws {
        let c = try oracleCase("Softmax/axis0")
        let x = try input(c, "x")
        let (rows, cols) = (x.shape[0], x.shape[1])
        let v = try #require(x.floats)
        let transposed = try HostTensor((0..<(rows * cols)).map { v[($0 % rows) * cols + $0 / rows] }, shape: [cols, rows])
        let s = try #require(run("Softmax", [transposed])[0].floats)
        let back = try HostTensor((0..<(rows * cols)).map { s[($0 % cols) * rows + $0 / cols] }, shape: [rows, cols])
        #expect(oracleMismatch(back, c.outputs[0], c.tol.forward) == nil)
    }

    @Test func incompatibleShapesNameBoth() throws {
        let a = try HostTensor([Float](repeating: 1, count: 6), shape: [2, 3])
        let b = HostTensor([1, 2, 3, 4] as [Float])
        let error = try #require(throws: ScopeFlowError.self) { try run("AddV2", [a, b]) }
        #expect(error.code == .shapeMismatch)
        #expect(error.message.contains("Incompatible shapes: [2,3] vs. [4]"))
    }

    @Test func dtypeAndArityErrors() throws {
        let f = HostTensor([1, 2] as [Float])
        let i = HostTensor([1, 2] as [Int32])
        #expect((try #require(throws: ScopeFlowError.self) { try run("Mul", [f, i]) }).code == .dtypeMismatch)
        #expect((try #require(throws: ScopeFlowError.self) { try run("Exp", [i]) }).code == .dtypeMismatch)
        #expect((try #require(throws: ScopeFlowError.self) { try run("Sub", [f]) }).code == .invalidArgument)
    }

    @Test func reductionAxisErrors() throws {
        let x = try HostTensor([Float](repeating: 1, count: 6), shape: [2, 3])
        for axes in [[2], [-3], [1, -1]] as [[Int32]] {
            let error = try #require(throws: ScopeFlowError.self) {
                try run("Sum", [x, HostTensor(axes)], attrs: ["keep_dims": .bool(false)])
            }
            #expect(error.code == .invalidArgument)
        }
    }

    /// float32 sums and means over leading axes (AVX-512 row sums where the CPU has them) give
    /// float64 sums in row order, narrowed: the bits of the plain loop. The larger sums are split
    /// over the cores by columns (16 and 24, or 16 and 16); 37 and 40 leave columns past the last
    /// group of 16.
    @Test(arguments: [(1000, 37), (8000, 40), (8192, 32)])
    func leadingAxisSumsMatchRowOrderFloat64Sums(_ size: (rows: Int, width: Int)) throws {
        let (rows, width) = size
        let values = (0..<(rows * width)).map { Float(($0 * 7919) % 1009) / 97 - 5 }
        let x = try HostTensor(values, shape: [8, rows / 8, width])
        var sums = [Double](repeating: 0, count: width)
        for r in 0..<rows { for j in 0..<width { sums[j] += Double(values[r * width + j]) } }
        let axes = HostTensor([0, 1] as [Int32])
        let sum = try run("Sum", [x, axes], attrs: ["keep_dims": .bool(false)])[0]
        #expect(sum.floats == sums.map { Float($0) })
        let mean = try run("Mean", [x, axes], attrs: ["keep_dims": .bool(false)])[0]
        #expect(mean.floats == sums.map { Float($0 / Double(rows)) })
    }

    @Test func sparseLabelOutOfRange() throws {
        let logits = try HostTensor([Float](repeating: 0, count: 6), shape: [2, 3])
        let error = try #require(throws: ScopeFlowError.self) {
            try run("SparseSoftmaxCrossEntropyWithLogits", [logits, HostTensor([0, 3] as [Int64])])
        }
        #expect(error.message.contains("label value of 3"))
    }

    @Test func integerArithmeticWrapsAndTruncates() throws {
        let sum = try run("AddV2", [HostTensor(scalar: Int32.max), HostTensor(scalar: Int32(1))])[0]
        #expect(sum.int32s == [Int32.min])
        let x = try HostTensor([1, 2, 4, 7] as [Int32], shape: [2, 2])
        let mean = try run("Mean", [x, HostTensor(scalar: Int32(1))], attrs: ["keep_dims": .bool(true)])[0]
        #expect(mean.shape == [2, 1] && mean.int32s == [1, 5])
    }

    @Test func maximumPropagatesNaNFromEitherSide() throws {
        let x = HostTensor([.nan, 1, 2] as [Double])
        let y = HostTensor([1, .nan, 2] as [Double])
        let out = try #require(run("Maximum", [x, y])[0].doubles)
        #expect(out[0].isNaN && out[1].isNaN && out[2] == 2)
    }

    @Test func selectV2BroadcastsAllThreeOperands() throws {
        let cond = try HostTensor([true, false] as [Bool], shape: [2, 1])
        let t = HostTensor([1, 2, 3] as [Int64])
        let e = HostTensor(scalar: Int64(-1))
        let out = try run("SelectV2", [cond, t, e])[0]
        #expect(out.shape == [2, 3] && out.int64s == [1, 2, 3, -1, -1, -1])
    }

    @Test func generalBroadcastAndReductionOverSeparatedAxes() throws {
        let a = try HostTensor((0..<6).map(Float.init), shape: [2, 1, 3])
        let b = try HostTensor([10, 20] as [Float], shape: [2, 1])
        let sum = try run("AddV2", [a, b])[0]
        #expect(sum.shape == [2, 2, 3])
        #expect(sum.floats == [10, 11, 12, 20, 21, 22, 13, 14, 15, 23, 24, 25])
        let reduced = try run("Max", [sum, HostTensor([0, 2] as [Int32])], attrs: ["keep_dims": .bool(false)])[0]
        #expect(reduced.shape == [2] && reduced.floats == [15, 25])
    }

    @Test func castEdgeCases() throws {
        let x = HostTensor([-2.7, .nan, 3e10, -0.0] as [Float])
        let ints = try run("Cast", [x], attrs: ["DstT": .type(.int32)])[0]
        #expect(ints.int32s == [-2, Int32.min, Int32.min, 0])
        let bools = try run("Cast", [x], attrs: ["DstT": .type(.bool)])[0]
        #expect(bools.bools == [true, true, true, false])
    }
}
