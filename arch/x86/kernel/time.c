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
#include <asm/fixmap.h>
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
/* Channel 0's count, latched so the two bytes belong together. */
static unsigned int pit_read_count(void)
{
	unsigned int count;

	outb(PIT_CH0_LATCH, PIT_MODE);
	count = inb(PIT_CH0);
	count |= inb(PIT_CH0) << 8;
	return count;
}

static u64 pit_clock_ns(void)
{
	static u64 last_ns;
	unsigned long flags, j;
	unsigned int count;
	u64 ns;

	local_irq_save(flags);
	j = jiffies;
	count = pit_read_count();
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
 * Does IRQ0 arrive?  Give it a few periods, counted on the PIT itself (in
 * mode 2 the count runs down and reloads LATCH: a count above the last
 * one is a new period), so the wait does not depend on the CPU's speed.
 */
static bool __init timer_irq_works(void)
{
	unsigned long j0 = jiffies;
	unsigned int prev = LATCH, periods = 0;

	for (unsigned long i = 0; i < 10000000UL && periods < 5 && jiffies == j0; i++) {
		unsigned int count = pit_read_count();

		periods += count > prev;
		prev = count;
	}
	return jiffies != j0;
}

/*
 * A CPU may have a local APIC that its CPUID does not report (QEMU's
 * "level=0"), so the BIOS left it alone: then the 8259's INTR reaches the
 * CPU only through the APIC's LINT0, which is masked after reset.  Put
 * the APIC in virtual wire mode, as the BIOS does on a machine it knows
 * has one (MultiProcessor Specification 1.4, 3.6.2.2; Intel SDM vol. 3A
 * 10.5.1): software-enabled, LINT0 as ExtINT, LINT1 as NMI.  The APIC is
 * probed at its reset address through its version register.
 */
#define APIC_DEFAULT_PHYS_BASE	0xfee00000UL
#define APIC_LVR		0x30
#define APIC_SPIV		0xf0
#define APIC_LVT0		0x350
#define APIC_LVT1		0x360
#define APIC_SPIV_ENABLED	0x100
#define APIC_DM_NMI		0x400
#define APIC_DM_EXTINT		0x700

static bool __init lapic_virtual_wire(void)
{
	volatile u32 *apic;
	u32 version;
	bool found;

	__set_fixmap(FIX_APIC_BASE, APIC_DEFAULT_PHYS_BASE, PAGE_KERNEL_NOCACHE);
	apic = (volatile u32 *)__fix_to_virt(FIX_APIC_BASE);
	version = apic[APIC_LVR / 4];
	/* An integrated APIC: version 0x10-0x15, at least LINT0 and LINT1. */
	found = (version & 0xf0) == 0x10 && ((version >> 16) & 0xff) >= 3;
	if (found) {
		apic[APIC_SPIV / 4] = APIC_SPIV_ENABLED | 0xff;
		apic[APIC_LVT0 / 4] = APIC_DM_EXTINT;
		apic[APIC_LVT1 / 4] = APIC_DM_NMI;
	}
	clear_fixmap(FIX_APIC_BASE);
	return found;
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
	if (!timer_irq_works()) {
		if (lapic_virtual_wire())
			pr_info("clocksource: IRQ0 held back by a local APIC the CPU does not report: virtual wire mode set\n");
		if (!timer_irq_works())
			panic("clocksource: the PIT's IRQ0 never arrives, and there is no TSC to keep time with");
	}
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
