import Foundation

/// Whether the float GEMM may run the 16-wide kernel of `ScopeFlowWideKernels`.
///
/// That module is compiled for AVX2 + FMA on x86-64, so it may only run on a CPU that has
/// both: on Linux the first `flags` line of `/proc/cpuinfo` must list `avx2` and `fma`, on
/// macOS `sysctl` must report `hw.optional.avx2_0` and `hw.optional.fma`. On arm64 the module
/// is plain NEON and always usable; on other architectures the baseline kernel runs.
/// `SCOPEFLOW_SIMD=baseline` forces the baseline kernel on any CPU. Read once, on first use.
enum SIMDSupport {
    /// True when the wide kernel may run (and `SCOPEFLOW_SIMD` does not say `baseline`).
    static let wideKernel = !baselineForced && cpuRunsWideKernel()

    /// `SCOPEFLOW_SIMD=baseline` (any case) was set.
    private static var baselineForced: Bool {
        ProcessInfo.processInfo.environment["SCOPEFLOW_SIMD"]?.lowercased() == "baseline"
    }

    /// Whether the first `flags` line of `/proc/cpuinfo` text lists both `avx2` and `fma`.
    static func cpuinfoHasAVX2AndFMA(_ cpuinfo: String) -> Bool {
        guard let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
            let colon = line.firstIndex(of: ":")
        else { return false }
        let flags = Set(line[line.index(after: colon)...].split(separator: " "))
        return flags.contains("avx2") && flags.contains("fma")
    }

    private static func cpuRunsWideKernel() -> Bool {
        #if arch(arm64)
        return true
        #elseif arch(x86_64) && os(Linux)
        return (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)).map(cpuinfoHasAVX2AndFMA) ?? false
        #elseif arch(x86_64) && canImport(Darwin)
        return sysctlFlag("hw.optional.avx2_0") && sysctlFlag("hw.optional.fma")
        #else
        return false
        #endif
    }

    #if arch(x86_64) && canImport(Darwin)
    /// A `hw.optional.*` integer that `sysctlbyname` reports as nonzero; false when it is missing.
    private static func sysctlFlag(_ name: String) -> Bool {
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        return sysctlbyname(name, &value, &size, nil, 0) == 0 && value != 0
    }
    #endif
}
