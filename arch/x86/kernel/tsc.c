/*
 * Time since boot from the TSC, calibrated against PIT channel 2 the way
 * Linux's pit_calibrate_tsc() does: gate the channel on through port 0x61,
 * count it down in mode 0 and read the TSC at both ends.  The PIT runs at
 * 1.193182 MHz on every PC (Intel 8254 data sheet).
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/setup.h>

#define PIT_TICK_RATE	1193182UL
#define CAL_MS		20
#define CAL_LATCH	(PIT_TICK_RATE * CAL_MS / 1000)

static u64 tsc_at_boot;
static unsigned long tsc_khz;

static unsigned long __init pit_calibrate_tsc(void)
{
	u64 t0, t1;
	unsigned long loops = 0;

	/* Gate high, speaker off; channel 2, lobyte/hibyte, mode 0. */
	outb((inb(0x61) & ~0x02) | 0x01, 0x61);
	outb(0xb0, 0x43);
	outb(CAL_LATCH & 0xff, 0x42);
	outb(CAL_LATCH >> 8, 0x42);

	t0 = rdtsc();
	/* OUT2 (bit 5 of port 0x61) rises when the count reaches zero. */
	while (!(inb(0x61) & 0x20) && ++loops < 100000000UL)
		;
	t1 = rdtsc();
	if (loops >= 100000000UL || t1 <= t0)
		return 0;
	return (unsigned long)((t1 - t0) / CAL_MS);
}

void __init tsc_init(void)
{
	if (!(cpuid_edx(1) & X86_FEATURE_TSC)) {
		pr_warn("tsc: no TSC, timestamps stay at zero\n");
		return;
	}
	tsc_khz = pit_calibrate_tsc();
	if (!tsc_khz) {
		pr_warn("tsc: PIT calibration failed, timestamps stay at zero\n");
		return;
	}
	pr_info("tsc: Detected %lu.%03lu MHz processor\n", tsc_khz / 1000, tsc_khz % 1000);
}

/*
 * The TSC count at the first instruction we time from.  Read before
 * calibration, so the earliest messages still get honest timestamps.
 */
void tsc_mark_boot(void)
{
	tsc_at_boot = rdtsc();
}

unsigned long tsc_khz_get(void)
{
	return tsc_khz;
}

u64 local_clock_ns(void)
{
	if (!tsc_khz)
		return 0;
	return (rdtsc() - tsc_at_boot) * 1000000ULL / tsc_khz;
}
