// Software prefetch for ScopeFlow's register tiles.
//
// The standard library has no prefetch, and a C `__builtin_prefetch` imported through a clang
// module compiles to nothing in Swift, so this module is compiled with `-parse-stdlib` to reach
// LLVM's `llvm.prefetch` intrinsic as a builtin. It holds nothing else: the rest of ScopeFlow
// stays on the public language. The functions are inlinable, so a tile's loop gets the one
// `prefetcht0` instruction, not a call.
import Swift

/// Asks the CPU to bring the cache line holding `address` into every level of cache, for reading.
///
/// A hint only: it never faults, so `address` may lie past the end of an allocation (a tile
/// prefetching a few steps ahead reads past its last row), and it changes no result.
@inlinable @inline(__always)
public func prefetchForReading(_ address: UnsafeRawPointer) {
    // llvm.prefetch(address, rw: 0 = read, locality: 3 = keep in all levels, cache type: 1 = data)
    Builtin.int_prefetch_RawPointer(address._rawValue, Int32(0)._value, Int32(3)._value, Int32(1)._value)
}
