// TensorFlow's float32 Tanh and Sigmoid element functions, operation for operation those of
// `Float.eigenTanh` and `Float.eigenLogistic` in ScopeFlowEigenMath (Eigen's approximations as
// TF's CPU kernels run them), so a loop over them gives the same bits as ScopeFlow's baseline
// loops. The kernel files turn floating-point contraction off: nothing here may become an FMA.
// Both are branch-free (clamps are selects), so loops over them vectorize.
#ifndef SCOPEFLOW_SIMD_EIGEN_MATH_H
#define SCOPEFLOW_SIMD_EIGEN_MATH_H

/// Swift's `max(x, y)`: `y` when `y >= x`, so a NaN `x` stays.
SF_INLINE float sf_max(float x, float y) { return y >= x ? y : x; }

/// Swift's `min(x, y)`: `y` when `y < x`, so a NaN `x` stays.
SF_INLINE float sf_min(float x, float y) { return y < x ? y : x; }

/// Eigen's 9/8-degree rational approximation of `tanh` on the input clamped to ±7.90738964.
SF_INLINE float sf_eigen_tanh(float a) {
    const float clamp = 7.90738964080810547f;
    float x = sf_min(sf_max(a, -clamp), clamp);
    float x2 = x * x;
    float x3 = x2 * x;
    float p = 1.394553628e-8f;
    p = p * x2 + 2.102733560e-5f;
    p = p * x2 + 3.520756727e-3f;
    p = p * x2 + 1.340216100e-1f;
    float q = 8.015776984e-7f;
    q = q * x2 + 3.326951409e-4f;
    q = q * x2 + 2.597254514e-2f;
    q = q * x2 + 4.673548340e-1f;
    q = q * x2 + 1;
    return (x3 * p + x) / q;
}

/// Eigen's logistic `e / (1 + e)`, `e = exp(x)` as the square of Cephes' `exp(x/2)`; 0 below −104.
SF_INLINE float sf_eigen_logistic(float a) {
    const float high = 16.6355324f;
    const float low = -104;
    float x = sf_min(sf_max(a, low), high) * 0.5f;
    // m = floor(x·log2(e) + 1/2), rounding by the 1.5·2²³ trick.
    float t = x * 1.44269504088896341f + 0.5f;
    float nearest = (t + 12582912.0f) - 12582912.0f;
    float m = nearest > t ? nearest - 1 : nearest;
    float r = m * -0.693359375f + x;
    r = m * 2.12194440e-4f + r;
    float r2 = r * r;
    float even = r2 * 4.1898667812347412109375e-2f + 0.49999141693115234375f;
    float odd = r2 * 8.33471305668354034423828125e-3f + 0.16666877269744873046875f;
    float polynomial = r2 * (r * odd + even) + (r + 1);
    // 2^m through the exponent field: m + 127 + 2²³ holds m + 127 in its low bits.
    uint32_t biased = __builtin_bit_cast(uint32_t, m + 8388735.0f) - 0x4B000000u;
    float half = polynomial * __builtin_bit_cast(float, biased << 23);
    float e = half * half;
    return a < low ? 0 : e / (1 + e);
}

#endif
