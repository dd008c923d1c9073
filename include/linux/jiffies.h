#ifndef _LINUX_JIFFIES_H
#define _LINUX_JIFFIES_H

#include <asm/timex.h>

/*
 * The timer tick, used only on a CPU without a TSC (arch/x86/kernel/time.c):
 * PIT channel 0 interrupts HZ times a second and each interrupt adds one
 * to jiffies, as in Linux 2.4.  LATCH is the divisor that gives HZ, rounded
 * to the nearest count (2.4's include/linux/timex.h).
 */
#define HZ		100
#define LATCH		((PIT_TICK_RATE + HZ / 2) / HZ)
#define NSEC_PER_SEC	1000000000UL
#define NSEC_PER_JIFFY	(NSEC_PER_SEC / HZ)

extern volatile unsigned long jiffies;

#endif
