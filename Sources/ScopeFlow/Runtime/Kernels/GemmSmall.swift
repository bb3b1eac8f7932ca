/// The small-matrix path of ``Gemm``: no packing, blocking or threading.
///
/// Every element of C is one running sum over `p = 0..<k` (in that order, or in
/// `T.Lane`-wide partial sums for the dot-product form), written once, or added
/// to C once when accumulating; so C is never zero-filled first and the result
/// depends only on the operands' layout, never on timing.
extension Gemm {
    /// Computes `C[m x n] (+)= A[m x k] · B[k x n]` with direct loops, choosing the loop by layout:
    /// rows of B contiguous (B as stored, A either way) vectorise over C's row;
    /// B transposed with A as stored are contiguous dot products; anything else is a scalar loop.
    static func multiplySmall<T: GemmScalar>(
        m: Int, n: Int, k: Int, a: MatrixView<T>, b: MatrixView<T>,
        c: UnsafeMutablePointer<T>, ldc: Int, accumulate: Bool
    ) {
        if b.columnStride == 1 {
            for i in 0..<m {
                smallRow(n: n, k: k, a: a.advanced(by: i * a.rowStride), b: b, c: c + i * ldc, accumulate: accumulate)
            }
        } else if b.rowStride == 1 && a.columnStride == 1 {
            for i in 0..<m {
                for j in 0..<n {
                    let sum = dot(k, a.base + i * a.rowStride, b.base + j * b.columnStride)
                    c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum
                }
            }
        } else {
            for i in 0..<m {
                for j in 0..<n {
                    var sum = T.zero
                    for p in 0..<k { sum += a[i, p] * b[p, j] }
                    c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum
                }
            }
        }
    }

    /// One row of C: `c[0..<n] (+)= Σ_p a[0, p] · b[p, 0..<n]`, for B with contiguous rows.
    /// Four lanes of C at a time, then single lanes, then single columns.
    @inline(__always)
    private static func smallRow<T: GemmScalar>(
        n: Int, k: Int, a: MatrixView<T>, b: MatrixView<T>, c: UnsafeMutablePointer<T>, accumulate: Bool
    ) {
        typealias V = T.Lane
        let w = V.scalarCount
        let lane = MemoryLayout<V>.stride
        let rowBytes = b.rowStride * MemoryLayout<T>.stride
        var j = 0
        while j + 4 * w <= n {
            var s0 = V(), s1 = V(), s2 = V(), s3 = V()
            var bp = UnsafeRawPointer(b.base + j)
            for p in 0..<k {
                let x = a.base[p * a.columnStride]
                s0 += bp.loadUnaligned(as: V.self) * x
                s1 += bp.loadUnaligned(fromByteOffset: lane, as: V.self) * x
                s2 += bp.loadUnaligned(fromByteOffset: 2 * lane, as: V.self) * x
                s3 += bp.loadUnaligned(fromByteOffset: 3 * lane, as: V.self) * x
                bp += rowBytes
            }
            store(s0, to: c + j, add: accumulate)
            store(s1, to: c + j + w, add: accumulate)
            store(s2, to: c + j + 2 * w, add: accumulate)
            store(s3, to: c + j + 3 * w, add: accumulate)
            j += 4 * w
        }
        while j + w <= n {
            var s = V()
            var bp = UnsafeRawPointer(b.base + j)
            for p in 0..<k {
                s += bp.loadUnaligned(as: V.self) * a.base[p * a.columnStride]
                bp += rowBytes
            }
            store(s, to: c + j, add: accumulate)
            j += w
        }
        while j < n {
            var s = T.zero
            for p in 0..<k { s += a.base[p * a.columnStride] * b.base[p * b.rowStride + j] }
            c[j] = accumulate ? c[j] + s : s
            j += 1
        }
    }

    /// `Σ_p x[p] · y[p]` over `count` contiguous elements: `T.Lane`-wide partial
    /// sums, their total, then the leftover elements in order.
    @inline(__always)
    private static func dot<T: GemmScalar>(_ count: Int, _ x: UnsafePointer<T>, _ y: UnsafePointer<T>) -> T {
        typealias V = T.Lane
        let w = V.scalarCount
        let xr = UnsafeRawPointer(x), yr = UnsafeRawPointer(y)
        let size = MemoryLayout<T>.stride
        var partial = V()
        var p = 0
        while p + w <= count {
            partial += xr.loadUnaligned(fromByteOffset: p * size, as: V.self)
                * yr.loadUnaligned(fromByteOffset: p * size, as: V.self)
            p += w
        }
        var sum = partial.sum()
        while p < count {
            sum += x[p] * y[p]
            p += 1
        }
        return sum
    }
}
