/// Places the float32 buffers of a compiled plan in one arena.
///
/// Every value of the plan is a buffer. Feeds, constants and variables are
/// pinned: they keep their place for the whole run. Any other buffer lives from
/// the step that writes it to the last step that reads it; after that its
/// place goes back to a free list and a later buffer of the same rounded size
/// takes it, so the arena stays small and recently touched memory is reused.
struct ArenaPlanner {
    /// Buffers start on 64-byte boundaries: sizes round up to this many floats.
    static let alignment = 16

    private var counts: [Int] = []
    private var pinned: [Bool] = []
    /// For each step, the buffers it writes and reads.
    private var steps: [(writes: [Int], reads: [Int])] = []

    /// A new buffer of `count` floats.
    mutating func buffer(count: Int, pinned isPinned: Bool) -> Int {
        counts.append(count)
        pinned.append(isPinned)
        return counts.count - 1
    }

    /// Records the next step's buffer use, in run order.
    mutating func step(writes: [Int], reads: [Int]) { steps.append((writes, reads)) }

    /// Keeps `buffer` for the whole run (a fetched value).
    mutating func pin(_ buffer: Int) { pinned[buffer] = true }

    /// The offset of every buffer, in floats, and the arena's size.
    func layout() -> (offsets: [Int], count: Int) {
        var lastUse = [Int](repeating: -1, count: counts.count)
        for (index, step) in steps.enumerated() {
            for buffer in step.writes + step.reads { lastUse[buffer] = index }
        }
        var offsets = [Int](repeating: -1, count: counts.count)
        var free: [Int: [Int]] = [:]
        var end = 0
        func place(_ buffer: Int) {
            guard offsets[buffer] < 0 else { return }
            let size = Self.rounded(counts[buffer])
            if let offset = free[size]?.popLast() {
                offsets[buffer] = offset
            } else {
                offsets[buffer] = end
                end += size
            }
        }
        for buffer in counts.indices where pinned[buffer] { place(buffer) }
        for (index, step) in steps.enumerated() {
            // Outputs are placed before inputs are freed: no step writes over what it reads.
            for buffer in step.writes { place(buffer) }
            for buffer in step.writes + step.reads where !pinned[buffer] && lastUse[buffer] == index {
                lastUse[buffer] = -2  // freed once, even when listed twice
                free[Self.rounded(counts[buffer]), default: []].append(offsets[buffer])
            }
        }
        return (offsets, max(end, Self.alignment))
    }

    private static func rounded(_ count: Int) -> Int { max(1, (count + alignment - 1) / alignment) * alignment }
}
