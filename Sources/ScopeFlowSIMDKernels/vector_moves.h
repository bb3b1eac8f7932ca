// The data movement around the register tiles (panel copies of B, convolution window patches,
// short row copies, float64 row sums) and the direct convolution's epilogue, on 16-float
// vectors. Inlined into both kernel sets, so each is compiled for its set's vector unit.
#ifndef SCOPEFLOW_SIMD_VECTOR_MOVES_H
#define SCOPEFLOW_SIMD_VECTOR_MOVES_H

/// The contract of `wideCopyPanelRows` for a source whose rows are not contiguous (B a transposed
/// matrix, whose columns usually are): the rows are zeroed, then filled column by column.
SF_INLINE void sf_copy_strided_panel_rows(
    intptr_t rows, intptr_t columns, const float *source, intptr_t rowStride, intptr_t columnStride,
    float *destination, intptr_t destinationStride) {
    for (intptr_t r = 0; r < rows; r++) {
        float *to = destination + r * destinationStride;
        SF_STORE(to, (sf_f16)0);
        SF_STORE(to + 16, (sf_f16)0);
    }
    for (intptr_t j = 0; j < columns; j++) {
        const float *column = source + j * columnStride;
        float *to = destination + j;
        for (intptr_t r = 0; r < rows; r++) to[r * destinationStride] = column[r * rowStride];
    }
}

/// See `wideCopyPanelRows`. Short rows are whole-vector loads with the lanes past the row zeroed
/// wherever reading 32 floats stays inside the source.
SF_INLINE void sf_copy_panel_rows(
    intptr_t rows, intptr_t columns, const float *source, intptr_t rowStride, intptr_t columnStride,
    float *destination, intptr_t destinationStride) {
    if (columnStride != 1) {
        sf_copy_strided_panel_rows(rows, columns, source, rowStride, columnStride, destination, destinationStride);
        return;
    }
    const sf_i16 lanes = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    const sf_i16 width = (int32_t)columns;
    for (intptr_t r = 0; r < rows; r++) {
        const float *from = source + r * rowStride;
        float *to = destination + r * destinationStride;
        sf_f16 low = 0, high = 0;
        if ((rows - 1 - r) * rowStride + columns >= 32) {
            low = SF_LOAD(sf_f16, from);
            high = SF_LOAD(sf_f16, from + 16);
            if (columns < 32) {
                low = SF_ZERO_WHERE(low, lanes >= width);
                high = SF_ZERO_WHERE(high, lanes + 16 >= width);
            }
        } else {
            // Through memory, not lane by lane into `low` and `high`: an insert at a run-time
            // lane would keep both vectors on the stack for the whole loop.
            float padded[32] = {0};
            sf_move_floats(from, columns, padded, false);
            low = SF_LOAD(sf_f16, padded);
            high = SF_LOAD(sf_f16, padded + 16);
        }
        SF_STORE(to, low);
        SF_STORE(to + 16, high);
    }
}

/// See `wideFillWindows`.
SF_INLINE void sf_fill_windows(
    const float *const *rows, intptr_t rowCount, intptr_t span, intptr_t step, intptr_t windows, float *values) {
    intptr_t vectors = (span + 15) / 16;
    float *to = values;
    for (intptr_t w = 0; w < windows; w++) {
        for (intptr_t k = 0; k < rowCount; k++) {
            if (rows[k] != 0) {
                const float *from = rows[k] + w * step;
                for (intptr_t v = 0; v < vectors; v++) SF_STORE(to + 16 * v, SF_LOAD(sf_f16, from + 16 * v));
            } else {
                for (intptr_t v = 0; v < vectors; v++) SF_STORE(to + 16 * v, (sf_f16)0);
            }
            to += span;
        }
    }
}

/// `rows` rows of `length >= width` floats as moves of `width` floats (a constant), the last move
/// ending the row.
SF_INLINE void sf_copy_rows_by(
    intptr_t width, intptr_t rows, intptr_t length, const float *source, intptr_t sourceStride, float *target,
    intptr_t targetStride) {
    intptr_t last = length - width;
    const float *from = source;
    float *to = target;
    for (intptr_t r = 0; r < rows; r++, from += sourceStride, to += targetStride) {
        // Rows of a few vectors: an unrolled loop's set-up would cost more than it saves.
#pragma clang loop unroll(disable)
        for (intptr_t offset = 0; offset < last; offset += width) __builtin_memcpy(to + offset, from + offset, width * 4);
        __builtin_memcpy(to + last, from + last, width * 4);
    }
}

/// See `wideCopyRows`.
SF_INLINE void sf_copy_rows(
    intptr_t rows, intptr_t length, const float *source, intptr_t sourceStride, float *target, intptr_t targetStride) {
    if (length >= 16) {
        sf_copy_rows_by(16, rows, length, source, sourceStride, target, targetStride);
    } else if (length >= 8) {
        sf_copy_rows_by(8, rows, length, source, sourceStride, target, targetStride);
    } else if (length >= 4) {
        sf_copy_rows_by(4, rows, length, source, sourceStride, target, targetStride);
    } else {
        for (intptr_t r = 0; r < rows; r++) {
            for (intptr_t j = 0; j < length; j++) target[r * targetStride + j] = source[r * sourceStride + j];
        }
    }
}

/// See `wideAddRows`. Each group of 16 columns is one pass down the rows with its sums in two
/// registers, the columns past the last group one pass each.
SF_INLINE void sf_add_rows(const float *source, intptr_t rows, intptr_t width, intptr_t rowStride, double *sums) {
    intptr_t j = 0;
    for (; j + 16 <= width; j += 16) {
        sf_d8 low = SF_LOAD(sf_d8, sums + j);
        sf_d8 high = SF_LOAD(sf_d8, sums + j + 8);
        const float *row = source + j;
        for (intptr_t r = 0; r < rows; r++) {
            sf_f16 values = SF_LOAD(sf_f16, row);
            low += __builtin_convertvector(values.lo, sf_d8);
            high += __builtin_convertvector(values.hi, sf_d8);
            row += rowStride;
        }
        SF_STORE(sums + j, low);
        SF_STORE(sums + j + 8, high);
    }
    for (; j < width; j++) {
        double sum = sums[j];
        const float *element = source + j;
        for (intptr_t r = 0; r < rows; r++) {
            sum += (double)*element;
            element += rowStride;
        }
        sums[j] = sum;
    }
}

/// The bias add and Relu of `wideConvolutionEpilogue`; with `relu` and whether `bias` is nil
/// constants once inlined, so the loops test neither.
SF_INLINE void sf_add_bias_and_rectify(float *values, intptr_t pixels, intptr_t channels, const float *bias, bool relu) {
    for (intptr_t p = 0; p < pixels; p++) {
        float *row = values + p * channels;
        intptr_t c = 0;
        for (; c + 16 <= channels; c += 16) {
            sf_f16 x = SF_LOAD(sf_f16, row + c);
            if (bias != 0) x += SF_LOAD(sf_f16, bias + c);
            if (relu) x = SF_ZERO_WHERE(x, x <= 0);
            SF_STORE(row + c, x);
        }
#pragma clang loop vectorize(disable)
        for (; c < channels; c++) {
            float x = row[c];
            if (bias != 0) x += bias[c];
            row[c] = relu && !(x > 0 || x != x) ? 0 : x;
        }
    }
}

/// See `wideConvolutionEpilogue`.
SF_INLINE void sf_convolution_epilogue(
    float *values, intptr_t pixels, intptr_t channels, const float *bias, bool relu, const float *features) {
    if (bias != 0 && relu) {
        sf_add_bias_and_rectify(values, pixels, channels, bias, true);
    } else if (bias != 0) {
        sf_add_bias_and_rectify(values, pixels, channels, bias, false);
    } else if (relu) {
        sf_add_bias_and_rectify(values, pixels, channels, 0, true);
    }
    if (features == 0) return;
    intptr_t count = pixels * channels, i = 0;
    for (; i + 16 <= count; i += 16) {
        sf_f16 g = SF_LOAD(sf_f16, values + i);
        SF_STORE(values + i, SF_ZERO_WHERE(g, ~(SF_LOAD(sf_f16, features + i) > 0)));
    }
#pragma clang loop vectorize(disable)
    for (; i < count; i++) values[i] = features[i] > 0 ? values[i] : 0;
}

#endif
