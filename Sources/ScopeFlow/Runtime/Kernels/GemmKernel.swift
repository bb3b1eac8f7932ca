import ScopeFlowSIMDKernels

/// The register-tile micro-kernel a blocked ``Gemm`` product runs, with the blocking that
/// suits it: `kc`-deep panels, `mc` rows of A and `nr`-column micro-panels of B packed at
/// once, `Gemm.mr x nr` tiles of C computed in registers (by ``GemmScalar/tile(_:depth:a:b:c:ldc:rows:cols:add:)``).
struct GemmKernel<T>: Sendable {
    /// Whether the tiles run `floatMicroKernel6x16` of `ScopeFlowSIMDKernels` rather than
    /// the baseline ``Gemm/microKernel(depth:a:b:c:ldc:rows:cols:add:)``.
    let wide: Bool
    /// Columns of a micro-tile: the width of a packed B micro-panel.
    let nr: Int
    /// Depth of a packed panel.
    let kc: Int
    /// Rows of A packed at once (a multiple of ``Gemm/mr``).
    let mc: Int
    /// Products of an untransposed B, at least one tile tall and wide, with at most this many
    /// multiply-adds take ``Gemm/multiplySmall`` instead (see ``Gemm/smallPathWork(m:n:bRowsContiguous:kernel:)``).
    let smallWork: Int
}

extension GemmKernel where T: GemmScalar {
    /// The portable kernel on `T.Lane` rows, for any CPU the package was compiled for.
    static var baseline: GemmKernel {
        GemmKernel(wide: false, nr: T.Lane.scalarCount, kc: 256, mc: 96, smallWork: Gemm.smallWork)
    }
}

extension GemmKernel<Float> {
    /// `floatMicroKernel6x16` of `ScopeFlowSIMDKernels`: AVX2 + FMA on x86-64, so only where
    /// ``SIMDSupport/wideKernel`` says so. Measured on a 2-core AMD EPYC, single-threaded:
    /// `kc` x `mc` 512 x 72 runs 2048² at 98 GFLOP/s (256 x 96: 86); the blocked path beats
    /// ``Gemm/multiplySmall`` from 18³ (20x44x21: 1.2 µs against 2.1 µs; 16³ even at 0.37 µs).
    static var wide: GemmKernel { GemmKernel(wide: true, nr: 16, kc: 512, mc: 72, smallWork: 16 * 16 * 16) }
}

extension Float {
    /// The wide kernel where ``SIMDSupport/wideKernel`` allows it, unless `backend` asks for the baseline.
    static func blockedKernel(for backend: GemmBackend) -> GemmKernel<Float> {
        backend != .swiftBaseline && SIMDSupport.wideKernel ? .wide : .baseline
    }

    /// One tile on `floatMicroKernel6x16` or the baseline kernel, as `kernel` says.
    @inline(__always)
    static func tile(
        _ kernel: GemmKernel<Float>, depth: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, cols: Int, add: Bool
    ) {
        if kernel.wide {
            floatMicroKernel6x16(depth: depth, a: a, b: b, c: c, ldc: ldc, rows: rows, columns: cols, accumulate: add)
        } else {
            Gemm.microKernel(depth: depth, a: a, b: b, c: c, ldc: ldc, rows: rows, cols: cols, add: add)
        }
    }
}

extension Double {
    /// Always the baseline kernel.
    static func blockedKernel(for backend: GemmBackend) -> GemmKernel<Double> { .baseline }

    /// One tile on the baseline kernel.
    @inline(__always)
    static func tile(
        _ kernel: GemmKernel<Double>, depth: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
        c: UnsafeMutablePointer<Double>, ldc: Int, rows: Int, cols: Int, add: Bool
    ) {
        Gemm.microKernel(depth: depth, a: a, b: b, c: c, ldc: ldc, rows: rows, cols: cols, add: add)
    }
}

extension Gemm {
    /// The baseline register-tile kernel: a `mr x nr` block of C from one packed A
    /// micro-panel and one packed B micro-panel, one `T.Lane` per row. Only
    /// `rows x cols` of the tile are written back.
    @inline(__always)
    static func microKernel<T: GemmScalar>(
        depth: Int, a: UnsafePointer<T>, b: UnsafePointer<T>,
        c: UnsafeMutablePointer<T>, ldc: Int, rows: Int, cols: Int, add: Bool
    ) {
        typealias V = T.Lane
        var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V()
        var ap = a
        var bp = UnsafeRawPointer(b)
        let step = MemoryLayout<V>.stride
        for _ in 0..<depth {
            let bv = bp.load(as: V.self)
            c0 += bv * ap[0]
            c1 += bv * ap[1]
            c2 += bv * ap[2]
            c3 += bv * ap[3]
            c4 += bv * ap[4]
            c5 += bv * ap[5]
            ap += 6
            bp += step
        }
        if cols == V.scalarCount {
            store(c0, to: c, add: add)
            if rows > 1 { store(c1, to: c + ldc, add: add) }
            if rows > 2 { store(c2, to: c + 2 * ldc, add: add) }
            if rows > 3 { store(c3, to: c + 3 * ldc, add: add) }
            if rows > 4 { store(c4, to: c + 4 * ldc, add: add) }
            if rows > 5 { store(c5, to: c + 5 * ldc, add: add) }
        } else {
            withUnsafeTemporaryAllocation(of: V.self, capacity: 6) { tile in
                tile[0] = c0
                tile[1] = c1
                tile[2] = c2
                tile[3] = c3
                tile[4] = c4
                tile[5] = c5
                for r in 0..<rows {
                    let row = c + r * ldc
                    for j in 0..<cols { row[j] = add ? row[j] + tile[r][j] : tile[r][j] }
                }
            }
        }
    }
}
