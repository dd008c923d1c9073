#ifndef _KUNIT_TEST_H
#define _KUNIT_TEST_H

/*
 * Self-tests in the shape of Linux's KUnit: suites of cases, expectations
 * that report file:line with the expected and actual values, and KTAP
 * version 1 output that Linux's kunit.py (and our tests/harness) parse.
 *
 * The same framework runs in two places: inside the booted kernel, where a
 * suite names the boot stage it needs, and in the host test build, where
 * the portable mm/ code runs against a simulated physical memory.
 */
#include <linux/compiler.h>
#include <linux/types.h>

/* When, in the boot, a suite can run: what it tests must exist then. */
enum kunit_stage {
	KUNIT_STAGE_BOOTMEM,	/* setup_arch done, bootmem alive, before mem_init */
	KUNIT_STAGE_MEM_INIT,	/* after mem_init: the buddy allocator owns memory */
	KUNIT_STAGE_LATE,	/* after free_initmem, at the end of boot */
	KUNIT_NR_STAGES,
};

struct kunit {
	const char *name;
	bool failed;
	const char *skip_reason;
	void *priv;
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
};

struct kunit_suite {
	const char *name;
	enum kunit_stage stage;
	struct kunit_case *test_cases;	/* ends with an empty entry */
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	bool slow;		/* seconds, not milliseconds: runs only when selftest= selects it */
};

#define KUNIT_CASE(fn)	{ .run_case = fn, .name = #fn }

/* No dot in the section name, so GNU ld gives the host build __start_/__stop_ too. */
#define kunit_test_suite(s)						\
	static struct kunit_suite *const __kunit_suite_##s		\
		__used __section("kunit_suites") __aligned(4) = &(s)

extern struct kunit_suite *const __start_kunit_suites[];
extern struct kunit_suite *const __stop_kunit_suites[];

/* Runner: begin prints the KTAP header, run_stage runs a stage's suites. */
void kunit_begin(void);
void kunit_run_stage(enum kunit_stage stage);
bool kunit_end(void);		/* prints totals; true when nothing failed */
bool kunit_enabled(void);
/* selftest= value: off, or comma-separated suite, suite.case or glob (* ?)
 * patterns as kunit.py's --filter_glob; false if malformed or unmatched. */
bool kunit_filter_set(const char *list);

__printf(4, 5) void kunit_fail(struct kunit *test, const char *file, int line,
			       const char *fmt, ...);

/*
 * KUnit's macros keep each operand in its own type (typeof) rather than
 * casting both to long long, which made 0x8000000000000000ULL negative.
 * Here each operand goes, by address, with its size and signedness
 * (__kunit_desc()), to kunit_compare(), which reads it as its type holds
 * it and compares by value: a signed and an unsigned operand compare as
 * numbers (-1 < 1U holds, as C++20's std::cmp_less has it) where C's
 * usual conversions would wrap the negative one (and -Wsign-compare would
 * refuse the code).  Out of line, so a check costs about what it did.
 */
int kunit_compare(const void *l, int ldesc, const void *r, int rdesc);
/* texts: the left operand, the operator and the right one, NUL-separated */
void kunit_binary_fail(struct kunit *test, const char *file, int line, const char *texts,
		       const void *l, int ldesc, const void *r, int rdesc);
void kunit_str_fail(struct kunit *test, const char *file, int line,
		    const char *left, const char *lv, const char *right, const char *rv);

#define KUNIT_FAIL(test, fmt, ...)					\
	kunit_fail(test, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

/* Linux's is_signed_type(); false for pointers and bool. */
#define __kunit_is_signed(v)	((typeof(v))-1 < (typeof(v))1)

/* Integers and pointers, up to 64 bits (a wider operand does not build). */
#define __kunit_desc(v)							\
	((void)sizeof(char[1 - 2 * (sizeof(v) > 8)]),			\
	 (int)(sizeof(v) << 1 | __kunit_is_signed(v)))

/*
 * Each operand is evaluated once, into a variable of its own type (the
 * comma drops a bit-field's bit-fieldness, which __auto_type refuses).
 */
#define KUNIT_BINARY_CHECK(test, l, op, r, on_fail) do {		\
	__auto_type __kl = ((void)0, (l));				\
	__auto_type __kr = ((void)0, (r));				\
	if (!(kunit_compare(&__kl, __kunit_desc(__kl), &__kr, __kunit_desc(__kr)) op 0)) { \
		kunit_binary_fail(test, __FILE__, __LINE__, #l "\0" #op "\0" #r, \
				  &__kl, __kunit_desc(__kl), &__kr, __kunit_desc(__kr)); \
		on_fail;						\
	}								\
} while (0)

#define KUNIT_EXPECT_EQ(t, l, r)	KUNIT_BINARY_CHECK(t, l, ==, r, (void)0)
#define KUNIT_EXPECT_NE(t, l, r)	KUNIT_BINARY_CHECK(t, l, !=, r, (void)0)
#define KUNIT_EXPECT_LT(t, l, r)	KUNIT_BINARY_CHECK(t, l, <, r, (void)0)
#define KUNIT_EXPECT_LE(t, l, r)	KUNIT_BINARY_CHECK(t, l, <=, r, (void)0)
#define KUNIT_EXPECT_GT(t, l, r)	KUNIT_BINARY_CHECK(t, l, >, r, (void)0)
#define KUNIT_EXPECT_GE(t, l, r)	KUNIT_BINARY_CHECK(t, l, >=, r, (void)0)
#define KUNIT_EXPECT_TRUE(t, c)		KUNIT_BINARY_CHECK(t, !!(c), ==, 1, (void)0)
#define KUNIT_EXPECT_FALSE(t, c)	KUNIT_BINARY_CHECK(t, !!(c), ==, 0, (void)0)
#define KUNIT_EXPECT_NULL(t, p)		KUNIT_BINARY_CHECK(t, p, ==, NULL, (void)0)
#define KUNIT_EXPECT_NOT_NULL(t, p)	KUNIT_BINARY_CHECK(t, p, !=, NULL, (void)0)

/* Assertions end the case at the first failure. */
#define KUNIT_ASSERT_EQ(t, l, r)	KUNIT_BINARY_CHECK(t, l, ==, r, return)
#define KUNIT_ASSERT_NE(t, l, r)	KUNIT_BINARY_CHECK(t, l, !=, r, return)
#define KUNIT_ASSERT_LT(t, l, r)	KUNIT_BINARY_CHECK(t, l, <, r, return)
#define KUNIT_ASSERT_LE(t, l, r)	KUNIT_BINARY_CHECK(t, l, <=, r, return)
#define KUNIT_ASSERT_GT(t, l, r)	KUNIT_BINARY_CHECK(t, l, >, r, return)
#define KUNIT_ASSERT_GE(t, l, r)	KUNIT_BINARY_CHECK(t, l, >=, r, return)
#define KUNIT_ASSERT_TRUE(t, c)		KUNIT_BINARY_CHECK(t, !!(c), ==, 1, return)
#define KUNIT_ASSERT_FALSE(t, c)	KUNIT_BINARY_CHECK(t, !!(c), ==, 0, return)
#define KUNIT_ASSERT_NOT_NULL(t, p)	KUNIT_BINARY_CHECK(t, p, !=, NULL, return)

#define KUNIT_EXPECT_STREQ(t, l, r) do {				\
	const char *__l = (l), *__r = (r);				\
	if (!kunit_streq(__l, __r))					\
		kunit_str_fail(t, __FILE__, __LINE__, #l, __l, #r, __r); \
} while (0)

bool kunit_streq(const char *a, const char *b);

/* Where KTAP lines go: the console in the kernel, stdout on the host. */
__printf(1, 2) void kunit_printk(const char *fmt, ...);

#define kunit_skip(t, reason) do { (t)->skip_reason = (reason); return; } while (0)

#endif
