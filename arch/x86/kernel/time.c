/*
 * The clock behind printk timestamps and the mem_init timings.
 *
 * With a TSC (the Pentium on) it is the TSC (tsc.c) and interrupts stay
 * off all the time.  Without one -- an i486, or a CPU whose TSC does not
 * calibrate -- it is what Linux/i386 used before the TSC (2.4's
 * arch/i386/kernel/time.c, do_slow_gettimeoffset()): PIT channel 0 as a
 * rate generator at HZ, each IRQ0 adding one to jiffies, and the time
 * inside the current tick read back from the counter.  That path, and
 * only that one, runs with interrupts enabled.
 */
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <asm/i8259.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/setup.h>

/* Intel 8254 data sheet: the control word register and channel 0's counter. */
#define PIT_MODE	0x43
#define PIT_CH0		0x40
#define PIT_CH0_LATCH	0x00	/* counter latch command, channel 0 */
#define PIT_CH0_RATEGEN	0x34	/* channel 0, low then high byte, mode 2, binary */

volatile unsigned long jiffies;

static enum { CLOCK_NONE, CLOCK_TSC, CLOCK_PIT } clock;

/* IRQ0: one more tick (do_timer() in 2.4). */
static void timer_interrupt(void)
{
	jiffies++;
}

/*
 * Mode 2 counts LATCH, LATCH-1, ..., 1, then reloads LATCH and pulses OUT0
 * low, which the 8259 takes as IRQ0 (8254 data sheet, "Mode 2 - Rate
 * Generator"): one interrupt every LATCH input clocks.
 */
static void __init setup_pit_timer(void)
{
	outb_p(PIT_CH0_RATEGEN, PIT_MODE);
	outb_p(LATCH & 0xff, PIT_CH0);
	outb_p(LATCH >> 8, PIT_CH0);
}

/*
 * jiffies * NSEC_PER_JIFFY + the PIT clocks since the last reload.  The
 * count runs down towards the next IRQ0, so what has elapsed of the
 * current tick is LATCH - count, never more than LATCH - 1 clocks
 * (9.9993 ms, under the 10 ms a tick adds): time cannot step back when
 * jiffies moves on.  (Counting a tick as 10 ms, as 2.4 does, makes this
 * clock 15 ppm slow: LATCH clocks are 10.00015 ms.)
 *
 * Two races are settled with interrupts off:
 *  - the counter wrapped but its IRQ0 has not been taken, so jiffies is
 *    one behind the count.  The 8259's request register says an IRQ0 is
 *    pending; and a count in the upper half of the period says the wrap
 *    came before the latch (a wrap between the latch and the IRR read
 *    leaves a count near 1), so then the tick is counted here;
 *  - everything else that could make a reading fall behind the previous
 *    one -- an IRQ0 taken late under emulation, the counter "jumping
 *    upwards" on some chipsets (Linux's i8253_read() comment) -- is held
 *    at the previous value, as i8253_read() does: never backwards.
 */
static u64 pit_clock_ns(void)
{
	static u64 last_ns;
	unsigned long flags, j;
	unsigned int count;
	u64 ns;

	local_irq_save(flags);
	j = jiffies;
	outb(PIT_CH0_LATCH, PIT_MODE);
	count = inb(PIT_CH0);
	count |= inb(PIT_CH0) << 8;
	/* Out of range (a glitch, or a counter not in mode 2): start of a tick. */
	if (count == 0 || count > LATCH)
		count = LATCH;
	if (count > LATCH / 2 && i8259A_irq_pending(0))
		j++;
	ns = (u64)j * NSEC_PER_JIFFY + (u64)(LATCH - count) * NSEC_PER_SEC / PIT_TICK_RATE;
	if (ns < last_ns)
		ns = last_ns;
	last_ns = ns;
	local_irq_restore(flags);
	return ns;
}

/*
 * Choose the clock.  Needs the IDT (trap_init()): the PIT path installs
 * the IRQ gates and turns interrupts on.
 */
void __init time_init(void)
{
	if (tsc_init()) {
		clock = CLOCK_TSC;
		pr_info("clocksource: Switched to clocksource tsc\n");
		return;
	}
	init_8259A();
	setup_pit_timer();
	setup_irq(0, timer_interrupt);
	clock = CLOCK_PIT;
	local_irq_enable();
	pr_info("clocksource: Switched to clocksource pit (%s): IRQ0 at HZ=%u, LATCH %lu\n",
		boot_cpu_has(X86_FEATURE_TSC) ? "TSC not calibrated" : "no TSC",
		HZ, (unsigned long)LATCH);
}

const char *clocksource_name(void)
{
	return clock == CLOCK_TSC ? "tsc" : clock == CLOCK_PIT ? "pit" : "none";
}

u64 local_clock_ns(void)
{
	switch (clock) {
	case CLOCK_TSC:
		return tsc_clock_ns();
	case CLOCK_PIT:
		return pit_clock_ns();
	default:
		return 0;
	}
}
