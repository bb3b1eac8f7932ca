#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// Keeps glibc's malloc from handing a run's memory back to the kernel after
/// every run.
///
/// A run allocates its values and frees them all at the end. With glibc's
/// defaults the freed top of the heap is trimmed once it passes 128 KiB, so
/// the next run faults the same pages in again (for the seed RNN's training
/// step that cost about a third of the time), and tensors over the dynamic
/// mmap threshold are mapped and unmapped per run. When the application asks
/// (``RuntimeOptions/tunesMalloc``), the first ``Session`` therefore raises the
/// trim threshold to 256 MiB and fixes the mmap threshold at 32 MiB (glibc's own
/// upper bound for it). Memory a run freed stays in the process for the next run,
/// as in a TF process with its own allocator.
///
/// It applies to the whole process, once, and only when asked. Other C libraries
/// are left alone.
enum MallocTuning {
    /// Applies the tuning the first time it is read.
    static let applied: Bool = {
        guard RuntimeOptions.current.tunesMalloc else { return false }
        #if canImport(Glibc)
            // `mallopt` is declared in <malloc.h>, which the Glibc module leaves out.
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
            let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
            return mallopt(trimThreshold, 256 << 20) == 1 && mallopt(mmapThreshold, 32 << 20) == 1
        #else
            return false
        #endif
    }()

    /// `int mallopt(int param, int value)`: 1 on success.
    private typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    /// glibc's `M_TRIM_THRESHOLD`.
    private static let trimThreshold: Int32 = -1
    /// glibc's `M_MMAP_THRESHOLD`.
    private static let mmapThreshold: Int32 = -3
}
