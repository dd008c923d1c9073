/*
 * Host tests of the KUnit macros themselves (include/kunit/test.h), which
 * every kernel and host suite trusts for its verdicts.  Each check under
 * test runs on a test case of its own ("probe") with its KTAP output
 * captured; what it decided and what it printed are then judged with
 * KUNIT_FAIL() only, never with the macros being tested.
 *
 * The case that started it: memmap=4K$0x8000000000000000 gave an e820
 * entry at 2^63, and e820_live_map_is_sane's KUNIT_EXPECT_GE() compared it
 * as a negative long long and failed (e->addr == -9223372036854775808).
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/e820.h>
#include "host.h"

static char out[1024];

/* text, one KTAP diagnostic line per line, under a heading. */
static void print_block(const char *heading, const char *text)
{
	kunit_printk("    # %s\n", heading);
	while (*text) {
		const char *nl = strchr(text, '\n');
		int n = nl ? (int)(nl - text) : (int)strlen(text);

		kunit_printk("    #   |%.*s\n", n, text);
		text += n + (nl ? 1 : 0);
	}
}

/*
 * Run the statement, which checks on `probe`; true when the check failed.
 * Variadic: a check's expansion may hold commas of its own.
 */
#define VERDICT(...) ({						\
	struct kunit __probe = { .name = "probe" };			\
	struct kunit *probe = &__probe;					\
	host_kunit_capture(out, sizeof(out));				\
	__VA_ARGS__;							\
	host_kunit_capture(NULL, 0);					\
	__probe.failed;							\
})

/* A check that holds fails nothing and prints nothing. */
#define PASSES(test, ...) do {						\
	if (VERDICT(__VA_ARGS__) || out[0]) {				\
		KUNIT_FAIL(test, "%s failed, it must pass", #__VA_ARGS__); \
		print_block("it printed:", out);			\
	}								\
} while (0)

#define FAILS(test, ...) do {						\
	if (!VERDICT(__VA_ARGS__))					\
		KUNIT_FAIL(test, "%s passed, it must fail", #__VA_ARGS__); \
} while (0)

static void kunit_unsigned_64_compares_as_unsigned(struct kunit *test)
{
	u64 big = 0x8000000000000000ULL, top = ~0ULL;
	struct e820entry map[2] = {
		{ 0, 0x9fc00, E820_RAM },
		{ 0x8000000000000000ULL, 0x1000, E820_RESERVED },
	};

	PASSES(test, KUNIT_EXPECT_GT(probe, 0x8000000000000000ULL, 1));
	PASSES(test, KUNIT_EXPECT_GT(probe, big, 1));
	PASSES(test, KUNIT_EXPECT_GE(probe, big, 1));
	PASSES(test, KUNIT_EXPECT_LT(probe, 1, big));
	PASSES(test, KUNIT_EXPECT_LE(probe, 1, big));
	PASSES(test, KUNIT_EXPECT_NE(probe, big, 1));
	PASSES(test, KUNIT_EXPECT_EQ(probe, big, 0x8000000000000000ULL));
	PASSES(test, KUNIT_EXPECT_GT(probe, top, big));
	PASSES(test, KUNIT_EXPECT_GT(probe, top, LLONG_MAX));
	PASSES(test, KUNIT_EXPECT_EQ(probe, top, ~0ULL));
	/* e820_live_map_is_sane's checks on an entry at 2^63 */
	PASSES(test, KUNIT_EXPECT_GT(probe, map[1].size, 0ULL));
	PASSES(test, KUNIT_EXPECT_GE(probe, map[1].addr, map[0].addr + map[0].size));

	FAILS(test, KUNIT_EXPECT_LT(probe, 0x8000000000000000ULL, 1));
	FAILS(test, KUNIT_EXPECT_LE(probe, big, 1));
	FAILS(test, KUNIT_EXPECT_GT(probe, 1, big));
	FAILS(test, KUNIT_EXPECT_GE(probe, 1, big));
	FAILS(test, KUNIT_EXPECT_EQ(probe, big, 1));
	FAILS(test, KUNIT_EXPECT_NE(probe, big, big));
	FAILS(test, KUNIT_EXPECT_LT(probe, top, big));
	FAILS(test, KUNIT_EXPECT_LE(probe, map[1].addr, map[0].addr + map[0].size));
}

/*
 * A signed and an unsigned operand compare as numbers: -1 is below every
 * unsigned value, and equal to none, whatever C's conversions would make
 * of it.
 */
static void kunit_mixed_signedness_compares_by_value(struct kunit *test)
{
	int minus_one = -1;
	long long min = LLONG_MIN;
	unsigned int u32_max = 0xffffffffU;

	PASSES(test, KUNIT_EXPECT_LT(probe, minus_one, 1U));
	PASSES(test, KUNIT_EXPECT_LT(probe, minus_one, 0ULL));
	PASSES(test, KUNIT_EXPECT_GT(probe, 1U, minus_one));
	PASSES(test, KUNIT_EXPECT_NE(probe, minus_one, ~0ULL));
	PASSES(test, KUNIT_EXPECT_NE(probe, minus_one, u32_max));
	PASSES(test, KUNIT_EXPECT_EQ(probe, minus_one, -1LL));
	PASSES(test, KUNIT_EXPECT_EQ(probe, (signed char)-1, -1LL));
	PASSES(test, KUNIT_EXPECT_EQ(probe, (unsigned char)255, 255));
	PASSES(test, KUNIT_EXPECT_EQ(probe, 255ULL, (short)255));
	PASSES(test, KUNIT_EXPECT_LT(probe, min, 0ULL));
	PASSES(test, KUNIT_EXPECT_LE(probe, min, minus_one));
	PASSES(test, KUNIT_EXPECT_GE(probe, u32_max, minus_one));
	PASSES(test, KUNIT_EXPECT_GT(probe, ~0ULL, LLONG_MAX));

	FAILS(test, KUNIT_EXPECT_EQ(probe, minus_one, ~0ULL));
	FAILS(test, KUNIT_EXPECT_EQ(probe, minus_one, u32_max));
	FAILS(test, KUNIT_EXPECT_GT(probe, minus_one, 0U));
	FAILS(test, KUNIT_EXPECT_GE(probe, min, 0ULL));
	FAILS(test, KUNIT_EXPECT_LE(probe, 1U, minus_one));
	FAILS(test, KUNIT_EXPECT_NE(probe, (signed char)-1, -1));
}

struct fields {
	unsigned int three:3;
	int five:5;
	unsigned long long forty:40;
};

/* Bit-fields, bool, and pointers (NULL, NOT_NULL and ordered). */
static void kunit_fields_bools_pointers(struct kunit *test)
{
	struct fields f = { .three = 7, .five = -3, .forty = (1ULL << 40) - 1 };
	int arr[2] = { 0, 0 };
	int *p = &arr[0], *q = &arr[1], *none = NULL;
	char *high = (char *)(uintptr_t)0xc0000000UL, *low = (char *)(uintptr_t)0x1000UL;

	PASSES(test, KUNIT_EXPECT_EQ(probe, f.three, 7));
	PASSES(test, KUNIT_EXPECT_EQ(probe, f.five, -3));
	PASSES(test, KUNIT_EXPECT_LT(probe, f.five, 0U));
	PASSES(test, KUNIT_EXPECT_EQ(probe, f.forty, (1ULL << 40) - 1));
	FAILS(test, KUNIT_EXPECT_GT(probe, f.five, 0));

	PASSES(test, KUNIT_EXPECT_TRUE(probe, 1ULL << 32));
	PASSES(test, KUNIT_EXPECT_TRUE(probe, 0x8000000000000000ULL));
	PASSES(test, KUNIT_EXPECT_FALSE(probe, 0ULL));
	FAILS(test, KUNIT_EXPECT_FALSE(probe, 1ULL << 32));
	FAILS(test, KUNIT_EXPECT_TRUE(probe, 0));

	PASSES(test, KUNIT_EXPECT_NULL(probe, none));
	PASSES(test, KUNIT_EXPECT_NOT_NULL(probe, p));
	PASSES(test, KUNIT_EXPECT_EQ(probe, p, &arr[0]));
	PASSES(test, KUNIT_EXPECT_LT(probe, p, q));
	PASSES(test, KUNIT_EXPECT_LT(probe, low, high));	/* above 2^31 on a 32-bit host */
	PASSES(test, KUNIT_EXPECT_GT(probe, high, low));
	FAILS(test, KUNIT_EXPECT_NULL(probe, p));
	FAILS(test, KUNIT_EXPECT_NOT_NULL(probe, none));
	FAILS(test, KUNIT_EXPECT_NE(probe, p, &arr[0]));
	FAILS(test, KUNIT_EXPECT_GT(probe, low, high));
}

/* Each operand is evaluated once, passing or failing. */
static void kunit_operands_evaluated_once(struct kunit *test)
{
	int l = 0, r = 10;

	PASSES(test, KUNIT_EXPECT_LT(probe, l++, r--));
	FAILS(test, KUNIT_EXPECT_GT(probe, l++, r--));
	if (l != 2 || r != 8)
		KUNIT_FAIL(test, "operands evaluated %d and %d times, not twice each", l, 10 - r);
}

/*
 * The assertions, each in a function of its own (a failing one returns
 * from its function): reached says whether the case went on after it.
 */
static bool reached;

#define ASSERT_FN(name, check)						\
static void name(struct kunit *probe, u64 l, int r)			\
{									\
	reached = false;						\
	check(probe, l, r);						\
	reached = true;							\
}
ASSERT_FN(assert_eq, KUNIT_ASSERT_EQ)
ASSERT_FN(assert_ne, KUNIT_ASSERT_NE)
ASSERT_FN(assert_lt, KUNIT_ASSERT_LT)
ASSERT_FN(assert_le, KUNIT_ASSERT_LE)
ASSERT_FN(assert_gt, KUNIT_ASSERT_GT)
ASSERT_FN(assert_ge, KUNIT_ASSERT_GE)

static void assert_true(struct kunit *probe, u64 v)
{
	reached = false;
	KUNIT_ASSERT_TRUE(probe, v);
	reached = true;
}

static void assert_false(struct kunit *probe, u64 v)
{
	reached = false;
	KUNIT_ASSERT_FALSE(probe, v);
	reached = true;
}

static void assert_not_null(struct kunit *probe, const void *p)
{
	reached = false;
	KUNIT_ASSERT_NOT_NULL(probe, p);
	reached = true;
}

/* One that holds goes on; one that fails ends the case there. */
#define ASSERT_HOLDS(test, ...) do {					\
	if (VERDICT(__VA_ARGS__) || out[0] || !reached)			\
		KUNIT_FAIL(test, "%s failed or stopped, it must pass", #__VA_ARGS__); \
} while (0)
#define ASSERT_STOPS(test, ...) do {					\
	if (!VERDICT(__VA_ARGS__) || reached)				\
		KUNIT_FAIL(test, "%s passed or went on, it must fail", #__VA_ARGS__); \
} while (0)

static void kunit_asserts_end_case(struct kunit *test)
{
	u64 big = 0x8000000000000000ULL;

	ASSERT_HOLDS(test, assert_eq(probe, 1, 1));
	ASSERT_HOLDS(test, assert_ne(probe, big, 0));
	ASSERT_HOLDS(test, assert_lt(probe, 1, 2));
	ASSERT_HOLDS(test, assert_le(probe, 1, 1));
	ASSERT_HOLDS(test, assert_gt(probe, big, 1));
	ASSERT_HOLDS(test, assert_ge(probe, big, 1));
	ASSERT_HOLDS(test, assert_true(probe, 1ULL << 32));
	ASSERT_HOLDS(test, assert_false(probe, 0));
	ASSERT_HOLDS(test, assert_not_null(probe, &big));
	ASSERT_STOPS(test, assert_eq(probe, big, 1));
	ASSERT_STOPS(test, assert_ne(probe, 1, 1));
	ASSERT_STOPS(test, assert_lt(probe, big, 1));
	ASSERT_STOPS(test, assert_le(probe, big, 1));
	ASSERT_STOPS(test, assert_gt(probe, 1, 1));
	ASSERT_STOPS(test, assert_ge(probe, 0, 1));
	ASSERT_STOPS(test, assert_true(probe, 0));
	ASSERT_STOPS(test, assert_false(probe, 1ULL << 32));
	ASSERT_STOPS(test, assert_not_null(probe, NULL));
}

/* What a failed check prints: "    # probe: EXPECTATION FAILED at FILE:LINE" and the rest. */
static void expect_output(struct kunit *test, int line, const char *rest)
{
	char want[sizeof(out)];

	snprintf(want, sizeof(want), "    # probe: EXPECTATION FAILED at %s:%d\n%s",
		 __FILE__, line, rest);
	if (strcmp(out, want)) {
		KUNIT_FAIL(test, "the check at line %d printed the wrong text", line);
		print_block("it printed:", out);
		print_block("it must print:", want);
	}
}

/* Values print as their types read them; the hex at the type's width. */
static void kunit_failure_prints_values_as_their_types(struct kunit *test)
{
	u64 big = 0x8000000000000000ULL, top = ~0ULL;
	long long min = LLONG_MIN;
	int minus_one = -1;
	signed char minus_two = -2;
	unsigned int u32_max = 0xffffffffU;
	int line;

	line = __LINE__; VERDICT(KUNIT_EXPECT_EQ(probe, big, 1));
	expect_output(test, line, "    # Expected big == 1, but\n"
		      "    #     big == 9223372036854775808 (0x8000000000000000)\n"
		      "    #     1 == 1 (0x1)\n");
	line = __LINE__; VERDICT(KUNIT_EXPECT_LT(probe, top, big));
	expect_output(test, line, "    # Expected top < big, but\n"
		      "    #     top == 18446744073709551615 (0xffffffffffffffff)\n"
		      "    #     big == 9223372036854775808 (0x8000000000000000)\n");
	line = __LINE__; VERDICT(KUNIT_EXPECT_GT(probe, min, 0));
	expect_output(test, line, "    # Expected min > 0, but\n"
		      "    #     min == -9223372036854775808 (0x8000000000000000)\n"
		      "    #     0 == 0 (0x0)\n");
	line = __LINE__; VERDICT(KUNIT_EXPECT_EQ(probe, minus_one, u32_max));
	expect_output(test, line, "    # Expected minus_one == u32_max, but\n"
		      "    #     minus_one == -1 (0xffffffff)\n"
		      "    #     u32_max == 4294967295 (0xffffffff)\n");
	line = __LINE__; VERDICT(KUNIT_EXPECT_NE(probe, minus_two, -2));
	expect_output(test, line, "    # Expected minus_two != -2, but\n"
		      "    #     minus_two == -2 (0xfe)\n"
		      "    #     -2 == -2 (0xfffffffe)\n");
}

static struct kunit_case kunit_macro_cases[] = {
	KUNIT_CASE(kunit_unsigned_64_compares_as_unsigned),
	KUNIT_CASE(kunit_mixed_signedness_compares_by_value),
	KUNIT_CASE(kunit_fields_bools_pointers),
	KUNIT_CASE(kunit_operands_evaluated_once),
	KUNIT_CASE(kunit_asserts_end_case),
	KUNIT_CASE(kunit_failure_prints_values_as_their_types),
	{}
};

static struct kunit_suite kunit_macro_suite = {
	.name = "kunit_macros",
	.stage = KUNIT_STAGE_BOOTMEM,
	.test_cases = kunit_macro_cases,
};
kunit_test_suite(kunit_macro_suite);
