import Dispatch

/// Splits an elementwise loop of a compiled step over the cores when it is long enough to pay
/// for waking them. Each element is computed by the same function wherever the cut falls, so a
/// split loop gives the same bits as one loop.
enum ElementStripes {
    /// Loops over fewer elements run on the calling thread: 64 K floats take ~20 µs on one
    /// core, against the few microseconds a `concurrentPerform` costs.
    static let minimum = 1 << 16

    /// Calls `body(start, end)` for consecutive stripes covering `0..<count`, one per core when
    /// `count · weight` elements reach ``minimum`` (`weight`: elements per item, for loops over
    /// rows), with cuts on multiples of 16 items (whole vectors, for elements).
    static func run(_ count: Int, weight: Int = 1, _ body: (Int, Int) -> Void) {
        let parts = count * weight >= minimum ? Gemm.cores : 1
        guard parts > 1 else {
            body(0, count)
            return
        }
        withoutActuallyEscaping(body) { body in
            let stripes = Stripes(body: body)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let start = count * part / parts & ~15
                let end = part == parts - 1 ? count : count * (part + 1) / parts & ~15
                guard start < end else { return }
                stripes.body(start, end)
            }
        }
    }

    /// The loop body handed to the worker threads. `@unchecked Sendable`: the stripes write
    /// disjoint elements and only read the step's inputs, which no one writes meanwhile.
    private struct Stripes: @unchecked Sendable {
        let body: (Int, Int) -> Void
    }
}
