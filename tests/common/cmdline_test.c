/*
 * Numbers from the command line at their edges: 2^32 (where a 32-bit
 * shift used to wrap highmem=), 2^64 (where the digits themselves
 * overflow), and suffixes whose multiplication overflows.  Runs on the
 * host and in the kernel alike.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <kunit/test.h>

static void cmdline_integer_edges(struct kunit *test)
{
	unsigned long long v;
	char *end;

	KUNIT_EXPECT_EQ(test, parse_integer("4294967296", 0, &end, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 1ULL << 32);
	KUNIT_EXPECT_EQ(test, parse_integer("18446744073709551615", 0, &end, &v), 0);
	KUNIT_EXPECT_EQ(test, v, ~0ULL);
	KUNIT_EXPECT_EQ(test, *end, '\0');
	KUNIT_EXPECT_EQ(test, parse_integer("18446744073709551616", 0, &end, &v), -ERANGE);
	KUNIT_EXPECT_EQ(test, *end, '\0');	/* every digit consumed */
	KUNIT_EXPECT_EQ(test, parse_integer("99999999999999999999999", 0, NULL, &v), -ERANGE);
	KUNIT_EXPECT_EQ(test, parse_integer("0xffffffffffffffff", 0, NULL, &v), 0);
	KUNIT_EXPECT_EQ(test, v, ~0ULL);
	KUNIT_EXPECT_EQ(test, parse_integer("0x10000000000000000", 0, NULL, &v), -ERANGE);
	KUNIT_EXPECT_EQ(test, parse_integer("01777777777777777777777", 0, NULL, &v), 0);
	KUNIT_EXPECT_EQ(test, v, ~0ULL);
	KUNIT_EXPECT_EQ(test, parse_integer("02000000000000000000000", 0, NULL, &v), -ERANGE);
	KUNIT_EXPECT_EQ(test, parse_integer("0", 0, &end, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0ULL);
	KUNIT_EXPECT_EQ(test, parse_integer("08", 0, &end, &v), 0);	/* octal 0, then '8' */
	KUNIT_EXPECT_EQ(test, *end, '8');
	KUNIT_EXPECT_EQ(test, parse_integer("", 0, NULL, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse_integer("-1", 0, NULL, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse_integer("G", 0, NULL, &v), -EINVAL);
}

static void cmdline_size_suffixes(struct kunit *test)
{
	unsigned long long v;
	char *end;

	KUNIT_EXPECT_EQ(test, memparse_safe("4G", &end, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 1ULL << 32);
	KUNIT_EXPECT_EQ(test, memparse_safe("4194304k", NULL, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 1ULL << 32);
	KUNIT_EXPECT_EQ(test, memparse_safe("16385G", NULL, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 16385ULL << 30);	/* past 2^32 pages' worth */
	KUNIT_EXPECT_EQ(test, memparse_safe("1t", NULL, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 1ULL << 40);
	KUNIT_EXPECT_EQ(test, memparse_safe("15E", &end, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 15ULL << 60);
	KUNIT_EXPECT_EQ(test, *end, '\0');
	/* 16 * 2^60 = 2^64: the multiplication overflows, not the digits */
	KUNIT_EXPECT_EQ(test, memparse_safe("16E", &end, &v), -ERANGE);
	KUNIT_EXPECT_EQ(test, *end, '\0');
	KUNIT_EXPECT_EQ(test, memparse_safe("16383P", NULL, &v), 0);
	KUNIT_EXPECT_EQ(test, memparse_safe("16384P", NULL, &v), -ERANGE);
	KUNIT_EXPECT_EQ(test, memparse_safe("0x3fffffffffffffK", NULL, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0x3fffffffffffffULL << 10);
	KUNIT_EXPECT_EQ(test, memparse_safe("0x40000000000000K", NULL, &v), -ERANGE);
	KUNIT_EXPECT_EQ(test, memparse_safe("18446744073709551615", NULL, &v), 0);
	KUNIT_EXPECT_EQ(test, memparse_safe("18446744073709551616", NULL, &v), -ERANGE);
	KUNIT_EXPECT_EQ(test, memparse_safe("99999999999999999999G", NULL, &v), -ERANGE);
	/* no suffix letter we know: the number ends there */
	KUNIT_EXPECT_EQ(test, memparse_safe("512Q", &end, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 512ULL);
	KUNIT_EXPECT_EQ(test, *end, 'Q');
	KUNIT_EXPECT_EQ(test, memparse_safe("M", NULL, &v), -EINVAL);
	/* a blank is no suffix (its bits once matched the string's end) */
	KUNIT_EXPECT_EQ(test, memparse_safe("1048576 ", &end, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 1048576ULL);
	KUNIT_EXPECT_EQ(test, *end, ' ');
	KUNIT_EXPECT_EQ(test, memparse_safe("64@", &end, &v), 0);
	KUNIT_EXPECT_EQ(test, *end, '@');
	/* the old interface gives 0 rather than a wrapped value */
	KUNIT_EXPECT_EQ(test, memparse("16E", NULL), 0ULL);
}

static void cmdline_size_param_whole(struct kunit *test)
{
	u64 v = 7;

	KUNIT_EXPECT_EQ(test, get_size_param("mem", "512M", &v), 0);
	KUNIT_EXPECT_EQ(test, v, 512ULL << 20);
	KUNIT_EXPECT_EQ(test, get_size_param("mem", "512Q", &v), -1);
	KUNIT_EXPECT_EQ(test, get_size_param("mem", "512MB", &v), -1);
	KUNIT_EXPECT_EQ(test, get_size_param("mem", "", &v), -1);
	KUNIT_EXPECT_EQ(test, get_size_param("mem", "1048576 ", &v), -1);
	KUNIT_EXPECT_EQ(test, get_size_param("highmem", "16E", &v), -1);
	KUNIT_EXPECT_EQ(test, v, 512ULL << 20);	/* untouched on error */
}

static void cmdline_choice_param(struct kunit *test)
{
	static const char *const three[] = { "page", "batch", "lazy", NULL };

	KUNIT_EXPECT_EQ(test, get_choice_param("x", "page", three), 0);
	KUNIT_EXPECT_EQ(test, get_choice_param("x", "lazy", three), 2);
	KUNIT_EXPECT_EQ(test, get_choice_param("x", "Page", three), -1);
	KUNIT_EXPECT_EQ(test, get_choice_param("x", "", three), -1);
}

static struct kunit_case cmdline_cases[] = {
	KUNIT_CASE(cmdline_integer_edges),
	KUNIT_CASE(cmdline_size_suffixes),
	KUNIT_CASE(cmdline_size_param_whole),
	KUNIT_CASE(cmdline_choice_param),
	{}
};

static struct kunit_suite cmdline_suite = {
	.name = "cmdline",
	.stage = KUNIT_STAGE_LATE,
	.test_cases = cmdline_cases,
};
kunit_test_suite(cmdline_suite);
