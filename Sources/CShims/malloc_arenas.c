#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif

#include "shims.h"

int swiftlake_limit_malloc_arenas(int count) {
#if defined(__GLIBC__)
    return mallopt(M_ARENA_MAX, count) == 1 ? 1 : 0;
#else
    (void)count;
    return 0;
#endif
}
