// The float32 register-tile kernel of ScopeFlow's blocked GEMM on 16-wide rows.
//
// On x86-64 this module is compiled for AVX2 + FMA (`-target-cpu haswell`), so every function
// in it may execute those instructions: nothing here may run before ScopeFlow has checked that
// the CPU has both (`SIMDSupport`). Elsewhere the module compiles for the host's own vectors.

/// Computes one `6 x 16` tile of `C (+)= A·B` from packed micro-panels and writes its
/// `rows x columns` top-left corner to C.
///
/// Each step `p` of the sum is a broadcast of one A element per row times one 16-float
/// row of B, fused into the running sums (`vfmadd231ps` on x86-64): twelve 8-float
/// accumulators stay in registers for the whole depth. Never inlined, so the caller's
/// baseline code only calls it (only after checking the CPU, on x86-64).
///
/// - Parameters:
///   - depth: the length of the sum (the panels' depth).
///   - a: the A micro-panel: `depth` columns of 6 floats, one after the other.
///   - b: the B micro-panel: `depth` rows of 16 floats, one after the other; 64-byte aligned.
///   - c: the tile's top-left element in C.
///   - ldc: C's row stride, in floats.
///   - rows: the rows of the tile to write, 1...6.
///   - columns: the columns of the tile to write, 1...16.
///   - accumulate: add the tile to C instead of overwriting it.
@inline(never)
public func floatMicroKernel6x16(
    depth: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
    c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, columns: Int, accumulate: Bool
) {
    typealias Row = SIMD16<Float>
    var c0 = Row(), c1 = Row(), c2 = Row(), c3 = Row(), c4 = Row(), c5 = Row()
    var ap = a
    var bp = UnsafeRawPointer(b)
    for _ in 0..<depth {
        let bv = bp.load(as: Row.self)
        c0 = c0.addingProduct(bv, Row(repeating: ap[0]))
        c1 = c1.addingProduct(bv, Row(repeating: ap[1]))
        c2 = c2.addingProduct(bv, Row(repeating: ap[2]))
        c3 = c3.addingProduct(bv, Row(repeating: ap[3]))
        c4 = c4.addingProduct(bv, Row(repeating: ap[4]))
        c5 = c5.addingProduct(bv, Row(repeating: ap[5]))
        ap += 6
        bp += MemoryLayout<Row>.stride
    }
    if columns == Row.scalarCount {
        store(c0, to: c, accumulate: accumulate)
        if rows > 1 { store(c1, to: c + ldc, accumulate: accumulate) }
        if rows > 2 { store(c2, to: c + 2 * ldc, accumulate: accumulate) }
        if rows > 3 { store(c3, to: c + 3 * ldc, accumulate: accumulate) }
        if rows > 4 { store(c4, to: c + 4 * ldc, accumulate: accumulate) }
        if rows > 5 { store(c5, to: c + 5 * ldc, accumulate: accumulate) }
        return
    }
    withUnsafeTemporaryAllocation(of: Row.self, capacity: 6) { tile in
        (tile[0], tile[1], tile[2], tile[3], tile[4], tile[5]) = (c0, c1, c2, c3, c4, c5)
        for r in 0..<rows {
            let row = c + r * ldc
            for j in 0..<columns { row[j] = accumulate ? row[j] + tile[r][j] : tile[r][j] }
        }
    }
}

/// Writes (or adds) one full row of a tile to unaligned memory.
@inline(__always)
private func store(_ value: SIMD16<Float>, to p: UnsafeMutablePointer<Float>, accumulate: Bool) {
    let raw = UnsafeMutableRawPointer(p)
    raw.storeBytes(of: accumulate ? raw.loadUnaligned(as: SIMD16<Float>.self) + value : value, as: SIMD16<Float>.self)
}
