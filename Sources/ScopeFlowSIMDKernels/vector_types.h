// The vector types and unaligned moves of the kernel files. Included after a kernel file's target
// attribute, so these helpers are compiled for that file's vector unit.
#ifndef SCOPEFLOW_SIMD_VECTOR_TYPES_H
#define SCOPEFLOW_SIMD_VECTOR_TYPES_H

typedef float sf_f16 __attribute__((ext_vector_type(16)));
typedef float sf_f8 __attribute__((ext_vector_type(8)));
typedef float sf_f4 __attribute__((ext_vector_type(4)));
typedef float sf_f2 __attribute__((ext_vector_type(2)));
typedef int32_t sf_i16 __attribute__((ext_vector_type(16)));
typedef double sf_d8 __attribute__((ext_vector_type(8)));

/// A helper inlined into each kernel, so it runs on the kernel's vector unit.
#define SF_INLINE static inline __attribute__((always_inline))

/// A value of `type` (a vector or scalar) loaded from `address`, aligned or not.
#define SF_LOAD(type, address)                           \
    ({                                                   \
        type loaded_;                                    \
        __builtin_memcpy(&loaded_, (address), sizeof(type)); \
        loaded_;                                         \
    })

/// Stores `value` (a vector or scalar) to `address`, aligned or not.
#define SF_STORE(address, value)                            \
    do {                                                    \
        __typeof__(value) stored_ = (value);                \
        __builtin_memcpy((address), &stored_, sizeof stored_); \
    } while (0)

/// The 16 floats `x` with the lanes where the `sf_i16` `mask` is set (all ones) replaced by `+0`.
#define SF_ZERO_WHERE(x, mask) ((sf_f16)((sf_i16)(x) & ~(mask)))

/// Writes (or, with `accumulate`, adds) the first `count` floats at `from` (`count < 32`) to `to`
/// as at most one move of each of 16, 8, 4, 2 and 1 floats.
SF_INLINE void sf_move_floats(const float *from, intptr_t count, float *to, bool accumulate) {
    intptr_t offset = 0;
#define SF_MOVE(type)                                              \
    do {                                                           \
        type value = SF_LOAD(type, from + offset);                 \
        if (accumulate) value += SF_LOAD(type, to + offset);       \
        SF_STORE(to + offset, value);                              \
        offset += sizeof(type) / sizeof(float);                    \
    } while (0)
    if (count & 16) SF_MOVE(sf_f16);
    if (count & 8) SF_MOVE(sf_f8);
    if (count & 4) SF_MOVE(sf_f4);
    if (count & 2) SF_MOVE(sf_f2);
#undef SF_MOVE
    if (count & 1) to[offset] = accumulate ? to[offset] + from[offset] : from[offset];
}

#endif
