import Testing
@testable import ScopeFlow

/// The kernels TF's gradients use: `FloorDiv`/`FloorMod`, `ConcatOffset` and
/// `StridedSliceGrad`, against TF 2.21's values, and their errors.
@Suite struct GradientKernelTests {
    private func run(_ type: String, _ inputs: [HostTensor], attrs: AttrMap = [:]) throws -> [HostTensor] {
        try OpRegistry.kernel(for: KernelContext(opType: type, opName: "op", attrs: attrs))(inputs)
    }

    @Test func floorDivisionRoundsTowardMinusInfinity() throws {
        let (a, b) = (HostTensor([Int32]([-7, 7, -7, 7])), HostTensor([Int32]([2, 2, -2, -2])))
        #expect(try run("FloorDiv", [a, b])[0].int32s == [-4, 3, 3, -4])
        #expect(try run("FloorMod", [a, b])[0].int32s == [1, 1, -1, -1])
        let (x, y) = (HostTensor([Double]([-7.5, 7.5])), HostTensor([Double]([2, -2])))
        #expect(try run("FloorDiv", [x, y])[0].doubles == [-4, -4])
        #expect(try run("FloorMod", [x, y])[0].doubles == [0.5, -0.5])
        let error = #expect(throws: ScopeFlowError.self) { try run("FloorMod", [a, HostTensor([Int32]([1, 0, 1, 1]))]) }
        #expect(error?.code == .invalidArgument)
    }

    @Test func concatOffsetRunsAlongTheAxis() throws {
        let shapes = [[2, 3], [2, 5], [2, 1]].map { HostTensor($0.map(Int32.init)) }
        let axis = HostTensor(scalar: Int32(1))
        #expect(try run("ConcatOffset", [axis] + shapes).map(\.int32s) == [[0, 0], [0, 3], [0, 8]])
        let error = #expect(throws: ScopeFlowError.self) { try run("ConcatOffset", [axis, shapes[0], HostTensor([Int32]([3, 5]))]) }
        #expect(error?.code == .shapeMismatch)
    }

    @Test func stridedSliceGradWritesWhereTheSliceReads() throws {
        let attrs: AttrMap = ["begin_mask": .int(1), "end_mask": .int(1)]
        let indices = [[3, 4], [0, 1], [0, 3], [-1, 1]].map { HostTensor($0.map(Int32.init)) }
        let dy = try HostTensor([Float]([1, 2, 3, 4, 5, 6]), shape: [3, 2])
        let out = try run("StridedSliceGrad", indices + [dy], attrs: attrs)[0]
        #expect(out.shape == [3, 4])
        #expect(out.floats == [0, 5, 6, 0, 0, 3, 4, 0, 0, 1, 2, 0])
        let error = #expect(throws: ScopeFlowError.self) {
            try run("StridedSliceGrad", indices + [HostTensor([Float]([1, 2]), shape: [1, 2])], attrs: attrs)
        }
        #expect(error?.code == .shapeMismatch)
    }
}
