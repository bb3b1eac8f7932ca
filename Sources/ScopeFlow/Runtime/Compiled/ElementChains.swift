/// Runs of elementwise steps fused into one pass over their elements.
///
/// When an elementwise op's input is the output of the elementwise step before it in a chain
/// and nothing else reads that value, the two become one step that walks the elements in
/// blocks small enough for L1: each link of the chain computes a block of the running value
/// from the previous link's block and its other operands, the last link into the output buffer. The intermediate
/// values are never written out, so a chain of four ops over 8 MiB reads and writes ~24 MiB
/// instead of ~88 MiB (the image filter's `Sub`, `Mul`, `Mul` and `ReluGrad` of the loss
/// gradient). Every element goes through the same element functions in the same order, so
/// the bits are the interpreter's.
enum ElementChains {
    /// Chains start only at outputs of at least this many elements: below it the values
    /// stay in cache anyway and a chain saves nothing.
    static let minimumCount = 1 << 14
    /// Elements per block: 8 KB of running value, with its operands' blocks well within L1.
    static let block = 2048

    /// One link of a chain: an elementwise op whose running operand (if any) is the value the
    /// chain has computed so far.
    struct Link {
        /// The arena values the link reads besides the running value.
        let operands: [ArenaValue]
        /// Makes, once the arena is placed, the function computing one block of the link's output.
        let make: (ArenaPointers) -> Block
    }

    /// A link's work on one block: `(running, output, start, count)` computes elements
    /// `start ..< start + count` into `output` (pointing at the block), reading the running
    /// value's elements from `running` (also pointing at the block; unused by a first link).
    /// The two never overlap, so the loops vectorize.
    typealias Block = (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int, Int) -> Void

    /// A chain being built: its links, the step that runs them and the value it computes.
    struct Chain {
        var links: [Link]
        /// The index of the chain's step among the plan's makers.
        var maker: Int
        var output: ArenaValue
        /// Every buffer the links read.
        var reads: [Int] { links.flatMap { $0.operands.map(\.buffer) } }
    }

    /// The step running `links` in order into `output`, split over the cores like any large
    /// elementwise step. The running value goes back and forth between two blocks of scratch;
    /// the last link writes the output.
    static func step(_ links: [Link], into output: ArenaValue) -> (ArenaPointers, CompiledScratch) -> CompiledStep {
        let count = output.count
        return { arena, _ in
            let blocks = links.map { $0.make(arena) }
            let target = arena[output.buffer]
            return {
                ElementStripes.run(count) { start, end in
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * block) { scratch in
                        let halves = (scratch.baseAddress!, scratch.baseAddress! + block)
                        var first = start
                        while first < end {
                            let length = min(block, end - first)
                            var running = UnsafePointer(halves.1)
                            for (index, link) in blocks.enumerated() {
                                let out = index == blocks.count - 1 ? target + first : index % 2 == 0 ? halves.0 : halves.1
                                link(running, out, first, length)
                                running = UnsafePointer(out)
                            }
                            first += length
                        }
                    }
                }
            }
        }
    }
}
