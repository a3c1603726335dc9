// Counts heap allocations for `raresep bench` by interposing the allocator of
// the executable it is linked into (only the raresep tool; never the library).
// Each call is forwarded to glibc's own implementation; the count is a relaxed
// atomic increment.
#define _GNU_SOURCE
#include <stdlib.h>
#include <stdatomic.h>
#include "allocation_counter.h"

#if defined(__GLIBC__)
static _Atomic long long raresep_allocations = 0;

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);
void free(void *p) { __libc_free(p); }

static inline void count_one(void) { atomic_fetch_add_explicit(&raresep_allocations, 1, memory_order_relaxed); }

void *malloc(size_t n) { count_one(); return __libc_malloc(n); }
void *calloc(size_t a, size_t b) { count_one(); return __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { count_one(); return __libc_realloc(p, n); }
void *memalign(size_t a, size_t n) { count_one(); return __libc_memalign(a, n); }
void *aligned_alloc(size_t a, size_t n) { count_one(); return __libc_memalign(a, n); }
int posix_memalign(void **out, size_t a, size_t n) {
    count_one();
    void *p = __libc_memalign(a, n);
    if (p == NULL) return 12; /* ENOMEM */
    *out = p;
    return 0;
}

long long raresep_allocation_count(void) { return atomic_load_explicit(&raresep_allocations, memory_order_relaxed); }
#else
long long raresep_allocation_count(void) { return -1; }
#endif

#if defined(__GLIBC__)
#include <malloc.h>
void raresep_tune_allocator(void) {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
}
#else
void raresep_tune_allocator(void) {}
#endif
