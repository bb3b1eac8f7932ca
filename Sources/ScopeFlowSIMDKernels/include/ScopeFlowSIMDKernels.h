// ScopeFlowSIMDKernels: ScopeFlow's float32 vector kernels, compiled per function for the vector
// unit they run on. The `wide…` functions and `floatMicroKernel6x16` carry AVX2 + FMA on x86-64,
// the `avx512…` functions AVX-512 (F, CD, BW, DQ, VL, on 512-bit registers): nothing may call them
// before ScopeFlow has checked that the CPU has those features (`SIMDSupport`). On other
// architectures both sets are the same portable vector code for the host (only the wide set runs).
//
// Every function gives the same bits as the Swift code it stands for: sums in the same order,
// a fused multiply-add only where that code fused one.
#ifndef SCOPEFLOW_SIMD_KERNELS_H
#define SCOPEFLOW_SIMD_KERNELS_H

#include <stdbool.h>
#include <stdint.h>

#pragma clang assume_nonnull begin

// MARK: Tanh and Sigmoid

/// Replaces each of the `count` floats at `values` with Eigen's tanh of it (TF's `Tanh`), 8 lanes
/// at a time; the bits of `Float.eigenTanh` of `ScopeFlowEigenMath`.
void sf_wide_eigen_tanh(float *values, intptr_t count) __attribute__((swift_name("wideEigenTanh(_:count:)")));

/// Replaces each of the `count` floats at `values` with Eigen's logistic of it (TF's `Sigmoid`),
/// 8 lanes at a time; the bits of `Float.eigenLogistic` of `ScopeFlowEigenMath`.
void sf_wide_eigen_logistic(float *values, intptr_t count)
    __attribute__((swift_name("wideEigenLogistic(_:count:)")));

/// ``wideEigenTanh(_:count:)`` 16 lanes at a time, on AVX-512.
void sf_avx512_eigen_tanh(float *values, intptr_t count) __attribute__((swift_name("avx512EigenTanh(_:count:)")));

/// ``wideEigenLogistic(_:count:)`` 16 lanes at a time, on AVX-512.
void sf_avx512_eigen_logistic(float *values, intptr_t count)
    __attribute__((swift_name("avx512EigenLogistic(_:count:)")));

// MARK: Register tiles

/// Computes `C (+)= A·B` for a `rows x columns` block of C, `columns <= 32`, reading A and B in
/// place through strides, in 6-row tiles of two 16-column halves on 8-float vectors.
///
/// `A[i][p] = a[i·aRowStride + p·aDepthStride]` and `B[p][j] = b[p·bStride + j]`, for rows `i`,
/// sum steps `p < depth` and columns `j < 32`: B must have 32 readable floats in each of its
/// `depth` rows (16 when `columns <= 16`); those past `columns` may hold anything, since their
/// sums are never stored. Each step of a tile's sum fuses one broadcast A element per row into an
/// accumulator per vector of B (`vfmadd231ps`), in step order, and loads B's row of a step four
/// steps ahead into cache.
///
/// - Parameters:
///   - rows: rows of C to compute.
///   - depth: the length of each sum.
///   - a: `A[0][0]`.
///   - aRowStride: floats between `A[i][p]` and `A[i+1][p]`.
///   - aDepthStride: floats between `A[i][p]` and `A[i][p+1]`.
///   - b: `B[0][0]`.
///   - bStride: floats between rows of B.
///   - c: `C[0][0]`.
///   - ldc: floats between rows of C.
///   - columns: the columns of C to write, 1...32.
///   - accumulate: add to C instead of overwriting it.
///   - tail: where the rows of B from step `stepsBeforeTail` on are instead, 32 floats apart
///     (the tiled GEMM's copy of the last rows of a narrow panel it reads in place); nil: none.
///   - stepsBeforeTail: how many steps read B at `b` before the rest read `tail`.
void sf_wide_convolution_tile(
    intptr_t rows, intptr_t depth, const float *a, intptr_t aRowStride, intptr_t aDepthStride, const float *b,
    intptr_t bStride, float *c, intptr_t ldc, intptr_t columns, bool accumulate, const float *_Nullable tail,
    intptr_t stepsBeforeTail)
    __attribute__((swift_name(
        "wideConvolutionTile(rows:depth:a:aRowStride:aDepthStride:b:bStride:c:ldc:columns:accumulate:tail:stepsBeforeTail:)")));

/// ``wideConvolutionTile(rows:depth:a:aRowStride:aDepthStride:b:bStride:c:ldc:columns:accumulate:tail:stepsBeforeTail:)``
/// on AVX-512: tiles of 14 rows (28 accumulators of the 32 vector registers), then 8, 4, 2 and 1,
/// each row one 16-float vector wide when `columns <= 16`, two otherwise.
void sf_avx512_convolution_tile(
    intptr_t rows, intptr_t depth, const float *a, intptr_t aRowStride, intptr_t aDepthStride, const float *b,
    intptr_t bStride, float *c, intptr_t ldc, intptr_t columns, bool accumulate, const float *_Nullable tail,
    intptr_t stepsBeforeTail)
    __attribute__((swift_name(
        "avx512ConvolutionTile(rows:depth:a:aRowStride:aDepthStride:b:bStride:c:ldc:columns:accumulate:tail:stepsBeforeTail:)")));

/// Computes one `6 x 16` tile of `C (+)= A·B` from packed micro-panels (the blocked GEMM's) and
/// writes its `rows x columns` top-left corner to C.
///
/// Each step `p` of the sum fuses one broadcast A element per row times one 16-float row of B
/// into the running sums: twelve 8-float accumulators stay in registers for the whole depth.
///
/// - Parameters:
///   - depth: the length of the sum (the panels' depth).
///   - a: the A micro-panel: `depth` columns of 6 floats, one after the other.
///   - b: the B micro-panel: `depth` rows of 16 floats, one after the other.
///   - c: the tile's top-left element in C.
///   - ldc: C's row stride, in floats.
///   - rows: the rows of the tile to write, 1...6.
///   - columns: the columns of the tile to write, 1...16.
///   - accumulate: add the tile to C instead of overwriting it.
void sf_float_micro_kernel_6x16(
    intptr_t depth, const float *a, const float *b, float *c, intptr_t ldc, intptr_t rows, intptr_t columns,
    bool accumulate) __attribute__((swift_name("floatMicroKernel6x16(depth:a:b:c:ldc:rows:columns:accumulate:)")));

// MARK: Data movement around the tiles

/// Copies `rows` rows of `columns` floats (`columns <= 32`) into rows of 32 floats, zero past
/// `columns`: `destination[r·destinationStride + j] = source[r·rowStride + j·columnStride]`.
///
/// The source must be exactly those rows and columns of a matrix: a short contiguous row is read
/// as 32 floats whenever that stays at or before the last float of the last row.
void sf_wide_copy_panel_rows(
    intptr_t rows, intptr_t columns, const float *source, intptr_t rowStride, intptr_t columnStride,
    float *destination, intptr_t destinationStride)
    __attribute__((swift_name(
        "wideCopyPanelRows(rows:columns:source:rowStride:columnStride:destination:destinationStride:)")));

/// ``wideCopyPanelRows(rows:columns:source:rowStride:columnStride:destination:destinationStride:)`` on AVX-512.
void sf_avx512_copy_panel_rows(
    intptr_t rows, intptr_t columns, const float *source, intptr_t rowStride, intptr_t columnStride,
    float *destination, intptr_t destinationStride)
    __attribute__((swift_name(
        "avx512CopyPanelRows(rows:columns:source:rowStride:columnStride:destination:destinationStride:)")));

/// Lays out `windows` convolution windows side by side: window `w` is `rowCount` pieces of `span`
/// floats at `values + w·rowCount·span`, piece `k` read from `rows[k] + w·step`, or zeros where
/// `rows[k]` is nil.
///
/// Pieces move as whole 16-float vectors, in order, so each may write up to 15 floats past its
/// end (the next piece overwrites them) and read up to 15 past its end: `values` needs 15 writable
/// floats past the last window, and each row 15 readable floats past the last piece read from it.
void sf_wide_fill_windows(
    const float *_Nullable const *_Nonnull rows, intptr_t rowCount, intptr_t span, intptr_t step, intptr_t windows,
    float *values) __attribute__((swift_name("wideFillWindows(rows:rowCount:span:step:windows:into:)")));

/// ``wideFillWindows(rows:rowCount:span:step:windows:into:)`` on AVX-512.
void sf_avx512_fill_windows(
    const float *_Nullable const *_Nonnull rows, intptr_t rowCount, intptr_t span, intptr_t step, intptr_t windows,
    float *values) __attribute__((swift_name("avx512FillWindows(rows:rowCount:span:step:windows:into:)")));

/// Copies `rows` rows of `length` floats: row `r` from `source + r·sourceStride` to
/// `target + r·targetStride`. Rows must not overlap. Each row moves as whole vectors, the last one
/// overlapping the one before rather than a scalar tail (rows of 4 floats or more).
void sf_wide_copy_rows(
    intptr_t rows, intptr_t length, const float *source, intptr_t sourceStride, float *target, intptr_t targetStride)
    __attribute__((swift_name("wideCopyRows(rows:length:source:sourceStride:target:targetStride:)")));

/// ``wideCopyRows(rows:length:source:sourceStride:target:targetStride:)`` on AVX-512.
void sf_avx512_copy_rows(
    intptr_t rows, intptr_t length, const float *source, intptr_t sourceStride, float *target, intptr_t targetStride)
    __attribute__((swift_name("avx512CopyRows(rows:length:source:sourceStride:target:targetStride:)")));

/// Adds each of `rows` rows of `width` floats at `source`, `rowStride` floats apart, into the
/// float64 `sums`, in row order: `sums[j] += Double(source[r·rowStride + j])` for `r = 0 ..< rows`.
void sf_wide_add_rows(const float *source, intptr_t rows, intptr_t width, intptr_t rowStride, double *sums)
    __attribute__((swift_name("wideAddRows(_:rows:width:rowStride:into:)")));

/// ``wideAddRows(_:rows:width:rowStride:into:)`` on AVX-512.
void sf_avx512_add_rows(const float *source, intptr_t rows, intptr_t width, intptr_t rowStride, double *sums)
    __attribute__((swift_name("avx512AddRows(_:rows:width:rowStride:into:)")));

/// Applies a convolution's epilogue to `pixels` pixels of `channels` floats at `values`, in place:
/// `x + bias[c]` when `bias` is given, then TF's Relu when `relu` (`x` where `x > 0` or `x` is
/// NaN, which it keeps bit for bit, else `+0`), then, when `features` is given, ReluGrad:
/// `features[i] > 0 ? x : 0`, `features` laid out as `values`.
void sf_wide_convolution_epilogue(
    float *values, intptr_t pixels, intptr_t channels, const float *_Nullable bias, bool relu,
    const float *_Nullable features)
    __attribute__((swift_name("wideConvolutionEpilogue(_:pixels:channels:bias:relu:features:)")));

/// ``wideConvolutionEpilogue(_:pixels:channels:bias:relu:features:)`` on AVX-512.
void sf_avx512_convolution_epilogue(
    float *values, intptr_t pixels, intptr_t channels, const float *_Nullable bias, bool relu,
    const float *_Nullable features)
    __attribute__((swift_name("avx512ConvolutionEpilogue(_:pixels:channels:bias:relu:features:)")));

// MARK: Prefetch

/// Asks the CPU to bring the cache lines of `count` floats from `start` on into every level of
/// cache, one prefetch per 64-byte line: a hint only, nothing is read and nothing can fault.
void sf_prefetch_lines(const float *start, intptr_t count) __attribute__((swift_name("prefetchLines(of:count:)")));

#pragma clang assume_nonnull end

#endif
