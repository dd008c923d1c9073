#ifndef _ASM_X86_CACHE_H
#define _ASM_X86_CACHE_H

/*
 * The cache line, which small boot allocations are aligned to so that two
 * of them never share one (2.4's include/asm-i386/cache.h: 32 bytes from
 * the i486 to the Pentium III, the CPUs 2.4 was tuned for).
 */
#define L1_CACHE_SHIFT		5
#define L1_CACHE_BYTES		(1 << L1_CACHE_SHIFT)
#define SMP_CACHE_BYTES		L1_CACHE_BYTES

#endif
