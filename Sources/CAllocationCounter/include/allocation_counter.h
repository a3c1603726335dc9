#ifndef RARESEP_ALLOCATION_COUNTER_H
#define RARESEP_ALLOCATION_COUNTER_H
/// Number of heap allocations (malloc, calloc, realloc, posix_memalign,
/// aligned_alloc, memalign) made by the process so far, or -1 when counting is
/// not available on this platform (it needs glibc's __libc_* entry points).
long long raresep_allocation_count(void);
#endif

#ifndef RARESEP_ALLOCATOR_TUNING
#define RARESEP_ALLOCATOR_TUNING
/// Keep large blocks on the heap between solves (glibc mallopt: mmap threshold
/// 32 MiB, trim threshold 128 MiB), so that a workspace allocated per solve does
/// not page-fault on fresh pages every time. No-op elsewhere.
void raresep_tune_allocator(void);
#endif
