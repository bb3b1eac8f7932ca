#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A readers-writer lock on one thing a session's runs share: a variable, or a random op's
/// stream. Runs that only read a variable hold it together; a run that writes it holds it alone.
///
/// A run takes all its locks before it starts, in ascending ``Key`` order, and releases them when
/// it ends, so two runs never wait for each other in a cycle.
final class ResourceLock: @unchecked Sendable {
    /// What a lock guards, ordered for acquisition.
    struct Key: Hashable, Comparable, Sendable {
        let value: Int
        /// The lock of variable slot `slot`.
        static func variable(_ slot: Int) -> Key { Key(value: slot << 1) }
        /// The lock of the stateful (random) kernel of op `id`.
        static func statefulKernel(_ id: Int) -> Key { Key(value: id << 1 | 1) }
        static func < (lhs: Key, rhs: Key) -> Bool { lhs.value < rhs.value }
    }

    /// One lock a run holds, and how.
    struct Claim {
        let lock: ResourceLock
        let exclusive: Bool
    }

    // pthread's lock must not move, so it lives in its own allocation.
    private let handle: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        handle = .allocate(capacity: 1)
        handle.initialize(to: pthread_rwlock_t())
        pthread_rwlock_init(handle, nil)
    }

    deinit {
        pthread_rwlock_destroy(handle)
        handle.deallocate()
    }

    /// Waits until the lock is free for a reader (`exclusive` false) or a writer, then takes it.
    func lock(exclusive: Bool) {
        if exclusive { pthread_rwlock_wrlock(handle) } else { pthread_rwlock_rdlock(handle) }
    }

    func unlock() { pthread_rwlock_unlock(handle) }
}

extension [ResourceLock.Claim] {
    /// Runs `body` holding every claim, taken in order and released in reverse.
    func holding<R>(_ body: () throws -> R) rethrows -> R {
        for claim in self { claim.lock.lock(exclusive: claim.exclusive) }
        defer { for claim in reversed() { claim.lock.unlock() } }
        return try body()
    }
}
