import Foundation

/// Whether the float GEMM may run the 16-wide kernel of `ScopeFlowSIMDKernels` (its wide set).
///
/// That set is compiled for AVX2 + FMA on x86-64, so it may only run on a CPU that has
/// both: on Linux the first `flags` line of `/proc/cpuinfo` must list `avx2` and `fma`, on
/// macOS `sysctl` must report `hw.optional.avx2_0` and `hw.optional.fma`. On arm64 the set
/// is plain NEON and always usable; on other architectures the baseline kernel runs.
/// ``RuntimeOptions/vectorKernels`` `.baseline` forces the baseline kernel on any CPU. Read once, on first use.
///
/// The AVX-512 set of `ScopeFlowSIMDKernels` (the direct float32 convolution and the tiled
/// GEMM) is gated the same way on ``avx512Flags``; `.avx2` turns only it off, `.baseline` both.
enum SIMDSupport {
    /// True when the wide kernel may run (and the options do not say `.baseline`).
    static let wideKernel = !baselineForced && cpuRunsWideKernel()

    /// True when the AVX-512 kernels may run (x86-64 only; the options say `.automatic`).
    static let avx512Kernel = wideKernel && RuntimeOptions.current.vectorKernels == .automatic && cpuHasAVX512

    /// Whether the CPU itself has ``avx512Flags``, whatever the options say.
    static let cpuHasAVX512 = cpuRunsAVX512Kernel()

    /// The `/proc/cpuinfo` flags the AVX-512 set of `ScopeFlowSIMDKernels` may use (those of
    /// `skylake-avx512`).
    static let avx512Flags = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx2", "fma", "bmi2"]

    /// The options allow the portable kernels only.
    private static var baselineForced: Bool { RuntimeOptions.current.vectorKernels == .baseline }

    /// Whether the first `flags` line of `/proc/cpuinfo` text lists both `avx2` and `fma`.
    static func cpuinfoHasAVX2AndFMA(_ cpuinfo: String) -> Bool {
        cpuinfoFlags(cpuinfo, include: ["avx2", "fma"])
    }

    /// Whether the first `flags` line of `/proc/cpuinfo` text lists every one of `required`.
    static func cpuinfoFlags(_ cpuinfo: String, include required: [String]) -> Bool {
        guard let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
            let colon = line.firstIndex(of: ":")
        else { return false }
        let flags = Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        return required.allSatisfy(flags.contains)
    }

    private static func cpuRunsAVX512Kernel() -> Bool {
        #if arch(x86_64) && os(Linux)
        return (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)).map { cpuinfoFlags($0, include: avx512Flags) }
            ?? false
        #elseif arch(x86_64) && canImport(Darwin)
        return ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "bmi2"].allSatisfy {
            sysctlFlag("hw.optional.\($0)")
        }
        #else
        return false
        #endif
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
