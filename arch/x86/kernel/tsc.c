/*
 * Time since boot from the TSC, calibrated against PIT channel 2 the way
 * Linux's pit_calibrate_tsc() does: gate the channel on through port 0x61,
 * count it down in mode 0 and read the TSC at both ends.  The PIT runs at
 * 1.193182 MHz on every PC (Intel 8254 data sheet).  A CPU without a TSC
 * (the i486, early Pentium-class clones) gets its clock from PIT channel 0
 * instead (time.c).
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/timex.h>

#define CAL_MS		20
#define CAL_LATCH	(PIT_TICK_RATE * CAL_MS / 1000)

static u64 tsc_at_boot;
static unsigned long tsc_khz;

/*
 * The one place rdtsc is executed, behind the feature check (Linux's
 * get_cycles() returns 0 the same way when the TSC is missing).  rdtsc
 * came with the Pentium: an i486 raises #UD on it.
 */
__noinline cycles_t get_cycles(void)
{
	u32 lo, hi;

	if (!boot_cpu_has(X86_FEATURE_TSC))
		return 0;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static unsigned long __init pit_calibrate_tsc(void)
{
	u64 t0, t1;
	unsigned long loops = 0;

	/* Gate high, speaker off; channel 2, lobyte/hibyte, mode 0. */
	outb((inb(0x61) & ~0x02) | 0x01, 0x61);
	outb(0xb0, 0x43);
	outb(CAL_LATCH & 0xff, 0x42);
	outb(CAL_LATCH >> 8, 0x42);

	t0 = get_cycles();
	/* OUT2 (bit 5 of port 0x61) rises when the count reaches zero. */
	while (!(inb(0x61) & 0x20) && ++loops < 100000000UL)
		;
	t1 = get_cycles();
	if (loops >= 100000000UL || t1 <= t0)
		return 0;
	return (unsigned long)((t1 - t0) / CAL_MS);
}

/* Whether the TSC can be the clock: the CPU has one and it calibrates. */
bool __init tsc_init(void)
{
	if (!boot_cpu_has(X86_FEATURE_TSC))
		return false;
	tsc_khz = pit_calibrate_tsc();
	if (!tsc_khz) {
		pr_warn("tsc: PIT calibration failed\n");
		return false;
	}
	pr_info("tsc: Detected %lu.%03lu MHz processor\n", tsc_khz / 1000, tsc_khz % 1000);
	return true;
}

/*
 * The TSC count at the first instruction we time from.  Read before
 * calibration, so the earliest messages still get honest timestamps
 * (0 without a TSC; the PIT clock starts at time_init()).
 */
void tsc_mark_boot(void)
{
	tsc_at_boot = get_cycles();
}

/* 0 unless the TSC is calibrated (and so the clock, see time.c). */
unsigned long tsc_khz_get(void)
{
	return tsc_khz;
}

u64 tsc_clock_ns(void)
{
	return (get_cycles() - tsc_at_boot) * 1000000ULL / tsc_khz;
}
