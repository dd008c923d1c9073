/*
 * vsnprintf, the formatter every report goes through.  Built into the
 * kernel (where long is 32 bits, as in the reports) and into the host
 * tests (where it runs under the sanitizers).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <kunit/test.h>

#define CHECK_FMT(test, expect, fmt, ...) do {				\
	char __buf[64];							\
	int __n = snprintf(__buf, sizeof(__buf), fmt, ##__VA_ARGS__);	\
	KUNIT_EXPECT_STREQ(test, __buf, expect);			\
	KUNIT_EXPECT_EQ(test, __n, (int)strlen(expect));		\
} while (0)

static void vsprintf_integers(struct kunit *test)
{
	CHECK_FMT(test, "42 -42 42", "%d %i %u", 42, -42, 42u);
	CHECK_FMT(test, "-2147483648", "%d", (int)0x80000000);
	CHECK_FMT(test, "4294967295", "%u", 0xffffffffu);
	CHECK_FMT(test, "ff FF", "%x %X", 255u, 255u);
	CHECK_FMT(test, "4294967295 ffffffff", "%lu %lx", 0xfffffffful, 0xfffffffful);
	CHECK_FMT(test, "-5", "%ld", -5l);
	CHECK_FMT(test, "18446744073709551615", "%llu", ~0ull);
	CHECK_FMT(test, "100000000", "%llx", 1ull << 32);
	CHECK_FMT(test, "-9223372036854775808", "%lld", (long long)(1ull << 63));
}

static void vsprintf_width_and_flags(struct kunit *test)
{
	CHECK_FMT(test, "   42", "%5d", 42);
	CHECK_FMT(test, "00042", "%05d", 42);
	CHECK_FMT(test, "42   |", "%-5d|", 42);
	CHECK_FMT(test, "-0042", "%05d", -42);
	CHECK_FMT(test, "  -42", "%5d", -42);
	CHECK_FMT(test, "0000000000100000", "%016Lx", 0x100000ull);
	CHECK_FMT(test, "[    0.000001]", "[%5lu.%06lu]", 0ul, 1ul);
	CHECK_FMT(test, "0x1f 0X1F 0x0", "%#x %#X %#lx", 31u, 31u, 0ul);
	CHECK_FMT(test, "0x00001000", "%#010llx", 0x1000ull);
	CHECK_FMT(test, "   7", "%*d", 4, 7);
	CHECK_FMT(test, "00001234 -005", "%.8x %.3d", 0x1234u, -5);
	CHECK_FMT(test, "   -05", "%6.2d", -5);
	CHECK_FMT(test, "5 then 7", "%hhu then %d", 5, 7);
	CHECK_FMT(test, "255 -1", "%hhu %hhd", 0x1ff, 0xff);
	CHECK_FMT(test, "17 017", "%o %#o", 15u, 15u);
	CHECK_FMT(test, "9 8", "%zu %td", (size_t)9, (ptrdiff_t)8);
	CHECK_FMT(test, "7   |", "%*d|", -4, 7);
}

static const char *null_str;
static const char *unknown_fmt = "a %y %d";

static void vsprintf_strings_chars_percent(struct kunit *test)
{
	CHECK_FMT(test, "a-bc-%", "%c-%s-%%", 'a', "bc");
	CHECK_FMT(test, "   ab|ab   |", "%5s|%-5s|", "ab", "ab");
	CHECK_FMT(test, "abc", "%.3s", "abcdef");
	/* A NULL string prints as Linux does; hidden from -Wformat-overflow. */
	CHECK_FMT(test, "(null)", "%s", (const char *)READ_ONCE(null_str));
}

/* An unknown conversion ends the output: its argument cannot be matched. */
static void vsprintf_unknown_conversion_stops(struct kunit *test)
{
	char buf[32];
	const char *fmt = READ_ONCE(unknown_fmt);

	KUNIT_EXPECT_EQ(test, snprintf(buf, sizeof(buf), fmt, 1, 2), 2);
	KUNIT_EXPECT_STREQ(test, buf, "a ");
}

static void vsprintf_pointer(struct kunit *test)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%p", (void *)0x1234);
	KUNIT_EXPECT_EQ(test, strlen(buf), 2 * sizeof(void *));
	KUNIT_EXPECT_EQ(test, strncmp(buf + strlen(buf) - 4, "1234", 4), 0);
	KUNIT_EXPECT_EQ(test, buf[0], '0');
}

/* %pa: every physical address in one 64-bit-wide style, PAE or not. */
static void vsprintf_phys_addr(struct kunit *test)
{
	phys_addr_t low = 0x9fc00, top = (phys_addr_t)~0ULL;

	CHECK_FMT(test, "0x000000000009fc00", "%pa", &low);
	CHECK_FMT(test, "[0x000000000009fc00]", "[%pa]", &low);
	if (sizeof(phys_addr_t) == 8)
		CHECK_FMT(test, "0xffffffffffffffff", "%pa", &top);
	else
		CHECK_FMT(test, "0x00000000ffffffff", "%pa", &top);
}

static void vsprintf_truncates_and_counts(struct kunit *test)
{
	char buf[8];
	int n;

	memset(buf, 'x', sizeof(buf));
	n = snprintf(buf, 5, "%s", "abcdefgh");
	KUNIT_EXPECT_EQ(test, n, 8);
	KUNIT_EXPECT_STREQ(test, buf, "abcd");
	KUNIT_EXPECT_EQ(test, buf[5], 'x');	/* nothing past size written */
	n = snprintf(buf, 0, "%d", 12345);
	KUNIT_EXPECT_EQ(test, n, 5);
	KUNIT_EXPECT_EQ(test, buf[0], 'a');
}

static void memparse_suffixes(struct kunit *test)
{
	char *end;

	KUNIT_EXPECT_EQ(test, memparse("64M", &end), 64ull << 20);
	KUNIT_EXPECT_EQ(test, *end, '\0');
	KUNIT_EXPECT_EQ(test, memparse("3G", NULL), 3ull << 30);
	KUNIT_EXPECT_EQ(test, memparse("4k", NULL), 4096ull);
	KUNIT_EXPECT_EQ(test, memparse("0x1000", NULL), 4096ull);
	KUNIT_EXPECT_EQ(test, memparse("12345", &end), 12345ull);
	KUNIT_EXPECT_EQ(test, memparse("16M@0x1000000", &end), 16ull << 20);
	KUNIT_EXPECT_EQ(test, *end, '@');
}

static struct kunit_case vsprintf_cases[] = {
	KUNIT_CASE(vsprintf_integers),
	KUNIT_CASE(vsprintf_width_and_flags),
	KUNIT_CASE(vsprintf_strings_chars_percent),
	KUNIT_CASE(vsprintf_pointer),
	KUNIT_CASE(vsprintf_phys_addr),
	KUNIT_CASE(vsprintf_unknown_conversion_stops),
	KUNIT_CASE(vsprintf_truncates_and_counts),
	KUNIT_CASE(memparse_suffixes),
	{}
};

static struct kunit_suite vsprintf_suite = {
	.name = "vsprintf",
	.stage = KUNIT_STAGE_LATE,
	.test_cases = vsprintf_cases,
};
kunit_test_suite(vsprintf_suite);
