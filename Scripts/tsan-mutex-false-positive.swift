// A minimal program, outside ScopeFlow, showing that this toolchain's ThreadSanitizer reports
// sections guarded by `Synchronization.Mutex` as races on Linux: eight threads add to a counter
// under the mutex, the total is exact, and TSan still warns. Scripts/tsan-concurrency.sh builds
// and runs it with `swiftc -sanitize=thread` to show whether the toolchain in use has the defect.
import Dispatch
import Synchronization

final class Counter: Sendable {
    let total = Mutex(0)
}

let counter = Counter()
DispatchQueue.concurrentPerform(iterations: 8) { _ in
    for _ in 0..<10_000 { counter.total.withLock { $0 += 1 } }
}
let total = counter.total.withLock { $0 }
print("counted \(total) of 80000")
