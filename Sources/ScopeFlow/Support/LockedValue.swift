#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pthread mutex.
///
/// ``Graph`` and ``Session``, the state that threads share, lock with one rather than with a
/// `Synchronization.Mutex`: on Linux that mutex waits on a futex directly, which
/// ThreadSanitizer does not see, so it reports every contended section as a race
/// (`Scripts/tsan-mutex-false-positive.swift` shows it on a counter that still counts exactly).
/// A pthread mutex costs about the same uncontended, and keeps the ThreadSanitizer run of the
/// concurrency tests meaningful.
final class ThreadLock: @unchecked Sendable {
    // The mutex must not move, so it lives in its own allocation.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` while holding the lock.
    func withLock<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}

/// A value that threads share, behind a ``ThreadLock``.
final class LockedValue<Value>: @unchecked Sendable {
    private let lock = ThreadLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    /// Runs `body` with the value while holding the lock.
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        try lock.withLock { try body(&value) }
    }
}
