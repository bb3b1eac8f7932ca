import Foundation
import Testing
@testable import ScopeFlow

/// How the system BLAS is loaded: OpenBLAS's kernels on an AVX-512 CPU, and an environment
/// left as it was.
@Suite struct SystemBLASTests {
    /// An OpenBLAS loaded with the core hint runs its AVX-512 kernels, whatever its own CPU table
    /// says about this CPU (Debian's 0.3.21 takes a family 6 model 207 Xeon for a "Prescott").
    @Test(
        .enabled(
            if: SystemBLAS.shared.map { $0.coreHinted && $0.coreName != nil } ?? false,
            "the system BLAS is not OpenBLAS, or the core hint was not asked for (RuntimeOptions.hintsOpenBLASCore) or not needed, or the CPU lacks AVX-512"))
    func hintedOpenBLASRunsItsAVX512Kernels() throws {
        let blas = try #require(SystemBLAS.shared)
        #expect(blas.runsAVX512Kernels, "OpenBLAS chose \(blas.coreName ?? "")")
    }

    /// The hint is set only where the CPU has the AVX-512 flags the kernels need, and removed
    /// from the environment once the library is loaded.
    @Test(.needsSystemBLAS) func coreHintIsRemovedAfterLoading() throws {
        let blas = try #require(SystemBLAS.shared)
        #expect(!blas.coreHinted || SIMDSupport.cpuHasAVX512)
        if blas.coreHinted { #expect(getenv("OPENBLAS_CORETYPE") == nil) }
    }

    /// OpenBLAS's names for its kernels are compared without regard to case.
    @Test func avx512CoreNamesIgnoreCase() {
        func blas(_ core: String?) -> SystemBLAS {
            SystemBLAS(
                library: "test", sgemm: { _, _, _, _, _, _, _, _, _, _, _, _, _, _ in }, dgemm: nil, coreName: core,
                coreHinted: false)
        }
        #expect(blas("SkylakeX").runsAVX512Kernels)
        #expect(blas("COOPERLAKE").runsAVX512Kernels)
        #expect(!blas("Prescott").runsAVX512Kernels)
        #expect(!blas("Haswell").runsAVX512Kernels)
        #expect(!blas(nil).runsAVX512Kernels)
    }
}
