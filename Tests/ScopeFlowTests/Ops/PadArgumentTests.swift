import Testing

@testable import ScopeFlow

/// `pad`'s paddings are one `[before, after]` pair per dimension; any other row is an error,
/// even when the entries happen to add up to two per dimension.
@Suite struct PadArgumentTests {
    @Test func raggedPaddingsAreAnError() throws {
        try Graph().asDefault {
            let x = try placeholder(.float32, shape: [2, 3], name: "x")
            for ragged in [[[1], [2, 3, 4]], [[1, 2, 3], [4]], [[1, 1], [1]]] {
                let error = #expect(throws: ScopeFlowError.self) { try pad(x, paddings: ragged) }
                #expect(error?.code == .invalidArgument)
                #expect(error?.message.contains("[before, after] pair") == true)
            }
            #expect(try pad(x, paddings: [[1, 0], [0, 2]]).shape == [3, 5])
        }
    }
}

/// Convolutions and pooling built by name with a layout the CPU kernels do not run fail when
/// built, with the kernels' message, rather than getting NHWC shapes and failing at run time.
@Suite struct WindowLayoutTests {
    @Test func nchwIsRejectedWhereTheOpIsBuilt() throws {
        try Graph().asDefault {
            let image = try placeholder(.float32, shape: [1, 2, 5, 5], name: "image")
            let filter = try placeholder(.float32, shape: [3, 3, 2, 4], name: "filter")
            let nchw: AttrMap = ["strides": .ints([1, 1, 1, 1]), "padding": .string("SAME"), "data_format": .string("NCHW")]
            let conv = #expect(throws: ScopeFlowError.self) { try rawOp("Conv2D", inputs: [image, filter], attrs: nchw) }
            #expect(conv?.code == .unimplemented)
            #expect(conv?.message.contains("supports only NHWC") == true)
            var pooling = nchw
            pooling["ksize"] = .ints([1, 1, 2, 2])
            let pool = #expect(throws: ScopeFlowError.self) { try rawOp("MaxPool", inputs: [image], attrs: pooling) }
            #expect(pool?.code == .unimplemented)
        }
    }
}
