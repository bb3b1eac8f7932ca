/// How two or three operand shapes broadcast against each other under numpy's
/// rules (align trailing dimensions; a dimension of 1 stretches).
///
/// The plan is reduced to as few dimensions as possible: size-1 output
/// dimensions are dropped and neighbouring dimensions that every operand
/// walks the same way are merged, so a `[2, 1, 3] + [4, 1]` add iterates over
/// a short list of rows with a tight inner loop.
struct BroadcastPlan {
    /// The broadcast output shape.
    let shape: [Int]
    /// The number of output elements.
    let count: Int
    /// The collapsed output dimensions (at least one).
    private let dims: [Int]
    /// Per operand, the element stride along each collapsed dimension (0 where broadcast).
    private let strides: [[Int]]

    /// The output shape of broadcasting `shapes`, or an error naming `opName`.
    static func shape(of shapes: [[Int]], opName: String) throws -> [Int] {
        let rank = shapes.map(\.count).max() ?? 0
        var result = [Int](repeating: 1, count: rank)
        for operand in shapes {
            let offset = rank - operand.count
            for (i, d) in operand.enumerated() where d != result[offset + i] {
                if result[offset + i] == 1 {
                    result[offset + i] = d
                } else if d != 1 {
                    let listed = shapes.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }
                    throw ScopeFlowError(
                        .shapeMismatch,
                        "Incompatible shapes: \(listed.joined(separator: " vs. ")) in op '\(opName)'; "
                            + "each dimension must match or be 1 (numpy broadcasting).",
                        names: [opName])
                }
            }
        }
        return result
    }

    /// Plans broadcasting `shapes` (two or three operands) together.
    /// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when they do not broadcast.
    init(_ shapes: [[Int]], opName: String) throws {
        let shape = try Self.shape(of: shapes, opName: opName)
        self.shape = shape
        self.count = shape.reduce(1, *)
        let rank = shape.count
        // Full-rank strides per operand, 0 along broadcast dimensions.
        let full: [[Int]] = shapes.map { operand in
            var s = [Int](repeating: 0, count: rank)
            var step = 1
            for i in stride(from: operand.count - 1, through: 0, by: -1) {
                if operand[i] != 1 { s[rank - operand.count + i] = step }
                step *= operand[i]
            }
            return s
        }
        var dims: [Int] = []
        var strides = [[Int]](repeating: [], count: shapes.count)
        for axis in 0..<rank where shape[axis] != 1 {
            let d = shape[axis]
            if let last = dims.last,
                (0..<shapes.count).allSatisfy({ k in strides[k].last! == full[k][axis] * d })
            {
                dims[dims.count - 1] = last * d
                for k in 0..<shapes.count { strides[k][strides[k].count - 1] = full[k][axis] }
            } else {
                dims.append(d)
                for k in 0..<shapes.count { strides[k].append(full[k][axis]) }
            }
        }
        if dims.isEmpty {
            dims = [1]
            for k in 0..<shapes.count { strides[k] = [0] }
        }
        self.dims = dims
        self.strides = strides
    }

    /// The length of one innermost row.
    var rowLength: Int { dims[dims.count - 1] }

    /// The step of operand `k` along a row.
    func rowStride(_ k: Int) -> Int { strides[k][dims.count - 1] }

    /// Writes `f(a[i], b[j])` to every output element, `i` and `j` the elements of the two
    /// operands it meets; `out` may be uninitialized.
    @inline(__always)
    func map<A, B, R>(_ a: UnsafePointer<A>, _ b: UnsafePointer<B>, into out: UnsafeMutablePointer<R>, _ f: (A, B) -> R) {
        let (sa, sb, row) = (rowStride(0), rowStride(1), rowLength)
        forEachRow { start, offsets in
            var (ia, ib) = (offsets[0], offsets[1])
            for j in 0..<row {
                (out + start + j).initialize(to: f(a[ia], b[ib]))
                ia &+= sa
                ib &+= sb
            }
        }
    }

    /// True when operand `k` is one contiguous row that every row of the walk reuses
    /// (the kept shape of a reduction over leading axes), while operand 0 is contiguous.
    func repeatsRows(ofOperand k: Int) -> Bool {
        dims.count == 2 && strides[k] == [0, 1] && strides[0] == [dims[1], 1]
    }

    /// Calls `body(outputStart, operandStarts)` for every innermost row, in
    /// row-major output order. The odometer lives in stack scratch space, so a
    /// row costs no allocation or copy-on-write check.
    @inline(__always)
    func forEachRow(_ body: (Int, UnsafeBufferPointer<Int>) -> Void) {
        guard count > 0 else { return }
        let outer = dims.count - 1
        let operands = strides.count
        let row = rowLength
        withUnsafeTemporaryAllocation(of: Int.self, capacity: outer + operands) { scratch in
            scratch.initialize(repeating: 0)
            let index = scratch.baseAddress!
            let offsets = index + outer
            let starts = UnsafeBufferPointer(start: offsets, count: operands)
            var start = 0
            while true {
                body(start, starts)
                start += row
                // Advance the odometer over the outer dimensions.
                var axis = outer - 1
                while axis >= 0 {
                    index[axis] += 1
                    for k in 0..<operands { offsets[k] += strides[k][axis] }
                    if index[axis] < dims[axis] { break }
                    for k in 0..<operands { offsets[k] -= strides[k][axis] * dims[axis] }
                    index[axis] = 0
                    axis -= 1
                }
                if axis < 0 { return }
            }
        }
    }
}

/// The two-operand broadcast plans of one kernel, built under its op's name;
/// the plan of the last pair of shapes is remembered for the next run.
struct BroadcastPlanner: Sendable {
    let opName: String
    private let memo = KernelMemo<ShapePair, BroadcastPlan>()

    init(opName: String) { self.opName = opName }

    /// The plan of broadcasting `a` against `b`.
    /// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when they do not broadcast.
    func plan(_ a: [Int], _ b: [Int]) throws -> BroadcastPlan {
        try memo.value(for: ShapePair(first: a, second: b)) { try BroadcastPlan([a, b], opName: opName) }
    }
}

/// Combines `a` and `b` elementwise with numpy broadcasting.
///
/// Equal shapes and single-element operands take direct loops; everything
/// else goes through a ``BroadcastPlan`` from `planner`.
@inline(__always)
func broadcastMap<A, B, R: HostScalar>(
    _ a: [A], _ aShape: [Int], _ b: [B], _ bShape: [Int], planner: BroadcastPlanner, _ f: (A, B) -> R
) throws -> HostTensor {
    if aShape == bShape {
        let values = a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                [R](unsafeUninitializedCapacity: pa.count) { dst, n in
                    for i in 0..<pa.count { (dst.baseAddress! + i).initialize(to: f(pa[i], pb[i])) }
                    n = pa.count
                }
            }
        }
        return HostTensor(uncheckedStorage: R.storage(values), shape: aShape)
    }
    if b.count == 1 && bShape.count <= aShape.count {
        let y = b[0]
        return HostTensor(uncheckedStorage: R.storage(mapElements(a) { f($0, y) }), shape: aShape)
    }
    if a.count == 1 && aShape.count <= bShape.count {
        let x = a[0]
        return HostTensor(uncheckedStorage: R.storage(mapElements(b) { f(x, $0) }), shape: bShape)
    }
    let plan = try planner.plan(aShape, bShape)
    let values = a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            [R](unsafeUninitializedCapacity: plan.count) { dst, n in
                if let x = pa.baseAddress, let y = pb.baseAddress, let out = dst.baseAddress {
                    plan.map(x, y, into: out, f)
                }
                n = plan.count
            }
        }
    }
    return HostTensor(uncheckedStorage: R.storage(values), shape: plan.shape)
}
