import Testing

@testable import ScopeFlow

/// The direct convolution's epilogue on each ``TileKernels`` this CPU runs gives, bit for bit, the
/// element functions of the graph ops it stands in for (`Add` of the bias, then `Relu`; or
/// `ReluGrad`), on values that include NaNs (quiet and signaling), infinities and zeros of both
/// signs, for channel counts with and without a vector's worth per pixel and a partial last one.
/// A NaN result is compared as NaN, not by its bits: when both addends are NaNs, which one's sign
/// and payload the sum carries is up to the compiler (LLVM treats `fadd` as commutative, and its
/// AVX-512 code for the epilogue adds in the other order than the Swift `Add`).
@Suite struct ConvolutionEpilogueTests {
    /// Awkward values first, then ordinary ones of both signs.
    static func values(_ count: Int, seed: Int) -> [Float] {
        let special: [Float] = [
            .nan, Float(bitPattern: 0x7FA0_0000), -.nan, .infinity, -.infinity, 0, -0, 1, -1,
            .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
        ]
        return (0..<count).map { i in
            let k = (i &* 7 &+ seed) % 23
            return k < special.count ? special[k] : Float((i &* 37 &+ seed) % 19) - 9.25
        }
    }

    /// The bit patterns of `values`, every NaN as the default quiet NaN.
    static func bits(_ values: [Float]) -> [UInt32] {
        values.map { $0.isNaN ? Float.nan.bitPattern : $0.bitPattern }
    }

    @Test(arguments: [1, 3, 16, 21, 32, 40])
    func biasAndReluMatchTheOps(channels: Int) {
        let pixels = 5
        let input = Self.values(pixels * channels, seed: channels)
        let bias = Self.values(channels, seed: 3 * channels + 1)
        let (add, rectify) = (BinaryOps.Add(), UnaryOps.Relu())
        for (withBias, relu) in [(true, true), (true, false), (false, true)] {
            let want = input.indices.map { i -> Float in
                let biased = withBias ? add(input[i], bias[i % channels]) : input[i]
                return relu ? rectify(biased) : biased
            }
            for kernels in TileKernels.runnable {
                var got = input
                bias.withUnsafeBufferPointer { b in
                    kernels.convolutionEpilogue(
                        &got, pixels: pixels, channels: channels, bias: withBias ? b.baseAddress : nil, relu: relu,
                        features: nil)
                }
                #expect(Self.bits(got) == Self.bits(want), "\(kernels) bias \(withBias) relu \(relu)")
            }
        }
    }

    @Test(arguments: [1, 3, 16, 21, 32, 40])
    func reluGradientMatchesTheOp(channels: Int) {
        let pixels = 5
        let gradients = Self.values(pixels * channels, seed: channels + 5)
        let features = Self.values(pixels * channels, seed: 2 * channels)
        let gradient = ActivationGrads.Relu()
        let want = gradients.indices.map { gradient(gradients[$0], features[$0]) }
        for kernels in TileKernels.runnable {
            var got = gradients
            features.withUnsafeBufferPointer { f in
                kernels.convolutionEpilogue(
                    &got, pixels: pixels, channels: channels, bias: nil, relu: false, features: f.baseAddress)
            }
            #expect(got.map(\.bitPattern) == want.map(\.bitPattern), "\(kernels)")
        }
    }
}
