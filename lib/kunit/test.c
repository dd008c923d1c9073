/*
 * The KTAP runner.  One KTAP document covers the whole boot: kunit_begin()
 * prints the plan for every selected suite of every stage, each stage's
 * suites print as they run, and kunit_end() prints the totals.  A kernel
 * that dies mid-document leaves a plan with missing results, which the
 * harness reports as a crash (as kunit.py does).
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <kunit/test.h>

#define MAX_FILTER 256

#ifdef __KERNEL__
/* In the kernel, KTAP goes to the console with everything else. */
void kunit_printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}
#endif

static char filter[MAX_FILTER];		/* "" = all; "off" handled by enabled */
static bool disabled;
static unsigned int suites_done;
static unsigned int total_pass, total_fail, total_skip;

/*
 * Glob matching as kunit.py's --filter_glob does it (fnmatch's * and ?,
 * no character classes): pat is the len bytes at pat, str a C string.
 * Greedy with one backtrack point, so no recursion and no allocation.
 */
static bool glob_match(const char *pat, size_t len, const char *str)
{
	size_t p = 0, star_p = 0;
	const char *star_s = NULL;

	while (*str) {
		if (p < len && pat[p] == '*') {
			star_p = ++p;		/* * matches nothing, for now */
			star_s = str;
		} else if (p < len && (pat[p] == '?' || pat[p] == *str)) {
			p++;
			str++;
		} else if (star_s) {
			p = star_p;		/* let the last * take one more */
			str = ++star_s;
		} else {
			return false;
		}
	}
	while (p < len && pat[p] == '*')
		p++;
	return p == len;
}

static bool has_wildcard(const char *pat, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (pat[i] == '*' || pat[i] == '?')
			return true;
	return false;
}

/*
 * One pattern of the selftest= list, the n bytes at p: without a dot it
 * matches suite names; with one, suite_glob.case_glob (split at the first
 * dot).
 */
static bool pattern_matches(const char *p, size_t n, const struct kunit_suite *s,
			    const char *case_name)
{
	const char *dot = memchr(p, '.', n);
	size_t suite_len = dot ? (size_t)(dot - p) : n;

	if (!glob_match(p, suite_len, s->name))
		return false;
	if (!dot)
		return true;
	return glob_match(dot + 1, n - suite_len - 1, case_name);
}

/* Whether a pattern selects at least one case of any suite. */
static bool pattern_used(const char *p, size_t n)
{
	for (struct kunit_suite *const *s = __start_kunit_suites; s < __stop_kunit_suites; s++)
		for (struct kunit_case *c = (*s)->test_cases; c->run_case; c++)
			if (pattern_matches(p, n, *s, c->name))
				return true;
	return false;
}

static void list_suites(void)
{
	char names[MAX_FILTER];
	size_t n = 0;

	names[0] = '\0';
	for (struct kunit_suite *const *s = __start_kunit_suites; s < __stop_kunit_suites; s++)
		n += snprintf(names + n, n < sizeof(names) ? sizeof(names) - n : 0, " %s%s",
			      (*s)->name, (*s)->slow ? " (slow)" : "");
	kunit_printk("selftest: the suites are:%s; or selftest=off\n", names);
}

/*
 * selftest=off, or a comma-separated list of patterns, as kunit.py's
 * --filter_glob: "buddy" (a suite), "buddy.*" or "*retire*" (globs with *
 * and ?), "bootmem.bootmem_alignment" (suite.case).  Each selftest=
 * replaces the one before (the last one wins).  A list that is empty, has
 * an empty pattern or an empty side of a dot, or a pattern that selects no
 * case is refused after listing the suites: a typo must not pass as a boot
 * whose tests all passed.  A slow suite runs only when a pattern selects it.
 */
bool kunit_filter_set(const char *list)
{
	const char *p = list;

	disabled = false;
	filter[0] = '\0';
	if (!strcmp(list, "off")) {
		disabled = true;
		return true;
	}
	if (strlen(list) >= MAX_FILTER) {
		kunit_printk("selftest: the list is longer than %d characters\n", MAX_FILTER - 1);
		return false;
	}
	do {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		const char *dot = memchr(p, '.', n);

		if (!n || (comma && !comma[1]) || dot == p) {
			kunit_printk("selftest: empty suite name in \"%s\"\n", list);
			list_suites();
			return false;
		}
		if (dot && dot == p + n - 1) {
			kunit_printk("selftest: empty case name in \"%s\"\n", list);
			list_suites();
			return false;
		}
		if (!pattern_used(p, n)) {
			if (dot || has_wildcard(p, n))
				kunit_printk("selftest: no test matches \"%.*s\"\n", (int)n, p);
			else
				kunit_printk("selftest: no suite named \"%.*s\"\n", (int)n, p);
			list_suites();
			return false;
		}
		p += n + (comma ? 1 : 0);
	} while (*p);
	strlcpy(filter, list, sizeof(filter));
	return true;
}

bool kunit_enabled(void)
{
	return !disabled;
}

/* Does the selftest= list select this case?  With no list, every case of
 * every suite but the slow ones. */
static bool selected(const struct kunit_suite *s, const char *case_name)
{
	const char *p = filter;

	if (!*filter)
		return !s->slow;	/* slow suites run only when selected */
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);

		if (pattern_matches(p, n, s, case_name))
			return true;
		p += n + (comma ? 1 : 0);
	}
	return false;
}

/* Cases of the suite that the list selects: 0 drops the suite from KTAP. */
static unsigned int cases_selected(const struct kunit_suite *s)
{
	unsigned int n = 0;

	for (struct kunit_case *c = s->test_cases; c->run_case; c++)
		n += selected(s, c->name);
	return n;
}

static unsigned int count_selected(void)
{
	unsigned int n = 0;

	for (struct kunit_suite *const *s = __start_kunit_suites; s < __stop_kunit_suites; s++)
		n += cases_selected(*s) != 0;
	return n;
}

bool kunit_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

void kunit_fail(struct kunit *test, const char *file, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	test->failed = true;
	kunit_printk("    # %s: EXPECTATION FAILED at %s:%d\n", test->name, file, line);
	kunit_printk("    # %s\n", msg);
}

/* An operand as its type holds it: size and signedness from __kunit_desc(). */
struct kunit_value {
	unsigned long long bits;	/* sign-extended for a signed type */
	unsigned int size;
	bool is_signed;
};

static struct kunit_value kunit_value(const void *p, int desc)
{
	struct kunit_value v = { .size = (unsigned int)desc >> 1, .is_signed = desc & 1 };
	unsigned char u8;
	unsigned short u16;
	unsigned int u32;

	switch (v.size) {
	case 1:
		memcpy(&u8, p, 1);
		v.bits = v.is_signed ? (unsigned long long)(signed char)u8 : u8;
		break;
	case 2:
		memcpy(&u16, p, 2);
		v.bits = v.is_signed ? (unsigned long long)(short)u16 : u16;
		break;
	case 4:
		memcpy(&u32, p, 4);
		v.bits = v.is_signed ? (unsigned long long)(int)u32 : u32;
		break;
	default:
		memcpy(&v.bits, p, 8);
		break;
	}
	return v;
}

/* <0, 0 or >0 as l is less than, equal to or greater than r, by value. */
int kunit_compare(const void *l, int ldesc, const void *r, int rdesc)
{
	struct kunit_value a = kunit_value(l, ldesc), b = kunit_value(r, rdesc);
	bool a_neg = a.is_signed && (long long)a.bits < 0;
	bool b_neg = b.is_signed && (long long)b.bits < 0;

	if (a_neg != b_neg)
		return a_neg ? -1 : 1;
	return a.bits < b.bits ? -1 : a.bits > b.bits;
}

/*
 * "x == 18446744073709551615 (0xffffffffffffffff)", "y == -1 (0xffffffff)":
 * the value as its type reads it, the hex at the type's width.
 */
static void print_value(const char *text, const void *p, int desc)
{
	struct kunit_value v = kunit_value(p, desc);
	unsigned long long hex = v.bits;

	if (v.size < sizeof(hex))
		hex &= (1ULL << (v.size * 8)) - 1;
	if (v.is_signed)
		kunit_printk("    #     %s == %lld (0x%llx)\n", text, (long long)v.bits, hex);
	else
		kunit_printk("    #     %s == %llu (0x%llx)\n", text, v.bits, hex);
}

void kunit_binary_fail(struct kunit *test, const char *file, int line, const char *texts,
		       const void *l, int ldesc, const void *r, int rdesc)
{
	const char *op = texts + strlen(texts) + 1;
	const char *right = op + strlen(op) + 1;

	test->failed = true;
	kunit_printk("    # %s: EXPECTATION FAILED at %s:%d\n", test->name, file, line);
	kunit_printk("    # Expected %s %s %s, but\n", texts, op, right);
	print_value(texts, l, ldesc);
	print_value(right, r, rdesc);
}

void kunit_str_fail(struct kunit *test, const char *file, int line,
		    const char *left, const char *lv, const char *right, const char *rv)
{
	test->failed = true;
	kunit_printk("    # %s: EXPECTATION FAILED at %s:%d\n", test->name, file, line);
	kunit_printk("    # Expected %s == %s, but\n", left, right);
	kunit_printk("    #     %s == \"%s\"\n", left, lv ? lv : "(null)");
	kunit_printk("    #     %s == \"%s\"\n", right, rv ? rv : "(null)");
}

void kunit_begin(void)
{
	if (disabled) {
		kunit_printk("kunit: selftests skipped (selftest=off)\n");
		return;
	}
	kunit_printk("KTAP version 1\n");
	kunit_printk("1..%u\n", count_selected());
}

static void run_suite(struct kunit_suite *suite)
{
	unsigned int pass = 0, fail = 0, skip = 0, n = 0;

	kunit_printk("    KTAP version 1\n");
	kunit_printk("    # Subtest: %s\n", suite->name);
	kunit_printk("    1..%u\n", cases_selected(suite));
	for (struct kunit_case *c = suite->test_cases; c->run_case; c++) {
		struct kunit test = { .name = c->name };

		if (!selected(suite, c->name))
			continue;	/* filtered out: neither run nor numbered */
		n++;
		if (suite->init && suite->init(&test)) {
			/* An init may skip the case, saying why, as kunit_skip() does. */
			if (!test.skip_reason)
				KUNIT_FAIL(&test, "suite init failed");
		} else {
			c->run_case(&test);
			if (suite->exit)
				suite->exit(&test);
		}
		if (test.failed) {
			fail++;
			kunit_printk("    not ok %u %s\n", n, c->name);
		} else if (test.skip_reason) {
			skip++;
			kunit_printk("    ok %u %s # SKIP %s\n", n, c->name, test.skip_reason);
		} else {
			pass++;
			kunit_printk("    ok %u %s\n", n, c->name);
		}
	}
	kunit_printk("    # %s: pass:%u fail:%u skip:%u total:%u\n", suite->name, pass, fail, skip, n);
	suites_done++;
	kunit_printk("%s %u %s\n", fail ? "not ok" : "ok", suites_done, suite->name);
	total_pass += pass;
	total_fail += fail;
	total_skip += skip;
}

void kunit_run_stage(enum kunit_stage stage)
{
	if (disabled)
		return;
	for (struct kunit_suite *const *s = __start_kunit_suites; s < __stop_kunit_suites; s++)
		if ((*s)->stage == stage && cases_selected(*s))
			run_suite(*s);
}

/* True when nothing failed and, unless selftest=off, something ran. */
bool kunit_end(void)
{
	unsigned int total = total_pass + total_fail + total_skip;

	if (disabled)
		return true;
	kunit_printk("# Totals: pass:%u fail:%u skip:%u total:%u\n", total_pass, total_fail,
	       total_skip, total);
	if (!total)
		kunit_printk("# selftest: the selection ran no test\n");
	return total_fail == 0 && total;
}
