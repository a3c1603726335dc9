#ifndef RARESEP_ALLOCATION_COUNTER_H
#define RARESEP_ALLOCATION_COUNTER_H
/// Number of heap allocations (malloc, calloc, realloc, posix_memalign,
/// aligned_alloc, memalign) made by the process so far, or -1 when counting is
/// not available on this platform (it needs glibc's __libc_* entry points).
long long raresep_allocation_count(void);
#endif
