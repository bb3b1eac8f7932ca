// The AVX-512 kernel set (F, CD, BW, DQ, VL on 512-bit registers; ScopeFlow calls it only after
// its CPU check); elsewhere the same code for the host's vectors, never called. 16-float
// vectors: 14-row tiles of 32 columns; element loops four vectors per iteration.
#include "ScopeFlowSIMDKernels.h"

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#pragma clang attribute push(                                                                   \
    __attribute__((target("avx2,fma,avx512f,avx512cd,avx512bw,avx512dq,avx512vl"), min_vector_width(512))), \
    apply_to = function)
#endif

#include "vector_types.h"

#define SF_KERNEL(name) sf_avx512_##name
#define SF_LANES 16
#define SF_TALL_TILE 14
#define SF_MAP_BLOCK 64
#define SF_MAP_LOOP _Pragma("clang loop vectorize_width(16) interleave_count(4)")
#include "kernel_set.h"

#if defined(__x86_64__)
#pragma clang attribute pop
#endif
