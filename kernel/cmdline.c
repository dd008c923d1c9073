/*
 * Numbers and sizes from the command line (Linux's lib/cmdline.c and
 * lib/kstrtox.c).  The command line is user input: a number that does
 * not fit in 64 bits, or a size whose suffix pushes it past 2^64, is an
 * error the caller reports, never a value that silently wrapped.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* The base a number's prefix picks: 0x is 16, a leading 0 is 8, else 10. */
static const char *number_base(const char *cp, unsigned int *base)
{
	if (!*base) {
		*base = 10;
		if (cp[0] == '0') {
			*base = 8;
			if ((cp[1] == 'x' || cp[1] == 'X') && digit_value(cp[2]) < 16) {
				*base = 16;
				cp += 2;
			}
		}
	} else if (*base == 16 && cp[0] == '0' && (cp[1] == 'x' || cp[1] == 'X')) {
		cp += 2;
	}
	return cp;
}

/*
 * The digits of one unsigned number, with overflow caught: the command
 * line is user input, and 2^64 + 1 must not come out as 1 (Linux's
 * _parse_integer() in lib/kstrtox.c keeps the same overflow flag).
 * *endp is set past the last digit either way.  -EINVAL: no digit at all;
 * -ERANGE: more than 64 bits.
 */
int parse_integer(const char *cp, unsigned int base, char **endp, unsigned long long *res)
{
	const char *start;
	unsigned long long v = 0;
	bool overflow = false;
	int d;

	cp = start = number_base(cp, &base);
	while ((d = digit_value(*cp)) < (int)base) {
		if (v > (~0ULL - (unsigned int)d) / base)
			overflow = true;
		v = v * base + d;
		cp++;
	}
	if (endp)
		*endp = (char *)cp;
	*res = v;
	if (cp == start)
		return -EINVAL;
	return overflow ? -ERANGE : 0;
}

/* Linux's old simple_strtoull(): no overflow check, so only for trusted text. */
unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base)
{
	unsigned long long v;

	parse_integer(cp, base, endp, &v);
	return v;
}

unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base)
{
	return (unsigned long)simple_strtoull(cp, endp, base);
}


/*
 * A size: a number with an optional K, M, G, T, P or E suffix (binary
 * multiples, as Linux's memparse()).  -EINVAL: no number; -ERANGE: the
 * number, or the number times its suffix, passes 2^64 - 1.  *endp points
 * past the suffix either way.
 */
int memparse_safe(const char *ptr, char **endp, unsigned long long *res)
{
	static const char suffixes[] = "KMGTPE";
	const char *s = NULL;
	char *end;
	int err = parse_integer(ptr, 0, &end, res);

	if (err == -EINVAL)
		return err;
	if ((*end >= 'a' && *end <= 'z') || (*end >= 'A' && *end <= 'Z'))
		s = strchr(suffixes, *end & ~0x20);
	if (s) {
		unsigned int shift = 10 * (unsigned int)(s - suffixes + 1);

		if (*res > ~0ULL >> shift)
			err = -ERANGE;
		*res <<= shift;
		end++;
	}
	if (endp)
		*endp = end;
	return err;
}

/* Linux's memparse(), for callers with nothing to report: 0 on any error. */
unsigned long long memparse(const char *ptr, char **retptr)
{
	unsigned long long v;

	return memparse_safe(ptr, retptr, &v) ? 0 : v;
}

/*
 * The value of a size parameter, "name=SIZE" with nothing after the size,
 * or -1 after saying what is wrong in the user's own words.
 */
int get_size_param(const char *name, const char *arg, u64 *val)
{
	char *end;
	unsigned long long v;
	int err = memparse_safe(arg, &end, &v);

	if (err == -ERANGE) {
		pr_err("%s=%s: larger than 2^64 - 1 bytes\n", name, arg);
		return -1;
	}
	if (err || *end) {
		pr_err("%s=%s: not a size (a number, then K, M, G, T, P or E)\n", name, arg);
		return -1;
	}
	*val = v;
	return 0;
}

/*
 * The value of a parameter that names one of a few choices (NULL-ended):
 * its index, or -1 after listing the choices, as every such parameter
 * answers a value it does not know.
 */
int get_choice_param(const char *name, const char *arg, const char *const *choices)
{
	char list[128];
	size_t n = 0;
	int i;

	for (i = 0; choices[i]; i++)
		if (!strcmp(arg, choices[i]))
			return i;
	list[0] = '\0';
	for (i = 0; choices[i] && n < sizeof(list); i++)
		n += snprintf(list + n, sizeof(list) - n, "%s%s", i ? (choices[i + 1] ? ", " : " and ") : "",
			      choices[i]);
	pr_err("%s=%s: the choices are %s\n", name, arg, list);
	return -1;
}

/*
 * A parameter that is a flag (bench, memdump, zoneinfo): present or not.
 * A value is refused -- "bench=0" would read as "off", which it is not.
 */
int get_flag_param(const char *name, const char *arg, bool *flag)
{
	if (*arg) {
		pr_err("%s=%s: %s takes no value\n", name, arg, name);
		return -1;
	}
	*flag = true;
	return 0;
}
