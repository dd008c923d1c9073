#ifndef _ASM_X86_TIMEX_H
#define _ASM_X86_TIMEX_H

#include <linux/types.h>

/* The 8254's input clock on every PC: 1.193182 MHz (Intel 8254 data sheet). */
#define PIT_TICK_RATE	1193182UL

/*
 * A cycle counter for benchmarks, as Linux's get_cycles(): the TSC, or 0
 * on a CPU without one.  Out of line in tsc.c so that the rdtsc
 * instruction exists in one guarded place only (the harness's i486
 * instruction check holds the kernel to that).
 */
typedef u64 cycles_t;

cycles_t get_cycles(void);

#endif
