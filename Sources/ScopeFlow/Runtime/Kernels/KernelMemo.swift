import Synchronization

/// The last result a kernel worked out from its inputs' shapes (a broadcast
/// plan, a slice geometry), kept so that the next run with the same shapes
/// reuses it instead of building it again.
///
/// A plan's kernels see the same shapes on almost every run, and for the small
/// tensors of an RNN step building the geometry costs more than the arithmetic.
/// One entry is enough for that; a different key simply replaces it.
final class KernelMemo<Key: Equatable & Sendable, Value: Sendable>: Sendable {
    private let last = Mutex<(key: Key, value: Value)?>(nil)

    /// The value remembered for `key`, or `make()`'s result, which is remembered in its place.
    func value(for key: Key, orMake make: () throws -> Value) rethrows -> Value {
        if let hit = last.withLock({ entry in entry.flatMap { $0.key == key ? $0.value : nil } }) {
            return hit
        }
        let value = try make()
        last.withLock { $0 = (key, value) }
        return value
    }
}

/// Two shapes, the key of a binary op's broadcast plan.
struct ShapePair: Equatable, Sendable {
    let first: [Int]
    let second: [Int]
}
