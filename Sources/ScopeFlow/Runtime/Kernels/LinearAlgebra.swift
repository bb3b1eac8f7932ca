import Dispatch

extension Kernels {

    /// `MatMul(a, b)` with `transpose_a` / `transpose_b`; both inputs rank 2.
    static func makeMatMul(_ context: KernelContext) throws -> SingleOutputKernel {
        let plan = MatMulPlan(
            context: context, transposeA: context.bool("transpose_a", default: false),
            transposeB: context.bool("transpose_b", default: false), broadcastsBatch: false)
        return { inputs in try plan.run(inputs) }
    }

    /// `BatchMatMulV2(x, y)` with `adj_x` / `adj_y` and broadcasting batch dimensions.
    static func makeBatchMatMul(_ context: KernelContext) throws -> SingleOutputKernel {
        let plan = MatMulPlan(
            context: context, transposeA: context.bool("adj_x", default: false),
            transposeB: context.bool("adj_y", default: false), broadcastsBatch: true)
        return { inputs in try plan.run(inputs) }
    }
}

/// The attributes of one matrix-product op and the code that runs it.
private struct MatMulPlan: Sendable {
    let context: KernelContext
    let transposeA: Bool
    let transposeB: Bool
    /// `BatchMatMulV2` semantics (rank ≥ 2, broadcast leading dims) rather than `MatMul` (rank 2).
    let broadcastsBatch: Bool
    /// The geometry of the last pair of input shapes.
    private let geometries = KernelMemo<ShapePair, Geometry>()

    /// The geometry of a (batched) product, validated.
    struct Geometry: Sendable {
        var m = 0, n = 0, k = 0
        var outputShape: [Int] = []
        /// For each output matrix, the index of the A and B matrices it multiplies.
        var pairs: [(a: Int, b: Int)] = []
    }

    func run(_ inputs: [HostTensor]) throws -> HostTensor {
        guard inputs.count == 2 else {
            throw error(.invalidArgument, "expects 2 inputs but got \(inputs.count)")
        }
        let (x, y) = (inputs[0], inputs[1])
        let geometry = try geometries.value(for: ShapePair(first: x.shape, second: y.shape)) {
            try makeGeometry(x.shape, y.shape)
        }
        switch (x.storage, y.storage) {
        case (.float32(let a), .float32(let b)):
            return HostTensor(uncheckedStorage: .float32(multiply(a, b, geometry)), shape: geometry.outputShape)
        case (.float64(let a), .float64(let b)):
            return HostTensor(uncheckedStorage: .float64(multiply(a, b, geometry)), shape: geometry.outputShape)
        default:
            if x.dtype != y.dtype {
                throw ScopeFlowError(
                    .dtypeMismatch,
                    "\(context.opType) '\(context.opName)' got inputs of types \(x.dtype) and \(y.dtype); "
                        + "cast them to the same float type.", names: [context.opName])
            }
            throw error(.unimplemented, "supports float32 and float64 on CPU, not \(x.dtype); cast the inputs")
        }
    }

    private func error(_ code: ScopeFlowError.Code, _ text: String) -> ScopeFlowError {
        ScopeFlowError(code, "\(context.opType) '\(context.opName)' \(text).", names: [context.opName])
    }

    /// Checks ranks and inner dimensions and works out the broadcast batch.
    private func makeGeometry(_ xs: [Int], _ ys: [Int]) throws -> Geometry {
        let rankOK = broadcastsBatch ? (xs.count >= 2 && ys.count >= 2) : (xs.count == 2 && ys.count == 2)
        guard rankOK else {
            let need = broadcastsBatch ? "rank 2 or more" : "rank 2 (matrices)"
            throw error(.shapeMismatch, "needs inputs of \(need), got shapes \(xs) and \(ys)")
        }
        var g = Geometry()
        let (xr, xc) = (xs[xs.count - 2], xs[xs.count - 1])
        let (yr, yc) = (ys[ys.count - 2], ys[ys.count - 1])
        g.m = transposeA ? xc : xr
        g.k = transposeA ? xr : xc
        let kB = transposeB ? yc : yr
        g.n = transposeB ? yr : yc
        guard g.k == kB else {
            throw error(
                .shapeMismatch,
                "Matrix size-incompatible: In[0]: \(xs), In[1]: \(ys) (inner dimensions \(g.k) and \(kB) must match; "
                    + "check the transpose/adjoint flags)")
        }
        let xBatch = Array(xs.dropLast(2)), yBatch = Array(ys.dropLast(2))
        let rank = max(xBatch.count, yBatch.count)
        let xPad = Array(repeating: 1, count: rank - xBatch.count) + xBatch
        let yPad = Array(repeating: 1, count: rank - yBatch.count) + yBatch
        var batch: [Int] = []
        for (dx, dy) in zip(xPad, yPad) {
            guard dx == dy || dx == 1 || dy == 1 else {
                throw error(.shapeMismatch, "cannot broadcast batch dimensions of \(xs) and \(ys)")
            }
            batch.append(dx == 1 ? dy : dx)
        }
        g.outputShape = batch + [g.m, g.n]
        let count = batch.reduce(1, *)
        g.pairs.reserveCapacity(count)
        // Row-major walk over the output batch, with broadcast (stride 0) strides into x and y.
        var xStride = Array(repeating: 0, count: rank), yStride = Array(repeating: 0, count: rank)
        var xs1 = 1, ys1 = 1
        for d in stride(from: rank - 1, through: 0, by: -1) {
            xStride[d] = xPad[d] == 1 ? 0 : xs1
            yStride[d] = yPad[d] == 1 ? 0 : ys1
            xs1 *= xPad[d]
            ys1 *= yPad[d]
        }
        for flat in 0..<count {
            var rest = flat, ai = 0, bi = 0
            for d in stride(from: rank - 1, through: 0, by: -1) {
                let index = rest % batch[d]
                rest /= batch[d]
                ai += index * xStride[d]
                bi += index * yStride[d]
            }
            g.pairs.append((ai, bi))
        }
        return g
    }

    /// Multiplies every batch pair; many small products are spread over cores
    /// one matrix per task, large ones are parallelised inside the GEMM.
    private func multiply<T: GemmScalar>(_ a: [T], _ b: [T], _ g: Geometry) -> [T] {
        let (m, n, k) = (g.m, g.n, g.k)
        let outCount = g.pairs.count * m * n
        return [T](unsafeUninitializedCapacity: outCount) { out, initialized in
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    guard let aBase = ap.baseAddress, let bBase = bp.baseAddress, let cBase = out.baseAddress else {
                        out.initialize(repeating: 0)
                        return
                    }
                    let aAll = MatrixView(aBase, columns: transposeA ? m : k, transposed: transposeA)
                    let bAll = MatrixView(bBase, columns: transposeB ? k : n, transposed: transposeB)
                    let output = SharedPointer(pointer: cBase)
                    let product: @Sendable (Int, Bool) -> Void = { [pairs = g.pairs] t, parallel in
                        Gemm.multiply(
                            m: m, n: n, k: k, a: aAll.advanced(by: pairs[t].a * m * k),
                            b: bAll.advanced(by: pairs[t].b * k * n),
                            c: output.pointer + t * m * n, ldc: n, parallel: parallel, backend: context.gemm)
                    }
                    if g.pairs.count > 1 && m * n * k < Gemm.parallelWork && outCount * k >= Gemm.parallelWork {
                        DispatchQueue.concurrentPerform(iterations: g.pairs.count) { product($0, false) }
                    } else {
                        for t in 0..<g.pairs.count { product(t, true) }
                    }
                }
            }
            initialized = outCount
        }
    }
}
