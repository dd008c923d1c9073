/*
 * Host tests for arch/x86/kernel/bootinfo.c: the boot modules' Adler-32
 * against RFC 1950's definition (values from zlib's adler32()), over
 * simulated memory, and the check that finds a module written over.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/bootinfo.h>
#include <asm/page.h>
#include "host.h"

#define SIM_SIZE	(2UL << 20)

static int bootinfo_case_init(struct kunit *test)
{
	(void)test;
	sim_mem_init(SIM_SIZE);
	host_log_clear();
	return 0;
}

static void boot_module_sums_match_zlib(struct kunit *test)
{
	struct boot_module m[3] = {
		{ .start = 0x1234, .end = 0x1234 + 9 },		/* "Wikipedia" */
		{ .start = 0x3001, .end = 0x3001 + 10000 },	/* across two page-sized reads */
		{ .start = 0x8000, .end = 0x8000 },		/* empty */
	};
	unsigned char *p = __va(0x3001);

	memcpy(__va(0x1234), "Wikipedia", 9);
	for (int i = 0; i < 10000; i++)
		p[i] = (unsigned char)(i * 7 + 3);
	sum_boot_modules(m, 3);
	KUNIT_EXPECT_EQ(test, m[0].adler32, 0x11e60398U);
	KUNIT_EXPECT_EQ(test, m[1].adler32, 0x0d817116U);
	KUNIT_EXPECT_EQ(test, m[2].adler32, 1U);
}

/* A megabyte of 0xff: the sums pass the modulus many times over. */
static void boot_module_sum_wraps_the_modulus(struct kunit *test)
{
	struct boot_module m = { .start = 0x100000, .end = 0x200000 };

	memset(__va(0x100000), 0xff, 0x100000);
	sum_boot_modules(&m, 1);
	KUNIT_EXPECT_EQ(test, m.adler32, 0x8e88ef11U);
}

static void boot_modules_changed_finds_one_byte(struct kunit *test)
{
	struct boot_module m[2] = {
		{ .start = 0x10000, .end = 0x12000 },
		{ .start = 0x12000, .end = 0x12800 },
	};

	memset(__va(0x10000), 0x5a, 0x2800);
	sum_boot_modules(m, 2);
	KUNIT_EXPECT_EQ(test, boot_modules_changed(m, 2), 0);
	*(unsigned char *)__va(0x127ff) = 0x5b;
	KUNIT_EXPECT_EQ(test, boot_modules_changed(m, 2), 1);
	KUNIT_EXPECT_TRUE(test, host_log_contains("boot module 1 at 0x0000000000012000-0x0000000000012800 was overwritten"));
	KUNIT_EXPECT_FALSE(test, host_log_contains("boot module 0"));
	KUNIT_EXPECT_EQ(test, boot_modules_changed(m, 0), -1);
}

static struct kunit_case host_bootinfo_cases[] = {
	KUNIT_CASE(boot_module_sums_match_zlib),
	KUNIT_CASE(boot_module_sum_wraps_the_modulus),
	KUNIT_CASE(boot_modules_changed_finds_one_byte),
	{}
};

static struct kunit_suite host_bootinfo = {
	.name = "host_bootinfo",
	.stage = KUNIT_STAGE_BOOTMEM,
	.test_cases = host_bootinfo_cases,
	.init = bootinfo_case_init,
};
kunit_test_suite(host_bootinfo);
