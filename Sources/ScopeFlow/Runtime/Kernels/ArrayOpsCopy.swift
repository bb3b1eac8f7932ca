// The copy primitives the array kernels are built from. They work on unsafe
// buffer pointers and copy contiguous runs in bulk, and they are generic over
// the element type, so `String` elements are retained correctly too.

/// An array of `count` elements built by `initialize`, which must initialize
/// every element of the buffer it is given exactly once.
func makeArray<T>(count: Int, _ initialize: (UnsafeMutablePointer<T>) -> Void) -> [T] {
    guard count > 0 else { return [] }
    return [T](unsafeUninitializedCapacity: count) { buffer, initializedCount in
        if let base = buffer.baseAddress { initialize(base) }
        initializedCount = count
    }
}

/// The row-major strides of `shape`: how far apart in storage neighbours along each dimension are.
func rowMajorStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var stride = 1
    for d in shape.indices.reversed() {
        strides[d] = stride
        stride *= shape[d]
    }
    return strides
}

/// A strided view of a row-major array: element `(i0, …, ik)` of the view is
/// `source[offset + i0·steps[0] + … + ik·steps[k]]`.
///
/// Steps may be negative (reversed slices) or zero (broadcast, tiling), so this
/// one view expresses Slice, StridedSlice, Transpose, Tile and BroadcastTo.
/// Dimensions of size 1 are dropped and dimensions that are contiguous in the
/// source are merged, so the innermost loop copies runs that are as long as
/// possible.
struct StridedView: Sendable {
    /// The source index of the view's first element.
    let offset: Int
    /// The simplified view's dimensions, outermost first.
    let counts: [Int]
    /// The source distance between neighbours along each simplified dimension.
    let steps: [Int]
    /// The number of elements in the view.
    let elementCount: Int

    /// A view of `counts` with source `steps`, starting at source index `offset`.
    init(offset: Int, counts: [Int], steps: [Int]) {
        var mergedCounts: [Int] = []
        var mergedSteps: [Int] = []
        for d in counts.indices.reversed() where counts[d] != 1 {
            if let innerCount = mergedCounts.last, let innerStep = mergedSteps.last,
                steps[d] == innerStep * innerCount
            {
                mergedCounts[mergedCounts.count - 1] = innerCount * counts[d]
            } else {
                mergedCounts.append(counts[d])
                mergedSteps.append(steps[d])
            }
        }
        self.offset = offset
        self.counts = mergedCounts.reversed()
        self.steps = mergedSteps.reversed()
        self.elementCount = counts.reduce(1, *)
    }

    /// The view's elements of `source`, row-major.
    func gather<T>(from source: [T]) -> [T] {
        guard elementCount > 0 else { return [] }
        return source.withUnsafeBufferPointer { buffer in
            makeArray(count: elementCount) { destination in
                if let base = buffer.baseAddress { copy(from: base, to: destination) }
            }
        }
    }

    /// Writes `values` (row-major over the view, `elementCount` of them) to the
    /// view's positions in `destination`, which is already initialized: the
    /// inverse of ``gather(from:)``.
    func scatter<T>(_ values: UnsafePointer<T>, into destination: UnsafeMutablePointer<T>) {
        var next = values
        forEachRun { position, count, step in
            if step == 1 {
                (destination + position).update(from: next, count: count)
            } else {
                for k in 0..<count { destination[position + k * step] = next[k] }
            }
            next += count
        }
    }

    /// Initializes `elementCount` elements at `destination` from the view of `source`.
    private func copy<T>(from source: UnsafePointer<T>, to destination: UnsafeMutablePointer<T>) {
        var out = destination
        forEachRun { position, count, step in
            switch step {
            case 1: out.initialize(from: source + position, count: count)
            case 0: out.initialize(repeating: source[position], count: count)
            default:
                for k in 0..<count { (out + k).initialize(to: source[position + k * step]) }
            }
            out += count
        }
    }

    /// Calls `body(position, count, step)` for each innermost run of the view in
    /// row-major order: `count` source elements from `position`, `step` apart.
    @inline(__always)
    private func forEachRun(_ body: (_ position: Int, _ count: Int, _ step: Int) -> Void) {
        guard let innerCount = counts.last, let innerStep = steps.last else {
            body(offset, 1, 1)
            return
        }
        let outerRank = counts.count - 1
        let outerCount = counts.dropLast().reduce(1, *)
        var index = [Int](repeating: 0, count: outerRank)
        var position = offset
        for _ in 0..<outerCount {
            body(position, innerCount, innerStep)
            var d = outerRank - 1
            while d >= 0 {
                index[d] += 1
                position += steps[d]
                if index[d] < counts[d] { break }
                position -= steps[d] * counts[d]
                index[d] = 0
                d -= 1
            }
        }
    }
}

/// Joins row-major blocks: for each of `outer` rows, the output holds the next
/// `runs[k]` elements of `sources[k]`, for every `k` in order. This is
/// concatenation along an axis (and stacking, with runs of one slice each).
func interleave<T>(_ sources: [[T]], runs: [Int], outer: Int) -> [T] {
    let rowLength = runs.reduce(0, +)
    return makeArray(count: outer * rowLength) { destination in
        var column = 0
        for (source, run) in zip(sources, runs) {
            if run > 0 {
                source.withUnsafeBufferPointer { buffer in
                    guard let base = buffer.baseAddress else { return }
                    for row in 0..<outer {
                        (destination + row * rowLength + column).initialize(from: base + row * run, count: run)
                    }
                }
            }
            column += run
        }
    }
}

/// The inverse of ``interleave(_:runs:outer:)``: splits each of `outer` rows of
/// `source` into consecutive pieces of `runs[k]` elements, piece `k` going to output `k`.
func deinterleave<T>(_ source: [T], runs: [Int], outer: Int) -> [[T]] {
    let rowLength = runs.reduce(0, +)
    return source.withUnsafeBufferPointer { buffer in
        var column = 0
        return runs.map { run in
            defer { column += run }
            guard let base = buffer.baseAddress else { return [] }
            let start = column
            return makeArray(count: outer * run) { destination in
                for row in 0..<outer {
                    (destination + row * run).initialize(from: base + row * rowLength + start, count: run)
                }
            }
        }
    }
}

/// Copies a ``StridedView`` of a tensor of any dtype.
struct StridedGatherVisitor: StorageVisitor {
    let view: StridedView
    func visit<T: HostScalar>(_ values: [T]) -> HostTensor.Storage { T.storage(view.gather(from: values)) }
}

extension HostTensor {
    /// The elements of `view` over this tensor's storage, as a tensor of `shape`.
    func gathering(_ view: StridedView, shape: [Int]) throws -> HostTensor {
        HostTensor(uncheckedStorage: try storage.accept(StridedGatherVisitor(view: view)), shape: shape)
    }

    /// This tensor's storage with a new shape of the same element count (no copy).
    func reshaped(_ shape: [Int]) -> HostTensor {
        HostTensor(uncheckedStorage: storage, shape: shape)
    }
}
