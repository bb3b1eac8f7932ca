import Testing
@testable import ScopeFlow

/// Runs the CPU kernel of `op` built from `attrs` on `inputs`.
func runArrayKernel(_ op: String, _ inputs: [HostTensor], attrs: AttrMap = [:]) throws -> [HostTensor] {
    try OpRegistry.kernel(for: KernelContext(opType: op, opName: "test_op", attrs: attrs))(inputs)
}

/// A rank-1 int32 tensor, the usual form of shape, perm and index inputs.
func int32s(_ values: [Int32]) -> HostTensor { HostTensor(values) }

/// Array kernels on dtypes, empty tensors and forms the TF oracle does not cover.
@Suite struct ArrayOpsTests {
    @Test func reshapeSharesStorageAndInfers() throws {
        let x = try HostTensor([1, 2, 3, 4, 5, 6] as [Int64], shape: [2, 3])
        let y = try runArrayKernel("Reshape", [x, int32s([-1, 2])])[0]
        #expect(y.shape == [3, 2])
        #expect(y.int64s == [1, 2, 3, 4, 5, 6])
        let empty = try runArrayKernel("Reshape", [try HostTensor([] as [Float], shape: [0, 3]), int32s([-1, 3])])[0]
        #expect(empty.shape == [0, 3])
    }

    @Test func stringAndBoolTensorsMove() throws {
        let s = try HostTensor(["a", "b", "c", "d"], shape: [2, 2])
        let t = try runArrayKernel("Transpose", [s, int32s([1, 0])])[0]
        #expect(t.scalars(as: String.self) == ["a", "c", "b", "d"])
        let b = try HostTensor([true, false], shape: [2])
        let padded = try runArrayKernel("Pad", [b, try HostTensor([1, 1] as [Int32], shape: [1, 2])])[0]
        #expect(padded.bools == [false, true, false, false])
        let padString = try runArrayKernel("Pad", [HostTensor(["x"]), try HostTensor([1, 0] as [Int32], shape: [1, 2])])[0]
        #expect(padString.scalars(as: String.self) == ["", "x"])
    }

    @Test func concatAndSplitIntegers() throws {
        let a = try HostTensor([1, 2] as [Int32], shape: [2, 1])
        let b = try HostTensor([3, 4, 5, 6] as [Int32], shape: [2, 2])
        let c = try runArrayKernel("ConcatV2", [a, b, HostTensor(scalar: Int64(-1))], attrs: ["N": .int(2)])[0]
        #expect(c.shape == [2, 3])
        #expect(c.int32s == [1, 3, 4, 2, 5, 6])
        let parts = try runArrayKernel("SplitV", [c, int32s([-1, 2]), HostTensor(scalar: Int32(1))])
        #expect(parts.map(\.shape) == [[2, 1], [2, 2]])
        #expect(parts[1].int32s == [3, 4, 5, 6])
    }

    @Test func emptyTensorsFlowThrough() throws {
        let empty = try HostTensor([] as [Float], shape: [0, 2])
        let tiled = try runArrayKernel("Tile", [empty, int32s([3, 2])])[0]
        #expect(tiled.shape == [0, 4])
        let padded = try runArrayKernel(
            "PadV2", [empty, try HostTensor([1, 0, 0, 1] as [Int32], shape: [2, 2]), HostTensor(scalar: Float(7))])[0]
        #expect(padded.shape == [1, 3])
        #expect(padded.floats == [7, 7, 7])
        let gathered = try runArrayKernel("GatherV2", [empty, HostTensor([] as [Int32]), HostTensor(scalar: Int32(0))])[0]
        #expect(gathered.shape == [0, 2])
    }

    @Test func stridedSliceEllipsisAndNewAxis() throws {
        let x = try HostTensor((0..<24).map { Int32($0) }, shape: [2, 3, 4])
        // x[..., ::-2, tf.newaxis] on the last two dimensions: ellipsis bit 0, new axis bit 2.
        let y = try runArrayKernel(
            "StridedSlice", [x, int32s([0, 0, 0]), int32s([0, 0, 0]), int32s([1, -2, 1])],
            attrs: ["ellipsis_mask": .int(1), "begin_mask": .int(2), "end_mask": .int(2), "new_axis_mask": .int(4)])[0]
        #expect(y.shape == [2, 3, 2, 1])
        #expect(Array(y.int32s!.prefix(4)) == [3, 1, 7, 5])
    }

    @Test func rangeMatchesTensorFlow() throws {
        let ints = try runArrayKernel("Range", [HostTensor(scalar: Int32(10)), HostTensor(scalar: Int32(1)), HostTensor(scalar: Int32(-3))])[0]
        #expect(ints.int32s == [10, 7, 4])
        let floats = try runArrayKernel("Range", [HostTensor(scalar: Float(0)), HostTensor(scalar: Float(1)), HostTensor(scalar: Float(0.25))])[0]
        #expect(floats.floats == [0, 0.25, 0.5, 0.75])
        let none = try runArrayKernel("Range", [HostTensor(scalar: Int64(3)), HostTensor(scalar: Int64(3)), HostTensor(scalar: Int64(1))])[0]
        #expect(none.shape == [0])
    }

    @Test func broadcastToRepeatsAlongNewAndUnitDimensions() throws {
        let x = try HostTensor([1, 2, 3] as [Int32], shape: [3, 1])
        let y = try runArrayKernel("BroadcastTo", [x, int32s([2, 3, 2])])[0]
        #expect(y.shape == [2, 3, 2])
        #expect(y.int32s == [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3])
    }

    @Test func oneHotWithStringsAndAxis() throws {
        let indices = try HostTensor([0, 2] as [Int64], shape: [2])
        let y = try runArrayKernel(
            "OneHot", [indices, HostTensor(scalar: Int32(3)), HostTensor(scalar: "on"), HostTensor(scalar: "off")],
            attrs: ["axis": .int(0)])[0]
        #expect(y.shape == [3, 2])
        #expect(y.scalars(as: String.self) == ["on", "off", "off", "off", "off", "on"])
    }

    @Test func gatherWithBatchDims() throws {
        let params = try HostTensor((0..<6).map { Int32($0) }, shape: [2, 3])
        let indices = try HostTensor([2, 0, 1, 1] as [Int32], shape: [2, 2])
        let y = try runArrayKernel(
            "GatherV2", [params, indices, HostTensor(scalar: Int32(1))], attrs: ["batch_dims": .int(1)])[0]
        #expect(y.shape == [2, 2])
        #expect(y.int32s == [2, 0, 4, 4])
    }

    @Test func unpackAndPackRoundTrip() throws {
        let x = try HostTensor((0..<6).map { Double($0) }, shape: [2, 3])
        let parts = try runArrayKernel("Unpack", [x], attrs: ["num": .int(3), "axis": .int(1)])
        #expect(parts.map(\.doubles) == [[0, 3], [1, 4], [2, 5]])
        let packed = try runArrayKernel("Pack", parts, attrs: ["N": .int(3), "axis": .int(1)])[0]
        #expect(packed.shape == [2, 3])
        #expect(packed.doubles == x.doubles)
    }
}
