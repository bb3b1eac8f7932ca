// One kernel set: the public functions of the header named through `SF_KERNEL(name)`, over the
// shared code, for the including file's vector unit. Besides the macros of register_tile.h, the
// including file defines `SF_KERNEL`, `SF_MAP_BLOCK` (floats per iteration of the vectorized
// element loops: vector width times interleave) and `SF_MAP_LOOP` (the loop pragma that asks for
// that width and interleave).
#ifndef SCOPEFLOW_SIMD_KERNEL_SET_H
#define SCOPEFLOW_SIMD_KERNEL_SET_H

#include "eigen_math.h"
#include "register_tile.h"
#include "vector_moves.h"

/// Replaces each of the `count` floats at `values` with `tanh ? sf_eigen_tanh(x) :
/// sf_eigen_logistic(x)`: whole blocks of SF_MAP_BLOCK floats, then the rest through one
/// zero-padded block, so no float goes through a scalar remainder loop (the seed RNN's 220-float
/// gates would leave up to SF_MAP_BLOCK − 1 of them there, most of the loop's time).
SF_INLINE void sf_map_in_place(float *values, intptr_t count, bool tanh) {
    intptr_t whole = count / SF_MAP_BLOCK * SF_MAP_BLOCK;
    SF_MAP_LOOP
    for (intptr_t i = 0; i < whole; i++) values[i] = tanh ? sf_eigen_tanh(values[i]) : sf_eigen_logistic(values[i]);
    intptr_t rest = count - whole;
    if (rest == 0) return;
    float block[SF_MAP_BLOCK] = {0};
    __builtin_memcpy(block, values + whole, rest * sizeof(float));
    SF_MAP_LOOP
    for (int i = 0; i < SF_MAP_BLOCK; i++) block[i] = tanh ? sf_eigen_tanh(block[i]) : sf_eigen_logistic(block[i]);
    __builtin_memcpy(values + whole, block, rest * sizeof(float));
}

void SF_KERNEL(eigen_tanh)(float *values, intptr_t count) { sf_map_in_place(values, count, true); }

void SF_KERNEL(eigen_logistic)(float *values, intptr_t count) { sf_map_in_place(values, count, false); }

void SF_KERNEL(convolution_tile)(
    intptr_t rows, intptr_t depth, const float *a, intptr_t aRowStride, intptr_t aDepthStride, const float *b,
    intptr_t bStride, float *c, intptr_t ldc, intptr_t columns, bool accumulate, const float *tail,
    intptr_t stepsBeforeTail) {
    sf_convolution_tile(
        rows, depth, a, aRowStride, aDepthStride, b, bStride, c, ldc, columns, accumulate, tail, stepsBeforeTail);
}

void SF_KERNEL(copy_panel_rows)(
    intptr_t rows, intptr_t columns, const float *source, intptr_t rowStride, intptr_t columnStride,
    float *destination, intptr_t destinationStride) {
    sf_copy_panel_rows(rows, columns, source, rowStride, columnStride, destination, destinationStride);
}

void SF_KERNEL(fill_windows)(
    const float *const *rows, intptr_t rowCount, intptr_t span, intptr_t step, intptr_t windows,
    float *values) {
    sf_fill_windows(rows, rowCount, span, step, windows, values);
}

void SF_KERNEL(copy_rows)(
    intptr_t rows, intptr_t length, const float *source, intptr_t sourceStride, float *target, intptr_t targetStride) {
    sf_copy_rows(rows, length, source, sourceStride, target, targetStride);
}

void SF_KERNEL(add_rows)(const float *source, intptr_t rows, intptr_t width, intptr_t rowStride, double *sums) {
    sf_add_rows(source, rows, width, rowStride, sums);
}

void SF_KERNEL(convolution_epilogue)(
    float *values, intptr_t pixels, intptr_t channels, const float *bias, bool relu,
    const float *features) {
    sf_convolution_epilogue(values, pixels, channels, bias, relu, features);
}

#endif
