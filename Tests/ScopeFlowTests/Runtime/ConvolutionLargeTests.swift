import Testing
@testable import ScopeFlow

/// Conv2D and both backprops on inputs big enough that im2col and col2im
/// split their chunks over the cores, on each GEMM backend, against a direct
/// summation of the convolution written out in the test. `.tiles` takes the direct
/// AVX-512 path wherever the CPU has it (float32, no dilation; input gradients at stride 1),
/// the others the im2col GEMMs: the cases below reach tiles of 14, 8, 4, 2 and 1 rows, 32-column
/// panels cut short (3, 5, 40 filters) and the strided and dilated fallbacks.
@Suite struct ConvolutionLargeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let input: [Int]
        let filter: [Int]
        let stride: Int
        let dilation: Int
        let same: Bool
        var testDescription: String { "\(input) * \(filter) stride \(stride) dilation \(dilation) \(same ? "SAME" : "VALID")" }
    }

    static let cases = [
        Case(input: [2, 20, 20, 4], filter: [5, 5, 4, 3], stride: 1, dilation: 1, same: true),
        Case(input: [2, 40, 40, 4], filter: [5, 5, 4, 3], stride: 2, dilation: 1, same: true),
        Case(input: [2, 20, 20, 4], filter: [3, 3, 4, 5], stride: 1, dilation: 2, same: true),
        Case(input: [3, 24, 22, 8], filter: [3, 3, 8, 4], stride: 1, dilation: 1, same: false),
        Case(input: [1, 12, 22, 32], filter: [3, 3, 32, 32], stride: 1, dilation: 1, same: true),
        Case(input: [2, 9, 11, 3], filter: [5, 5, 3, 40], stride: 1, dilation: 1, same: true),
        Case(input: [2, 15, 17, 5], filter: [4, 2, 5, 33], stride: 2, dilation: 1, same: false),
    ]

    /// Output size and leading padding along one dimension.
    static func extent(_ size: Int, _ kernel: Int, _ c: Case) -> (out: Int, pad: Int) {
        let effective = (kernel - 1) * c.dilation + 1
        guard c.same else { return ((size - effective) / c.stride + 1, 0) }
        let out = (size + c.stride - 1) / c.stride
        return (out, max((out - 1) * c.stride + effective - size, 0) / 2)
    }

    /// Calls `body(n, oh, ow, ih, iw, kh, kw)` for every in-bounds (output pixel, filter tap) pair.
    static func forEachTap(_ c: Case, _ body: (Int, Int, Int, Int, Int, Int, Int) -> Void) {
        let h = extent(c.input[1], c.filter[0], c), (wOut, wPad) = extent(c.input[2], c.filter[1], c)
        for n in 0..<c.input[0] {
            for oh in 0..<h.out {
                for ow in 0..<wOut {
                    for kh in 0..<c.filter[0] {
                        for kw in 0..<c.filter[1] {
                            let ih = oh * c.stride - h.pad + kh * c.dilation, iw = ow * c.stride - wPad + kw * c.dilation
                            if ih >= 0 && ih < c.input[1] && iw >= 0 && iw < c.input[2] { body(n, oh, ow, ih, iw, kh, kw) }
                        }
                    }
                }
            }
        }
    }

    static func values(_ count: Int, seed: Int) -> [Float] {
        GemmTests.matrix(count, seed: UInt64(seed)).map { Float($0) }
    }

    static func worst(_ got: HostTensor, _ want: [Double]) throws -> Double {
        let values = try #require(got.floats)
        try #require(values.count == want.count)
        let scale = max(want.map(abs).max() ?? 1, 1)
        return zip(values, want).map { abs(Double($0) - $1) }.max().map { $0 / scale } ?? 0
    }

    @Test(arguments: cases)
    func matchesDirectSummationOnSwiftGemm(_ c: Case) throws {
        try Self.check(c, gemm: .swift)
    }

    @Test(arguments: cases)
    func matchesDirectSummationOnTiles(_ c: Case) throws {
        try Self.check(c, gemm: .tiles)
    }

    @Test(arguments: cases)
    func matchesDirectSummationOnBaselineGemm(_ c: Case) throws {
        try Self.check(c, gemm: .swiftBaseline)
    }

    @Test(.needsSystemBLAS, arguments: cases)
    func matchesDirectSummationOnSystemBLAS(_ c: Case) throws {
        try Self.check(c, gemm: .system)
    }

    /// Runs the three kernels on `gemm` and compares them with the direct sums.
    static func check(_ c: Case, gemm: GemmBackend) throws {
        let (cin, cout) = (c.filter[2], c.filter[3])
        let (outH, outW) = (extent(c.input[1], c.filter[0], c).out, extent(c.input[2], c.filter[1], c).out)
        let outShape = [c.input[0], outH, outW, cout]
        let x = values(c.input.reduce(1, *), seed: 11), f = values(c.filter.reduce(1, *), seed: 12)
        let dy = values(outShape.reduce(1, *), seed: 13)
        var y = [Double](repeating: 0, count: dy.count), dx = [Double](repeating: 0, count: x.count)
        var df = [Double](repeating: 0, count: f.count)
        forEachTap(c) { n, oh, ow, ih, iw, kh, kw in
            let xBase = ((n * c.input[1] + ih) * c.input[2] + iw) * cin
            let yBase = ((n * outH + oh) * outW + ow) * cout
            for ci in 0..<cin {
                let fBase = ((kh * c.filter[1] + kw) * cin + ci) * cout
                for o in 0..<cout {
                    y[yBase + o] += Double(x[xBase + ci]) * Double(f[fBase + o])
                    dx[xBase + ci] += Double(dy[yBase + o]) * Double(f[fBase + o])
                    df[fBase + o] += Double(x[xBase + ci]) * Double(dy[yBase + o])
                }
            }
        }
        let attrs: AttrMap = [
            "strides": .ints([1, c.stride, c.stride, 1]), "dilations": .ints([1, c.dilation, c.dilation, 1]),
            "padding": .string(c.same ? "SAME" : "VALID"),
        ]
        func run(_ type: String, _ inputs: [HostTensor]) throws -> HostTensor {
            try OpRegistry.kernel(for: KernelContext(opType: type, opName: "conv", attrs: attrs, gemm: gemm))(inputs)[0]
        }
        let xt = try HostTensor(x, shape: c.input), ft = try HostTensor(f, shape: c.filter)
        let dyt = try HostTensor(dy, shape: outShape)
        let forward = try run("Conv2D", [xt, ft])
        let inputGrad = try run("Conv2DBackpropInput", [HostTensor(c.input.map(Int32.init)), ft, dyt])
        let filterGrad = try run("Conv2DBackpropFilter", [xt, HostTensor(c.filter.map(Int32.init)), dyt])
        #expect(forward.shape == outShape)
        #expect(try worst(forward, y) < 1e-5)
        #expect(try worst(inputGrad, dx) < 1e-5)
        #expect(try worst(filterGrad, df) < 1e-5)
    }
}
