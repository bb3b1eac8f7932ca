// Software prefetch for ScopeFlow's baseline code (the direct convolution's next input rows).
#include "ScopeFlowSIMDKernels.h"

void sf_prefetch_lines(const float *start, intptr_t count) {
    uintptr_t first = (uintptr_t)start;
    for (uintptr_t byte = 0; byte < (uintptr_t)count * sizeof(float); byte += 64) {
        __builtin_prefetch((const void *)(first + byte), 0, 3);
    }
}
