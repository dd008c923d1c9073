#ifndef _ASM_X86_TIMEX_H
#define _ASM_X86_TIMEX_H

#include <asm/processor.h>

/* A cycle counter for benchmarks, as Linux's get_cycles(): the TSC. */
typedef u64 cycles_t;

static inline cycles_t get_cycles(void)
{
	return rdtsc();
}

#endif
