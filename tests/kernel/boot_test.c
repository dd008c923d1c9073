/*
 * The ground the rest stands on: the kernel runs high with the identity
 * map gone, the clock ticks, and addresses turn back into the names the
 * book uses.
 */
#include <linux/kernel.h>
#include <linux/kallsyms.h>
#include <linux/string.h>
#include <linux/init.h>
#include <kunit/test.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/sections.h>

extern unsigned long swapper_pg_dir[1024];

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
	for (unsigned long i = 0; i < (PAGE_OFFSET >> 22); i++)
		KUNIT_EXPECT_EQ(test, swapper_pg_dir[i], 0UL);
}

static void __init boot_clock_calibrated(struct kunit *test)
{
	u64 t0 = local_clock_ns(), t1;

	KUNIT_ASSERT_GT(test, tsc_khz_get(), 0UL);
	for (volatile int i = 0; i < 10000; i++)
		;
	t1 = local_clock_ns();
	KUNIT_EXPECT_GT(test, t1, t0);
	KUNIT_EXPECT_GT(test, t0, 0ULL);
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
	KUNIT_CASE(boot_clock_calibrated),
	KUNIT_CASE(kallsyms_names_functions),
	{}
};

static struct kunit_suite boot_suite = {
	.name = "boot",
	.stage = KUNIT_STAGE_BOOTMEM,
	.test_cases = boot_cases,
};
kunit_test_suite(boot_suite);
