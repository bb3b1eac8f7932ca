// The float32 register tile of ScopeFlow's direct convolution and tiled GEMM, written once for a
// kernel set's vector width. The including file defines:
// - `SF_LANES`: floats per vector (8 or 16); a block of 2·SF_LANES columns is one pass of tiles,
//   two vectors of B per step of the sum (one when the block has at most SF_LANES columns);
// - `SF_TALL_TILE`: rows of the tallest tile (2·SF_TALL_TILE accumulators must fit the vector
//   registers with the two vectors of B and a broadcast); the rows left run as tiles of 8 (when
//   the tallest is taller), 4, 2 and 1.
#ifndef SCOPEFLOW_SIMD_REGISTER_TILE_H
#define SCOPEFLOW_SIMD_REGISTER_TILE_H

#if SF_LANES == 16
typedef sf_f16 sf_lane;
#else
typedef sf_f8 sf_lane;
#endif

/// Columns of C one pass of tiles covers.
#define SF_BLOCK (2 * SF_LANES)

/// How many steps of the sum ahead a tile prefetches its row of B (3 to 6 measured the same).
#define SF_PREFETCH_STEPS 4

/// Where a block's tiles read their rows of B: from `b`, `bStride` floats apart, then after
/// `stepsBeforeTail` steps from `tail`, 32 floats apart.
struct sf_tile_source {
    const float *b;
    intptr_t bStride;
    const float *tail;
    intptr_t stepsBeforeTail;
};

/// One tile of `R` rows, `V` vectors wide (both constants once inlined; with `V == 1` only the
/// `left` accumulators are used and at most SF_LANES columns written). Each step of the sum
/// fuses a broadcast A element per row into its accumulators, in step order.
SF_INLINE void sf_tile_of_rows(
    int R, int V, intptr_t depth, const float *a, intptr_t aRowStride, intptr_t aDepthStride,
    struct sf_tile_source b, float *c, intptr_t ldc, intptr_t columns, bool accumulate) {
    sf_lane left[SF_TALL_TILE] = {0}, right[SF_TALL_TILE] = {0};
    const float *ap = a;
    uintptr_t bp = (uintptr_t)b.b;
    intptr_t bStep = b.bStride * (intptr_t)sizeof(float);
    intptr_t steps = b.tail == 0 || depth < b.stepsBeforeTail ? depth : b.stepsBeforeTail;
    intptr_t stepsFromTail = depth - steps;
    // At most two runs of the same loop, over the same accumulators: B in place, then its tail.
    for (;;) {
        intptr_t ahead = SF_PREFETCH_STEPS * bStep;
        for (intptr_t step = 0; step < steps; step++) {
            // The hardware prefetchers lag a stream of B from L2 (the tiled GEMM's panels).
#pragma clang loop unroll(full)
            for (int line = 0; line < V * (int)sizeof(sf_lane); line += 64) {
                __builtin_prefetch((const void *)(bp + ahead + line), 0, 3);
            }
            sf_lane b0 = SF_LOAD(sf_lane, (const void *)bp);
            sf_lane b1 = V == 2 ? SF_LOAD(sf_lane, (const void *)(bp + sizeof(sf_lane))) : (sf_lane)0;
#pragma clang loop unroll(full)
            for (int i = 0; i < R; i++) {
                sf_lane x = ap[i * aRowStride];
                left[i] = __builtin_elementwise_fma(b0, x, left[i]);
                if (V == 2) right[i] = __builtin_elementwise_fma(b1, x, right[i]);
            }
            ap += aDepthStride;
            bp += bStep;
        }
        if (stepsFromTail <= 0 || b.tail == 0) break;
        bp = (uintptr_t)b.tail;
        bStep = 32 * sizeof(float);
        steps = stepsFromTail;
        stepsFromTail = 0;
    }
    if (V == 2 && columns == SF_BLOCK) {
#pragma clang loop unroll(full)
        for (int i = 0; i < R; i++) {
            float *row = c + i * ldc;
            if (accumulate) {
                SF_STORE(row, SF_LOAD(sf_lane, row) + left[i]);
                SF_STORE(row + SF_LANES, SF_LOAD(sf_lane, row + SF_LANES) + right[i]);
            } else {
                SF_STORE(row, left[i]);
                SF_STORE(row + SF_LANES, right[i]);
            }
        }
        return;
    }
    // A narrow block: the tile goes through memory once (indexing the accumulators by a run-time
    // column would keep them out of registers in the loop above).
    float tile[SF_TALL_TILE][SF_BLOCK];
#pragma clang loop unroll(full)
    for (int i = 0; i < R; i++) {
        SF_STORE(tile[i], left[i]);
        if (V == 2) SF_STORE(tile[i] + SF_LANES, right[i]);
    }
    for (int i = 0; i < R; i++) sf_move_floats(tile[i], columns, c + i * ldc, accumulate);
}

/// The rows of one block as tiles of SF_TALL_TILE rows, then 8, 4, 2 and 1, `V` vectors wide.
SF_INLINE void sf_tiles_of_rows_by(
    int V, intptr_t rows, intptr_t depth, const float *a, intptr_t aRowStride, intptr_t aDepthStride,
    struct sf_tile_source b, float *c, intptr_t ldc, intptr_t columns, bool accumulate) {
    intptr_t done = 0;
#define SF_RUN(R)                                                                                          \
    do {                                                                                                   \
        sf_tile_of_rows(                                                                                   \
            R, V, depth, a + done * aRowStride, aRowStride, aDepthStride, b, c + done * ldc, ldc, columns, \
            accumulate);                                                                                   \
        done += R;                                                                                         \
    } while (0)
    while (rows - done >= SF_TALL_TILE) SF_RUN(SF_TALL_TILE);
#if SF_TALL_TILE > 8
    if (rows - done >= 8) SF_RUN(8);
#endif
    if (rows - done >= 4) SF_RUN(4);
    if (rows - done >= 2) SF_RUN(2);
    if (rows - done >= 1) SF_RUN(1);
#undef SF_RUN
}

/// One block of at most SF_BLOCK columns, its rows one vector wide when it has at most SF_LANES
/// columns, two otherwise.
SF_INLINE void sf_tiles_of_rows(
    intptr_t rows, intptr_t depth, const float *a, intptr_t aRowStride, intptr_t aDepthStride,
    struct sf_tile_source b, float *c, intptr_t ldc, intptr_t columns, bool accumulate) {
    if (columns <= SF_LANES) {
        sf_tiles_of_rows_by(1, rows, depth, a, aRowStride, aDepthStride, b, c, ldc, columns, accumulate);
    } else {
        sf_tiles_of_rows_by(2, rows, depth, a, aRowStride, aDepthStride, b, c, ldc, columns, accumulate);
    }
}

/// See `wideConvolutionTile`: the columns in blocks of SF_BLOCK.
SF_INLINE void sf_convolution_tile(
    intptr_t rows, intptr_t depth, const float *a, intptr_t aRowStride, intptr_t aDepthStride, const float *b,
    intptr_t bStride, float *c, intptr_t ldc, intptr_t columns, bool accumulate, const float *tail,
    intptr_t stepsBeforeTail) {
    for (intptr_t first = 0; first < columns; first += SF_BLOCK) {
        struct sf_tile_source source = {b + first, bStride, tail == 0 ? 0 : tail + first, stepsBeforeTail};
        intptr_t width = columns - first < SF_BLOCK ? columns - first : SF_BLOCK;
        // A packed with its rows side by side (the tiled GEMM's copies of A): a constant row
        // stride lets each broadcast address be the one A pointer plus a fixed offset.
        if (aRowStride == 1) {
            sf_tiles_of_rows(rows, depth, a, 1, aDepthStride, source, c + first, ldc, width, accumulate);
        } else {
            sf_tiles_of_rows(rows, depth, a, aRowStride, aDepthStride, source, c + first, ldc, width, accumulate);
        }
    }
}

#endif
