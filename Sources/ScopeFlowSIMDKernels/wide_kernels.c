// The wide kernel set: AVX2 + FMA on x86-64 (ScopeFlow calls it only after its CPU check), the
// host's own vectors elsewhere. 8-float vectors: 6-row tiles, two 16-column blocks per 32
// columns; element loops two vectors per iteration (each vector is a long dependency chain, and
// two keep both FMA pipes busy).
#include "ScopeFlowSIMDKernels.h"

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#endif

#include "vector_types.h"

#define SF_KERNEL(name) sf_wide_##name
#define SF_LANES 8
#define SF_TALL_TILE 6
#define SF_MAP_BLOCK 16
#define SF_MAP_LOOP _Pragma("clang loop vectorize_width(8) interleave_count(2)")
#include "kernel_set.h"

void sf_float_micro_kernel_6x16(
    intptr_t depth, const float *a, const float *b, float *c, intptr_t ldc, intptr_t rows, intptr_t columns,
    bool accumulate) {
    sf_f16 c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0;
    const float *ap = a, *bp = b;
    for (intptr_t step = 0; step < depth; step++) {
        sf_f16 bv = SF_LOAD(sf_f16, bp);
        c0 = __builtin_elementwise_fma(bv, (sf_f16)ap[0], c0);
        c1 = __builtin_elementwise_fma(bv, (sf_f16)ap[1], c1);
        c2 = __builtin_elementwise_fma(bv, (sf_f16)ap[2], c2);
        c3 = __builtin_elementwise_fma(bv, (sf_f16)ap[3], c3);
        c4 = __builtin_elementwise_fma(bv, (sf_f16)ap[4], c4);
        c5 = __builtin_elementwise_fma(bv, (sf_f16)ap[5], c5);
        ap += 6;
        bp += 16;
    }
    const sf_f16 tile[6] = {c0, c1, c2, c3, c4, c5};
    for (intptr_t r = 0; r < rows; r++) {
        float *row = c + r * ldc;
        if (columns == 16) {
            SF_STORE(row, accumulate ? SF_LOAD(sf_f16, row) + tile[r] : tile[r]);
        } else {
            for (intptr_t j = 0; j < columns; j++) row[j] = accumulate ? row[j] + tile[r][j] : tile[r][j];
        }
    }
}

#if defined(__x86_64__)
#pragma clang attribute pop
#endif
