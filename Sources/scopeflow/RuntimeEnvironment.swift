import Foundation
import ScopeFlow

/// The one place ScopeFlow's environment variables are read: the command line tool turns them
/// into ``RuntimeOptions`` before any command runs.
///
/// | variable | effect |
/// |---|---|
/// | `SCOPEFLOW_BLAS` | `off` (or `0`, `false`, `no`): no system BLAS; a path: that library only |
/// | `SCOPEFLOW_SIMD` | `avx2`: no AVX-512 kernels; `baseline`: portable kernels only |
/// | `SCOPEFLOW_COMPILED_PLANS` | `off`: every plan stays on the interpreter |
/// | `SCOPEFLOW_MALLOC_TUNING` | `off`: leave glibc's malloc as it is (the tool tunes it otherwise) |
/// | `SCOPEFLOW_BLAS_CORE_HINT` | `off`: load OpenBLAS without the `SkylakeX` core hint (the tool gives it otherwise) |
///
/// The tool, unlike the library, turns the process-wide tunings on by default: it owns its process.
enum RuntimeEnvironment {
    /// The options `environment` asks for.
    static func options(from environment: [String: String]) -> RuntimeOptions {
        var options = RuntimeOptions()
        if let blas = environment["SCOPEFLOW_BLAS"] {
            if isOff(blas) {
                options.systemBLAS = .off
            } else if blas.contains("/") {
                options.systemBLAS = .library(blas)
            }
        }
        switch environment["SCOPEFLOW_SIMD"]?.lowercased() {
        case "avx2": options.vectorKernels = .avx2
        case "baseline": options.vectorKernels = .baseline
        default: break
        }
        options.compilesPlans = !isOff(environment["SCOPEFLOW_COMPILED_PLANS"])
        options.tunesMalloc = !isOff(environment["SCOPEFLOW_MALLOC_TUNING"])
        options.hintsOpenBLASCore = !isOff(environment["SCOPEFLOW_BLAS_CORE_HINT"])
        return options
    }

    /// Configures the runtime from this process's environment.
    static func configure() throws {
        try RuntimeOptions.configure(options(from: ProcessInfo.processInfo.environment))
    }

    /// The tunings in force, for benchmark reports: `malloc_tuning` and `blas_core_hint`.
    static var tuningReport: [(String, Bool)] {
        let options = RuntimeOptions.current
        return [("malloc_tuning", options.tunesMalloc), ("blas_core_hint", options.hintsOpenBLASCore)]
    }

    /// True for `off`, `0`, `false` or `no`, in any case.
    private static func isOff(_ setting: String?) -> Bool {
        guard let setting else { return false }
        return ["off", "0", "false", "no"].contains(setting.lowercased())
    }
}
