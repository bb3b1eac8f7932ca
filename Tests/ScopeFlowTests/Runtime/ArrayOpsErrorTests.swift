import Testing
@testable import ScopeFlow

/// Bad inputs to array kernels throw a ``ScopeFlowError`` naming the op, never trap.
@Suite struct ArrayOpsErrorTests {
    /// The error `body` throws, or nil.
    private func error(_ body: () throws -> [HostTensor]) -> ScopeFlowError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? ScopeFlowError
        }
    }

    private let x = try! HostTensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])

    @Test func reshapeCountMismatch() {
        let e = error { try runArrayKernel("Reshape", [x, int32s([4])]) }
        #expect(e?.code == .shapeMismatch)
        #expect(e?.message.contains("Cannot reshape a tensor with 6 elements to shape [4] (4 elements)") == true)
        #expect(e?.names == ["test_op"])
        #expect(error { try runArrayKernel("Reshape", [x, int32s([-1, -1])]) }?.code == .invalidArgument)
        #expect(error { try runArrayKernel("Reshape", [x, int32s([4, -1])]) }?.code == .shapeMismatch)
    }

    @Test func badPermutationAndAxis() {
        #expect(error { try runArrayKernel("Transpose", [x, int32s([0, 0])]) }?.code == .invalidArgument)
        #expect(error { try runArrayKernel("Transpose", [x, int32s([0])]) }?.code == .invalidArgument)
        #expect(error { try runArrayKernel("ExpandDims", [x, HostTensor(scalar: Int32(3))]) }?.code == .invalidArgument)
        #expect(error { try runArrayKernel("Transpose", [x, HostTensor([1, 0] as [Float])]) }?.code == .dtypeMismatch)
    }

    @Test func squeezeOfNonUnitDimension() {
        let e = error { try runArrayKernel("Squeeze", [x], attrs: ["squeeze_dims": .ints([1])]) }
        #expect(e?.code == .shapeMismatch)
        #expect(e?.message.contains("Can not squeeze dim[1]") == true)
    }

    @Test func gatherIndexOutOfRange() {
        let e = error {
            try runArrayKernel("GatherV2", [x, HostTensor([0, 2] as [Int32]), HostTensor(scalar: Int32(0))])
        }
        #expect(e?.code == .invalidArgument)
        #expect(e?.message.contains("indices[1] = 2 is not in [0, 2)") == true)
    }

    @Test func mismatchedJoinInputs() {
        let ints = try! HostTensor([1, 2, 3] as [Int32], shape: [1, 3])
        let concat = error { try runArrayKernel("ConcatV2", [x, ints, HostTensor(scalar: Int32(0))], attrs: ["N": .int(2)]) }
        #expect(concat?.code == .dtypeMismatch)
        let wrong = try! HostTensor([1, 2] as [Float], shape: [1, 2])
        let pack = error { try runArrayKernel("Pack", [x, wrong], attrs: ["N": .int(2)]) }
        #expect(pack?.code == .shapeMismatch)
        #expect(error { try runArrayKernel("Split", [HostTensor(scalar: Int32(1)), x], attrs: ["num_split": .int(2)]) } != nil)
        #expect(error { try runArrayKernel("ConcatV2", [x], attrs: ["N": .int(2)]) }?.code == .invalidArgument)
    }

    @Test func sliceOutOfBounds() {
        #expect(error { try runArrayKernel("Slice", [x, int32s([1, 0]), int32s([2, 1])]) }?.code == .invalidArgument)
        let shrink = error {
            try runArrayKernel(
                "StridedSlice", [x, int32s([5]), int32s([6]), int32s([1])], attrs: ["shrink_axis_mask": .int(1)])
        }
        #expect(shrink?.message.contains("out of bounds") == true)
        #expect(error { try runArrayKernel("StridedSlice", [x, int32s([0]), int32s([1]), int32s([0])]) } != nil)
    }

    @Test func absurdShapesAreRejectedBeforeAllocating() {
        let huge = HostTensor([1 << 40, 1 << 40] as [Int64])
        #expect(error { try runArrayKernel("Fill", [huge, HostTensor(scalar: Float(0))]) }?.code == .invalidArgument)
        #expect(error { try runArrayKernel("Tile", [x, HostTensor([Int64(1) << 62, 1] as [Int64])]) } != nil)
        #expect(error { try runArrayKernel("Fill", [int32s([-1]), HostTensor(scalar: Float(0))]) } != nil)
    }

    @Test func mirrorPadAndRangeLimits() {
        let paddings = try! HostTensor([0, 0, 3, 0] as [Int32], shape: [2, 2])
        let reflect = error { try runArrayKernel("MirrorPad", [x, paddings], attrs: ["mode": .string("REFLECT")]) }
        #expect(reflect?.code == .invalidArgument)
        let range = error {
            try runArrayKernel("Range", [HostTensor(scalar: Int32(0)), HostTensor(scalar: Int32(5)), HostTensor(scalar: Int32(0))])
        }
        #expect(range?.message.contains("Requires delta != 0") == true)
        let backwards = error {
            try runArrayKernel("Range", [HostTensor(scalar: Int32(5)), HostTensor(scalar: Int32(0)), HostTensor(scalar: Int32(1))])
        }
        #expect(backwards?.code == .invalidArgument)
    }
}
