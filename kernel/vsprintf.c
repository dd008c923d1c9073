/*
 * vsnprintf: the printk formatter.
 *
 * Portable C with no dependency on the rest of the kernel, so the host test
 * build runs it too.  It covers what Linux's memory reports use: d i u x X c
 * s p (and %pS, a code address as symbol+off/size) % with the flags '-', '0', '+', ' ' and '#', a width (or '*'), a precision for
 * strings, and the length modifiers h, l, ll and 2.4's L (as in %016Lx).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/kallsyms.h>

struct fmt_spec {
	bool left;
	bool zero;
	bool plus;
	bool space;
	bool alt;		/* '#': 0x in front of hex */
	int width;
	int precision;		/* -1: none */
	int length;		/* 0 int, 1 long, 2 long long, -1 short */
};

struct out {
	char *buf;
	size_t size;
	size_t pos;		/* characters produced, even past size */
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void put_str(struct out *o, const char *s, const struct fmt_spec *f)
{
	int len;

	if (!s)
		s = "(null)";
	len = (int)strnlen(s, f->precision < 0 ? (size_t)-1 : (size_t)f->precision);
	if (!f->left)
		pad(o, ' ', f->width - len);
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (f->left)
		pad(o, ' ', f->width - len);
}

static void put_num(struct out *o, unsigned long long num, bool negative,
		    unsigned int base, bool upper, const struct fmt_spec *f)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	const char *prefix = f->alt && base == 16 ? (upper ? "0X" : "0x") : "";
	char tmp[24];
	int n = 0, len;
	char sign = 0;

	if (negative)
		sign = '-';
	else if (f->plus)
		sign = '+';
	else if (f->space)
		sign = ' ';
	do {
		tmp[n++] = digits[num % base];
		num /= base;
	} while (num);
	len = n + (sign ? 1 : 0) + (int)strlen(prefix);
	if (!f->left && !f->zero)
		pad(o, ' ', f->width - len);
	if (sign)
		put(o, sign);
	while (*prefix)
		put(o, *prefix++);
	if (!f->left && f->zero)
		pad(o, '0', f->width - len);
	while (n)
		put(o, tmp[--n]);
	if (f->left)
		pad(o, ' ', f->width - len);
}

static const char *parse_spec(const char *p, struct fmt_spec *f, va_list *ap)
{
	*f = (struct fmt_spec){ .precision = -1 };
	for (;; p++) {
		if (*p == '-')
			f->left = true;
		else if (*p == '0')
			f->zero = true;
		else if (*p == '+')
			f->plus = true;
		else if (*p == ' ')
			f->space = true;
		else if (*p == '#')
			f->alt = true;
		else
			break;
	}
	if (*p == '*') {
		f->width = va_arg(*ap, int);
		if (f->width < 0) {
			f->left = true;
			f->width = -f->width;
		}
		p++;
	}
	while (*p >= '0' && *p <= '9')
		f->width = f->width * 10 + (*p++ - '0');
	if (*p == '.') {
		p++;
		f->precision = 0;
		if (*p == '*') {
			f->precision = va_arg(*ap, int);
			p++;
		}
		while (*p >= '0' && *p <= '9')
			f->precision = f->precision * 10 + (*p++ - '0');
	}
	if (*p == 'h') {
		f->length = -1;
		p++;
	} else if (*p == 'L') {
		f->length = 2;
		p++;
	} else if (*p == 'l') {
		f->length = 1;
		if (*++p == 'l') {
			f->length = 2;
			p++;
		}
	} else if (*p == 'z') {
		f->length = sizeof(size_t) == sizeof(long) ? 1 : 0;
		p++;
	}
	return p;
}

static unsigned long long get_unsigned(const struct fmt_spec *f, va_list *ap)
{
	switch (f->length) {
	case 2:
		return va_arg(*ap, unsigned long long);
	case 1:
		return va_arg(*ap, unsigned long);
	case -1:
		return (unsigned short)va_arg(*ap, unsigned int);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static long long get_signed(const struct fmt_spec *f, va_list *ap)
{
	switch (f->length) {
	case 2:
		return va_arg(*ap, long long);
	case 1:
		return va_arg(*ap, long);
	case -1:
		return (short)va_arg(*ap, int);
	default:
		return va_arg(*ap, int);
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { buf, size, 0 };
	struct fmt_spec f;
	va_list ap;

	va_copy(ap, args);
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			put(&o, *p);
			continue;
		}
		p = parse_spec(p + 1, &f, &ap);
		switch (*p) {
		case 'd':
		case 'i': {
			long long v = get_signed(&f, &ap);
			unsigned long long mag = v < 0 ? -(unsigned long long)v : (unsigned long long)v;

			put_num(&o, mag, v < 0, 10, false, &f);
			break;
		}
		case 'u':
			put_num(&o, get_unsigned(&f, &ap), false, 10, false, &f);
			break;
		case 'x':
		case 'X':
			put_num(&o, get_unsigned(&f, &ap), false, 16, *p == 'X', &f);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);
			char s[2] = { c, 0 };

			put_str(&o, s, &f);
			break;
		}
		case 's':
			put_str(&o, va_arg(ap, const char *), &f);
			break;
		case 'p':
			if (p[1] == 'S') {
				/* %pS: the symbol, as Linux prints code addresses. */
				char sym[128];

				p++;
				sprint_symbol(sym, sizeof(sym), (unsigned long)va_arg(ap, void *));
				put_str(&o, sym, &f);
				break;
			}
			/* Pointers print as full-width hex, as %08lx would. */
			f.zero = true;
			if (!f.width)
				f.width = 2 * sizeof(void *);
			put_num(&o, (unsigned long)va_arg(ap, void *), false, 16, false, &f);
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			p--;	/* a lone '%' at the end: stop cleanly */
			break;
		default:
			/* Unknown conversion: show it rather than guess. */
			put(&o, '%');
			put(&o, *p);
			break;
		}
	}
	va_end(ap);
	if (size)
		buf[o.pos < size ? o.pos : size - 1] = '\0';
	return (int)o.pos;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

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

unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base)
{
	unsigned long long v = 0;
	int d;

	if (!base) {
		base = 10;
		if (cp[0] == '0') {
			base = 8;
			if ((cp[1] == 'x' || cp[1] == 'X') && digit_value(cp[2]) < 16) {
				base = 16;
				cp += 2;
			}
		}
	} else if (base == 16 && cp[0] == '0' && (cp[1] == 'x' || cp[1] == 'X')) {
		cp += 2;
	}
	while ((d = digit_value(*cp)) < (int)base) {
		v = v * base + d;
		cp++;
	}
	if (endp)
		*endp = (char *)cp;
	return v;
}

unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base)
{
	return (unsigned long)simple_strtoull(cp, endp, base);
}

/* memparse: a number with an optional K, M or G suffix (Linux's lib/cmdline.c). */
unsigned long long memparse(const char *ptr, char **retptr)
{
	char *end;
	unsigned long long v = simple_strtoull(ptr, &end, 0);

	switch (*end) {
	case 'G':
	case 'g':
		v <<= 10;
		/* fall through */
	case 'M':
	case 'm':
		v <<= 10;
		/* fall through */
	case 'K':
	case 'k':
		v <<= 10;
		end++;
		break;
	default:
		break;
	}
	if (retptr)
		*retptr = end;
	return v;
}
