import Testing
@testable import ScopeFlow

extension Trait where Self == ConditionTrait {
    /// Runs a test only when a system BLAS was loaded; otherwise the test is
    /// reported as skipped, naming what to install.
    static var needsSystemBLAS: Self {
        .enabled(
            if: SystemBLAS.shared != nil,
            Comment(
                rawValue: "no system BLAS (libopenblas.so.0, libopenblas.so or libblas.so.3 with "
                    + "cblas_sgemm) was found or RuntimeOptions.systemBLAS is off; install libopenblas0-pthread to run the BLAS path"))
    }
}
