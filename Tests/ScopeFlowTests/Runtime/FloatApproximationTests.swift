import ScopeFlowEigenMath
import ScopeFlowSIMDKernels
import Testing

@testable import ScopeFlow

/// float32 `Tanh` and `Sigmoid` against TensorFlow 2.21's bits.
///
/// Provenance: each row is (input, `tf.math.tanh`, `tf.math.sigmoid`) as
/// float32 bit patterns, recorded with TensorFlow 2.21.0 (CPU, pip wheel) in
/// eager mode on one 40-element tensor of these inputs. No row has a
/// subnormal input or result, where TensorFlow's flush-to-zero differs.
@Suite struct FloatApproximationTests {
    private static let table: [(x: UInt32, tanh: UInt32, sigmoid: UInt32)] = [
        (0x00000000, 0x00000000, 0x3F000000),  // 0.0
        (0x80000000, 0x80000000, 0x3F000000),  // -0.0
        (0x7F800000, 0x3F800000, 0x3F800000),  // inf
        (0xFF800000, 0xBF800000, 0x00000000),  // -inf
        (0x7FC00000, 0x7FC00000, 0x7FC00000),  // nan
        (0x0DA24260, 0x0DA24260, 0x3F000000),  // 1.0000000031710769e-30
        (0x8DA24260, 0x8DA24260, 0x3F000000),  // -1.0000000031710769e-30
        (0x399D4952, 0x399D4952, 0x3F0004EA),  // 0.0003000000142492354
        (0xBA83126F, 0xBA83126C, 0x3EFFDF3B),  // -0.0010000000474974513
        (0x3DCCCCCD, 0x3DCC1EBD, 0x3F066509),  // 0.10000000149011612
        (0xBDCCCCCD, 0xBDCC1EBD, 0x3EF335ED),  // -0.10000000149011612
        (0x3E800000, 0x3E7ACBF5, 0x3F0FEACD),  // 0.25
        (0xBF000000, 0xBEEC9A9E, 0x3EC14D03),  // -0.5
        (0x3F800000, 0x3F42F7D6, 0x3F3B26A7),  // 1.0
        (0xBF800000, 0xBF42F7D6, 0x3E89B2B0),  // -1.0
        (0x3FC00000, 0x3F67B7CD, 0x3F514C8F),  // 1.5
        (0xC0200000, 0xBF7C92C2, 0x3D9B5B87),  // -2.5
        (0x40700000, 0x3F7FB78C, 0x3F7A1E28),  // 3.75
        (0xC0A00000, 0xBF7FFA0C, 0x3BDB4FB7),  // -5.0
        (0x40C66666, 0x3F7FFF78, 0x3F7F7B45),  // 6.199999809265137
        (0xC0FCCCCD, 0xBF7FFFFD, 0x39C24DE9),  // -7.900000095367432
        (0x40FE6666, 0x3F800000, 0x3F7FE8E5),  // 7.949999809265137
        (0x41080000, 0x3F800000, 0x3F7FF2AB),  // 8.5
        (0xC1100000, 0xBF800000, 0x3901637B),  // -9.0
        (0x41100000, 0x3F800000, 0x3F7FF7EA),  // 9.0
        (0xC1A00000, 0xBF800000, 0x310DA435),  // -20.0
        (0x41A00000, 0x3F800000, 0x3F800000),  // 20.0
        (0xC1800000, 0xBF800000, 0x33F1AADE),  // -16.0
        (0x41800000, 0x3F800000, 0x3F7FFFFE),  // 16.0
        (0x41851592, 0x3F800000, 0x3F800000),  // 16.63553237915039
        (0x41880000, 0x3F800000, 0x3F800000),  // 17.0
        (0xC2480000, 0xBF800000, 0x1B692BEA),  // -50.0
        (0xC2A00000, 0xBF800000, 0x05BFECBA),  // -80.0
        (0xC2D10000, 0xBF800000, 0x00000000),  // -104.5
        (0x7149F2CA, 0x3F800000, 0x3F800000),  // 1.0000000150474662e+30
        (0xF149F2CA, 0xBF800000, 0x00000000),  // -1.0000000150474662e+30
        (0x3F3B26A8, 0x3F1FABA0, 0x3F2CCF43),  // 0.7310585975646973
        (0xC0555555, 0xBF7F5966, 0x3D0D166A),  // -3.3333332538604736
        (0x414587E6, 0x3F800000, 0x3F7FFFB7),  // 12.345678329467773
        (0xBC343958, 0xBC34377D, 0x3EFE978E),  // -0.010999999940395355
    ]

    /// The kernel of `type` on the table's inputs, as one float32 tensor.
    private func run(_ type: String, _ inputs: [Float]) throws -> [Float] {
        let context = KernelContext(opType: type, opName: "op", attrs: [:])
        let output = try OpRegistry.kernel(for: context)([try HostTensor(inputs, shape: [inputs.count])])[0]
        return try #require(output.floats)
    }

    /// Bit-for-bit equal, or both NaN (TensorFlow does not promise a NaN's payload).
    private func sameBits(_ got: Float, _ want: UInt32) -> Bool {
        let expected = Float(bitPattern: want)
        return got.bitPattern == want || (got.isNaN && expected.isNaN)
    }

    @Test(arguments: ["Tanh", "Sigmoid"])
    func matchesTensorFlowBitForBit(_ type: String) throws {
        let outputs = try run(type, Self.table.map { Float(bitPattern: $0.x) })
        for (row, got) in zip(Self.table, outputs) {
            let want = type == "Tanh" ? row.tanh : row.sigmoid
            #expect(sameBits(got, want), "\(type)(\(Float(bitPattern: row.x))) = \(got)")
        }
    }

    @Test func edgeValues() throws {
        let tanh = try run("Tanh", [0, -0.0, .infinity, -.infinity, .nan])
        #expect(tanh[0].bitPattern == Float(0).bitPattern && tanh[1].bitPattern == Float(-0.0).bitPattern)
        #expect(tanh[2] == 1 && tanh[3] == -1 && tanh[4].isNaN)
        let sigmoid = try run("Sigmoid", [.infinity, -.infinity, .nan])
        #expect(sigmoid[0] == 1 && sigmoid[1] == 0 && sigmoid[2].isNaN)
    }

    /// The AVX2 buffer loops the float32 kernels use where the CPU allows give the
    /// same bits as the element functions that the baseline loops run.
    @Test(.enabled(if: SIMDSupport.wideKernel))
    func wideLoopsGiveTheBaselineBits() {
        expectBaselineBits([(wideEigenTanh, Float.eigenTanh), (wideEigenLogistic, Float.eigenLogistic)])
    }

    /// So do the AVX-512 loops that take over where the CPU has AVX-512.
    @Test(.enabled(if: SIMDSupport.avx512Kernel))
    func avx512LoopsGiveTheBaselineBits() {
        expectBaselineBits([(avx512EigenTanh, Float.eigenTanh), (avx512EigenLogistic, Float.eigenLogistic)])
    }

    private func expectBaselineBits(
        _ loops: [(loop: (UnsafeMutablePointer<Float>, Int) -> Void, element: (Float) -> Float)]
    ) {
        let all = stride(from: UInt32(0), to: 0xFFFF_0000, by: 65_521).map { Float(bitPattern: $0) } + [-104, 16.6355324]
        // Whole buffers, and short ones that end inside, at and past a vector loop's width.
        for inputs in [all] + [1, 15, 63, 64, 65, 220].map({ Array(all.suffix($0)) }) {
            for (wide, element) in loops {
                var values = inputs
                values.withUnsafeMutableBufferPointer { wide($0.baseAddress!, $0.count) }
                let differing = zip(inputs, values).filter { x, got in
                    let want = element(x)
                    return got.bitPattern != want.bitPattern && !(got.isNaN && want.isNaN)
                }
                #expect(differing.isEmpty, "\(inputs.count) floats: \(differing.prefix(3))")
            }
        }
    }

    /// float64 keeps the libm path.
    @Test func doublesUseLibm() throws {
        let x: [Double] = [-3, -0.5, 0.25, 2]
        let context = KernelContext(opType: "Tanh", opName: "op", attrs: [:])
        let output = try OpRegistry.kernel(for: context)([try HostTensor(x, shape: [4])])[0]
        #expect(output.doubles == x.map { Double.tanh($0) })
    }
}
