import Synchronization

/// How ScopeFlow's CPU runtime runs in this process, as the application chooses it.
///
/// ScopeFlow reads no environment variable and changes no process-wide setting on its own: the
/// defaults search for a system BLAS, pick the widest vector kernels the CPU runs, compile plans,
/// and leave malloc and the environment as they are. An application that wants something else
/// sets it once, before its first ``Session`` runs anything:
///
/// ```swift
/// var options = RuntimeOptions()
/// options.tunesMalloc = true          // keep a run's freed memory for the next run (glibc)
/// options.systemBLAS = .off           // pure-Swift matrix products
/// try RuntimeOptions.configure(options)
/// ```
///
/// The `scopeflow` command line tool sets them from its `SCOPEFLOW_*` environment variables.
public struct RuntimeOptions: Sendable, Equatable {
    /// Where large matrix products may go.
    public enum SystemBLAS: Sendable, Equatable {
        /// Look for `libopenblas.so.0`, `libopenblas.so` or `libblas.so.3` with `cblas_sgemm`.
        case search
        /// Never load a system BLAS: every product runs in Swift.
        case off
        /// Load this library file (a path), and no other.
        case library(String)
    }

    /// Which vector kernels may run, at most; a CPU without the instructions never runs them.
    public enum VectorKernels: String, Sendable, Equatable, CaseIterable {
        /// AVX-512 where the CPU has it, else AVX2 + FMA where it has those, else portable code.
        case automatic
        /// AVX2 + FMA at most: the AVX-512 kernels stay off.
        case avx2
        /// The portable kernels only.
        case baseline
    }

    /// Where large matrix products may go (default: ``SystemBLAS/search``).
    public var systemBLAS: SystemBLAS = .search
    /// Which vector kernels may run (default: ``VectorKernels/automatic``).
    public var vectorKernels: VectorKernels = .automatic
    /// Whether a session compiles a float32 run signature after its first run (default: true).
    /// ``Session/init(graph:compilesPlans:)`` can turn it off for one session.
    public var compilesPlans = true
    /// Whether the first ``Session`` raises glibc's malloc trim threshold to 256 MiB and fixes its
    /// mmap threshold at 32 MiB, so the memory a run frees stays in the process for the next run
    /// (a third of the seed RNN's training step went to faulting pages in again). It changes the
    /// whole process's allocator, so it is off unless the application asks. Default: false.
    public var tunesMalloc = false
    /// Whether loading OpenBLAS on a CPU with AVX-512 sets `OPENBLAS_CORETYPE=SkylakeX` for the
    /// duration of the load (unless the variable is already set), so OpenBLAS runs its AVX-512
    /// kernels on CPUs its own table does not know. It touches the process environment, so it is
    /// off unless the application asks. Default: false.
    public var hintsOpenBLASCore = false

    /// The defaults.
    public init() {}

    /// The options this process runs with. Reading them starts the runtime: later calls to
    /// ``configure(_:)`` with other options fail.
    public static var current: RuntimeOptions {
        registry.withLock { registry in
            registry.started = true
            return registry.options
        }
    }

    /// Sets the options for this process.
    ///
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` when the runtime already started with
    ///   other options (a session ran, or a kernel was chosen): the kernels, the BLAS and malloc are
    ///   set up once per process.
    public static func configure(_ options: RuntimeOptions) throws {
        try registry.withLock { registry in
            guard !registry.started || registry.options == options else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "RuntimeOptions.configure was called after the runtime started with other options; "
                        + "call it once, before the first Session runs or any kernel is chosen.")
            }
            registry.options = options
        }
    }

    private struct Registry {
        var options = RuntimeOptions()
        var started = false
    }

    private static let registry = Mutex(Registry())
}
