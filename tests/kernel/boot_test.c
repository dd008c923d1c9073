/*
 * The ground the rest stands on: the kernel runs high with the identity
 * map gone, the CPU is what verify_cpu found and is used accordingly, the
 * clock ticks (TSC, or PIT and IRQ0 without one), and addresses turn back
 * into the names the book uses.
 */
#include <linux/bootmem.h>
#include <linux/kernel.h>
#include <linux/kallsyms.h>
#include <linux/jiffies.h>
#include <linux/string.h>
#include <linux/init.h>
#include <kunit/test.h>
#include <asm/i8259.h>
#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/sections.h>

/* The pmd of the kernel's page tables covering vaddr. */
static pmd_t *__init kernel_pmd(unsigned long vaddr)
{
	return pmd_offset(pgd_offset_k(vaddr), vaddr);
}

static void __init boot_runs_at_page_offset(struct kunit *test)
{
	KUNIT_EXPECT_GE(test, (unsigned long)_text, PAGE_OFFSET);
	KUNIT_EXPECT_EQ(test, __pa(_text) & ~0xfffffUL, 0x100000UL);
	KUNIT_EXPECT_TRUE(test, read_cr0() & X86_CR0_PG);
	KUNIT_EXPECT_EQ(test, read_cr3(), (unsigned long)__pa(swapper_pg_dir));
}

static void __init boot_identity_map_removed(struct kunit *test)
{
	/* Nothing below PAGE_OFFSET is mapped: user space would live there. */
	for (unsigned long i = 0; i < PAGE_OFFSET / PMD_SIZE; i++)
		KUNIT_EXPECT_TRUE(test, pmd_none(*kernel_pmd(i * PMD_SIZE)));
}

/*
 * The CPU walks the tables the way the C code's page-table header lays
 * them out: PAE on exactly when entries are 64 bits (three levels), and
 * then every PDPTE present with none of the bits reserved in a PDPTE
 * (R/W, U/S and the rest, Intel SDM vol. 3A Table 4-8) -- head.asm sets
 * them once, for good.
 */
static void __init boot_paging_mode_matches_pgtable(struct kunit *test)
{
	bool pae = sizeof(pte_t) == 8;

	KUNIT_EXPECT_EQ(test, !!(read_cr4_safe() & X86_CR4_PAE), pae);
	KUNIT_EXPECT_EQ(test, PTRS_PER_PTE * sizeof(pte_t), PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, (u64)PTRS_PER_PGD << PGDIR_SHIFT, 1ULL << 32);
	if (!pae)
		return;
	/*
	 * Accessed aside: the CPU loads PDPTEs into registers at CR3 load and
	 * never writes them back, but QEMU's TCG walks them like any other
	 * level and sets the bit.
	 */
	for (unsigned long i = 0; i < PTRS_PER_PGD; i++)
		KUNIT_EXPECT_EQ(test, pgd_val(swapper_pg_dir[i]) & ~(PTE_PFN_MASK | _PAGE_ACCESSED),
				(pgdval_t)_PAGE_PRESENT);
}

/*
 * verify_cpu ran (it replaces the 386 the initialiser describes) and what
 * it recorded is what paging_init() acted on: 4 MiB pages and CR4.PSE
 * exactly when the CPU has PSE, CR4 read only where one exists.
 */
static void __init boot_cpu_features_used(struct kunit *test)
{
	const struct cpuinfo_x86 *c = &boot_cpu_data;
	unsigned int large = 0;

	KUNIT_EXPECT_GE(test, c->x86, 4);
	if (c->cpuid_level < 1)		/* leaf 1 never read: no features */
		KUNIT_EXPECT_EQ(test, c->x86_capability[0], 0u);
	if (!cpu_has_cr4())
		KUNIT_EXPECT_EQ(test, read_cr4_safe(), 0UL);
	for (unsigned long i = 0; i < (0UL - PAGE_OFFSET) / PMD_SIZE; i++)
		large += pmd_large(*kernel_pmd(PAGE_OFFSET + i * PMD_SIZE));
	if (boot_cpu_has(X86_FEATURE_PSE)) {
		KUNIT_EXPECT_TRUE(test, read_cr4_safe() & X86_CR4_PSE);
		/* The first pmd holds the image and always gets a page table. */
		if (max_low_pfn >= 2 * PTRS_PER_PTE)
			KUNIT_EXPECT_GT(test, large, 0u);
	} else {
		KUNIT_EXPECT_EQ(test, large, 0u);
	}
}

/*
 * The clock moves forward and is the one the CPU allows: the TSC, which
 * must then be calibrated, or else the PIT.
 */
/* Reads of the clock before it must have moved: seconds of TCG time. */
#define CLOCK_WAIT_LOOPS	2000000UL

static void __init boot_clock_calibrated(struct kunit *test)
{
	u64 t0 = local_clock_ns(), t1;

	if (boot_cpu_has(X86_FEATURE_TSC)) {
		KUNIT_EXPECT_STREQ(test, clocksource_name(), "tsc");
		KUNIT_EXPECT_GT(test, tsc_khz_get(), 0UL);
	} else {
		KUNIT_EXPECT_STREQ(test, clocksource_name(), "pit");
		KUNIT_EXPECT_EQ(test, tsc_khz_get(), 0UL);
	}
	/*
	 * Until the clock moves, not a fixed spin: under a loaded host QEMU
	 * can stall a tick-counted (PIT) clock for tens of milliseconds.
	 */
	t1 = t0;
	for (unsigned long i = 0; i < CLOCK_WAIT_LOOPS && t1 == t0; i++)
		t1 = local_clock_ns();
	KUNIT_EXPECT_GT(test, t1, t0);
	KUNIT_EXPECT_GT(test, t0, 0ULL);
}

/* Far more iterations than a 10 ms tick takes, even under TCG. */
#define TICK_WAIT_LOOPS	200000000UL

static bool __init wait_for_jiffies(unsigned long target)
{
	for (unsigned long i = 0; i < TICK_WAIT_LOOPS; i++)
		if ((long)(jiffies - target) >= 0)
			return true;
	return false;
}

/*
 * The PIT clock's interrupt and its reading between interrupts.  Every
 * IRQ0 is one jiffy and nothing else interrupts.  Across tick boundaries
 * each reading is at least the jiffies counted before it and less than
 * one tick past those counted after it (pit_clock_ns() may count a
 * pending IRQ0 early, never a tick that has not happened), and never
 * below the previous reading.  With a TSC clock interrupts are never
 * enabled and none arrives.
 */
static void __init boot_timer_interrupt(struct kunit *test)
{
	unsigned long flags, j, ticks, samples = 0, backwards = 0, out_of_step = 0;
	u64 prev = 0;

	if (strcmp(clocksource_name(), "pit")) {
		KUNIT_EXPECT_TRUE(test, irqs_disabled());
		KUNIT_EXPECT_EQ(test, jiffies, 0UL);
		KUNIT_EXPECT_EQ(test, irq_stats.count[0], 0UL);
		KUNIT_EXPECT_EQ(test, irq_stats.unexpected, 0UL);
		return;
	}
	KUNIT_ASSERT_FALSE(test, irqs_disabled());
	j = jiffies;
	KUNIT_ASSERT_TRUE(test, wait_for_jiffies(j + 3));
	local_irq_save(flags);
	j = jiffies;
	ticks = irq_stats.count[0];
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, ticks, j);
	for (unsigned int irq = 1; irq < NR_IRQS; irq++)
		KUNIT_EXPECT_EQ(test, irq_stats.count[irq], 0UL);
	KUNIT_EXPECT_EQ(test, irq_stats.unexpected, 0UL);

	for (unsigned long i = 0; jiffies - j < 3 && i < TICK_WAIT_LOOPS; i++) {
		unsigned long before = jiffies;
		u64 ns = local_clock_ns();
		unsigned long after = jiffies;

		backwards += ns < prev;
		out_of_step += ns < (u64)before * NSEC_PER_JIFFY ||
			       ns >= (u64)(after + 1) * NSEC_PER_JIFFY;
		prev = ns;
		samples++;
	}
	KUNIT_EXPECT_GE(test, jiffies - j, 3UL);
	KUNIT_EXPECT_GE(test, samples, 3UL);
	KUNIT_EXPECT_EQ(test, backwards, 0UL);
	KUNIT_EXPECT_EQ(test, out_of_step, 0UL);
}

/*
 * IRQ7 and IRQ15 with nothing in service at the 8259 are spurious (the
 * chip's answer to a request that went away): counted, not handled, and
 * not acknowledged on the chip that made them up.  A vector whose line
 * has no handler is counted as unexpected.  The entry is called directly,
 * with interrupts off as an interrupt gate would leave them; the counts
 * are put back afterwards.
 */
static void __init boot_spurious_irqs(struct kunit *test)
{
	struct pt_regs regs = { .trapnr = FIRST_EXTERNAL_VECTOR + 7 };
	struct irq_stats saved;
	unsigned long flags;

	if (strcmp(clocksource_name(), "pit"))
		kunit_skip(test, "the 8259s are set up only for the PIT clock");
	local_irq_save(flags);
	saved = irq_stats;
	do_IRQ(&regs);
	KUNIT_EXPECT_EQ(test, irq_stats.spurious, saved.spurious + 1);
	KUNIT_EXPECT_EQ(test, irq_stats.count[7], saved.count[7]);
	regs.trapnr = FIRST_EXTERNAL_VECTOR + 15;
	do_IRQ(&regs);
	KUNIT_EXPECT_EQ(test, irq_stats.spurious, saved.spurious + 2);
	KUNIT_EXPECT_EQ(test, irq_stats.count[15], saved.count[15]);
	regs.trapnr = FIRST_EXTERNAL_VECTOR + 3;
	do_IRQ(&regs);
	KUNIT_EXPECT_EQ(test, irq_stats.unexpected, saved.unexpected + 1);
	KUNIT_EXPECT_EQ(test, irq_stats.spurious, saved.spurious + 2);
	irq_stats = saved;
	local_irq_restore(flags);
}

static void __init kallsyms_names_functions(struct kunit *test)
{
	unsigned long addr = kallsyms_lookup_name("rest_init");
	unsigned long size = 0, offset = 0;
	const char *name;
	char buf[64];

	KUNIT_ASSERT_NE(test, addr, 0UL);
	name = kallsyms_lookup(addr + 1, &size, &offset);
	KUNIT_EXPECT_STREQ(test, name, "rest_init");
	KUNIT_EXPECT_EQ(test, offset, 1UL);
	KUNIT_EXPECT_GT(test, size, 1UL);
	snprintf(buf, sizeof(buf), "%pS", (void *)(addr + 2));
	KUNIT_EXPECT_EQ(test, strncmp(buf, "rest_init+0x2/0x", 16), 0);
	/* __init functions keep their names: backtraces through boot code. */
	KUNIT_EXPECT_NE(test, kallsyms_lookup_name("start_kernel"), 0UL);
	KUNIT_EXPECT_GE(test, kallsyms_lookup_name("start_kernel"), (unsigned long)__init_begin);
	/* Data is not code. */
	KUNIT_EXPECT_NULL(test, kallsyms_lookup((unsigned long)_end - 4, &size, &offset));
}

static struct kunit_case boot_cases[] __initdata = {
	KUNIT_CASE(boot_runs_at_page_offset),
	KUNIT_CASE(boot_identity_map_removed),
	KUNIT_CASE(boot_paging_mode_matches_pgtable),
	KUNIT_CASE(boot_cpu_features_used),
	KUNIT_CASE(boot_clock_calibrated),
	KUNIT_CASE(boot_timer_interrupt),
	KUNIT_CASE(boot_spurious_irqs),
	KUNIT_CASE(kallsyms_names_functions),
	{}
};

static struct kunit_suite boot_suite = {
	.name = "boot",
	.stage = KUNIT_STAGE_BOOTMEM,
	.test_cases = boot_cases,
};
kunit_test_suite(boot_suite);
