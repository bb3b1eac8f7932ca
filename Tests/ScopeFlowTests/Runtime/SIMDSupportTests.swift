import Foundation
import Testing
@testable import ScopeFlow

/// The `/proc/cpuinfo` check that gates the AVX2 + FMA kernel on Linux.
@Suite struct SIMDSupportTests {
    static let prefix = "processor\t: 0\nvendor_id\t: AuthenticAMD\n"

    @Test func acceptsFlagsWithAVX2AndFMA() {
        #expect(SIMDSupport.cpuinfoHasAVX2AndFMA(Self.prefix + "flags\t\t: fpu sse2 fma avx avx2 avx512f\nbogomips\t: 5000\n"))
        #expect(SIMDSupport.cpuinfoHasAVX2AndFMA("flags\t\t: avx2 fma"))
    }

    @Test func rejectsFlagsMissingEither() {
        #expect(!SIMDSupport.cpuinfoHasAVX2AndFMA(Self.prefix + "flags\t\t: fpu sse2 avx avx2\n"))
        #expect(!SIMDSupport.cpuinfoHasAVX2AndFMA(Self.prefix + "flags\t\t: fpu sse2 fma avx\n"))
        // FMA4 and AVX-512 flags are not the ones the kernel was compiled for.
        #expect(!SIMDSupport.cpuinfoHasAVX2AndFMA(Self.prefix + "flags\t\t: fma4 avx avx512f\n"))
    }

    /// Only the first `flags` line counts; text with no `flags` line (another architecture) is a no.
    @Test func readsTheFirstFlagsLineOnly() {
        #expect(!SIMDSupport.cpuinfoHasAVX2AndFMA("flags\t\t: sse2\nflags\t\t: avx2 fma\n"))
        #expect(!SIMDSupport.cpuinfoHasAVX2AndFMA("processor\t: 0\nFeatures\t: fp asimd avx2 fma\n"))
        #expect(!SIMDSupport.cpuinfoHasAVX2AndFMA(""))
    }

    /// The AVX-512 tiles need every feature `skylake-avx512` code may use.
    @Test func avx512NeedsEveryFlagItWasCompiledFor() {
        let all = "flags\t\t: fpu avx avx2 fma bmi2 avx512f avx512cd avx512bw avx512dq avx512vl avx512vnni\n"
        #expect(SIMDSupport.cpuinfoFlags(all, include: SIMDSupport.avx512Flags))
        for missing in SIMDSupport.avx512Flags {
            let fewer = all.replacingOccurrences(of: " \(missing) ", with: " ")
            #expect(!SIMDSupport.cpuinfoFlags(fewer, include: SIMDSupport.avx512Flags), "without \(missing)")
        }
        // AVX-512F alone (Knights Landing has no BW/DQ/VL) is not enough.
        #expect(!SIMDSupport.cpuinfoFlags("flags\t\t: avx2 fma bmi2 avx512f avx512cd\n", include: SIMDSupport.avx512Flags))
    }
}
