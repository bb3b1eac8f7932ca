/// TensorFlow's float32 `Tanh` and `Sigmoid`: the approximations of the Eigen
/// build in TF 2.21's CPU kernels (`ptanh_float` and the packet form of
/// `scalar_logistic_op<float>`, as compiled without FMA), step for step, so the
/// results carry TensorFlow's bits rather than libm's.
///
/// Both are branch-free over `Float` (clamps are selects, the floor and the
/// power of two use bit tricks instead of conversions that trap), so a loop
/// over a buffer auto-vectorizes. The one difference from TensorFlow is that
/// its CPU threads flush subnormals to zero and these functions do not: a
/// subnormal input or result stays subnormal here where TensorFlow gives ±0.
///
/// The functions are `@inlinable`, so ScopeFlow's baseline loops vectorize over
/// them. The AVX2 and AVX-512 loops of `ScopeFlowSIMDKernels` run the same
/// operations in C (`eigen_math.h`); `FloatApproximationTests` checks that
/// they give these functions' bits.
extension Float {
    /// Eigen's 9/8-degree odd/even rational approximation of `tanh`, on the
    /// input clamped to where the approximation reaches ±1 exactly. Keeps
    /// `-0.0` and NaN; `±∞` gives `±1`.
    @inlinable @inline(__always)
    public static func eigenTanh(_ a: Float) -> Float {
        let clamp: Float = 7.90738964080810547
        let x = Swift.min(Swift.max(a, -clamp), clamp)
        let x2 = x * x
        let x3 = x2 * x
        // The numerator is x + x³·p(x²), the denominator q(x²), both in Horner form.
        var p: Float = 1.394553628e-8
        p = p * x2 + 2.102733560e-5
        p = p * x2 + 3.520756727e-3
        p = p * x2 + 1.340216100e-1
        var q: Float = 8.015776984e-7
        q = q * x2 + 3.326951409e-4
        q = q * x2 + 2.597254514e-2
        q = q * x2 + 4.673548340e-1
        q = q * x2 + 1
        return (x3 * p + x) / q
    }

    /// Eigen's logistic function `e / (1 + e)` with `e = exp(x)` from its own
    /// exponential: `exp(x/2)` by Cephes' range reduction and a degree-5
    /// polynomial, squared. The input is capped where the result reaches 1,
    /// and anything below −104 gives 0. Keeps NaN; `+∞` gives 1, `−∞` gives 0.
    @inlinable @inline(__always)
    public static func eigenLogistic(_ a: Float) -> Float {
        let high: Float = 16.6355324
        let low: Float = -104
        // Capping from below too keeps every lane finite; those below `low` are zeroed at the end.
        let x = Swift.min(Swift.max(a, low), high) * 0.5
        // m = floor(x·log2(e) + 1/2): round to nearest by the 1.5·2²³ trick, then step down if above.
        let t = x * 1.44269504088896341 + 0.5
        let nearest = (t + 12_582_912) - 12_582_912
        let m = nearest > t ? nearest - 1 : nearest
        // r = x − m·ln 2, with ln 2 split in two as Cephes does.
        var r = m * -0.693359375 + x
        r = m * 2.12194440e-4 + r
        let r2 = r * r
        let even = r2 * 4.1898667812347412109375e-2 + 0.49999141693115234375
        let odd = r2 * 8.33471305668354034423828125e-3 + 0.16666877269744873046875
        let polynomial = r2 * (r * odd + even) + (r + 1)
        // 2^m from m + 127 as the exponent field: (m + 127 + 2²³) holds m + 127 in its low bits.
        let biased = (m + 8_388_735).bitPattern &- 0x4B00_0000
        let half = polynomial * Float(bitPattern: biased &<< 23)
        let e = half * half
        return a < low ? 0 : e / (1 + e)
    }
}
