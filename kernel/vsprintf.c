/*
 * vsnprintf: the printk formatter.
 *
 * Portable C with no dependency on the rest of the kernel, so the host test
 * build runs it too.  Conversions: d i u o x X c s p %, %pS / %pB for
 * code addresses (symbol+offset/size; %pB names the caller of a return
 * address, as backtraces need), and %pa for a physical address.  Flags '-', '0', '+', ' ', '#'; a width
 * and a precision (or '*'); length modifiers hh h l ll z t j and 2.4's L
 * (as in %016Lx).  An unknown conversion ends the output there, as in
 * Linux: the arguments after it can no longer be matched to the format.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/kallsyms.h>

enum length { LEN_CHAR = -2, LEN_SHORT, LEN_INT, LEN_LONG, LEN_LLONG };

struct fmt_spec {
	bool left;
	bool zero;
	bool plus;
	bool space;
	bool alt;		/* '#': 0x in front of hex, 0 in front of octal */
	int width;
	int precision;		/* -1: none */
	enum length length;
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

/*
 * A number: [pad][sign][prefix][zeros][digits][pad].  A precision is the
 * minimum number of digits and turns off '0' padding, as C specifies.
 */
static void put_num(struct out *o, unsigned long long num, bool negative,
		    unsigned int base, bool upper, const struct fmt_spec *f)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	const char *prefix = "";
	char tmp[24];
	int n = 0, len, zeros;
	char sign = 0;

	if (negative)
		sign = '-';
	else if (f->plus)
		sign = '+';
	else if (f->space)
		sign = ' ';
	if (f->alt && base == 16)
		prefix = upper ? "0X" : "0x";
	else if (f->alt && base == 8 && num)
		prefix = "0";
	if (num || f->precision != 0) {
		do {
			tmp[n++] = digits[num % base];
			num /= base;
		} while (num);
	}
	zeros = f->precision > n ? f->precision - n : 0;
	len = n + zeros + (sign ? 1 : 0) + (int)strlen(prefix);
	if (f->precision < 0 && f->zero && !f->left) {
		zeros += f->width > len ? f->width - len : 0;
		len = max(len, f->width);
	}
	if (!f->left)
		pad(o, ' ', f->width - len);
	if (sign)
		put(o, sign);
	while (*prefix)
		put(o, *prefix++);
	pad(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (f->left)
		pad(o, ' ', f->width - len);
}

static const char *parse_spec(const char *p, struct fmt_spec *f, va_list *ap)
{
	*f = (struct fmt_spec){ .precision = -1, .length = LEN_INT };
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
			if (f->precision < 0)
				f->precision = -1;
			p++;
		}
		while (*p >= '0' && *p <= '9')
			f->precision = f->precision * 10 + (*p++ - '0');
	}
	switch (*p) {
	case 'h':
		f->length = *++p == 'h' ? (p++, LEN_CHAR) : LEN_SHORT;
		break;
	case 'l':
		f->length = *++p == 'l' ? (p++, LEN_LLONG) : LEN_LONG;
		break;
	case 'L':
	case 'j':
		f->length = LEN_LLONG;
		p++;
		break;
	case 'z':
	case 't':	/* size_t and ptrdiff_t are long-sized on both targets */
		f->length = sizeof(size_t) == sizeof(long) ? LEN_LONG : LEN_INT;
		p++;
		break;
	default:
		break;
	}
	return p;
}

static unsigned long long get_unsigned(const struct fmt_spec *f, va_list *ap)
{
	switch (f->length) {
	case LEN_LLONG:
		return va_arg(*ap, unsigned long long);
	case LEN_LONG:
		return va_arg(*ap, unsigned long);
	case LEN_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static long long get_signed(const struct fmt_spec *f, va_list *ap)
{
	switch (f->length) {
	case LEN_LLONG:
		return va_arg(*ap, long long);
	case LEN_LONG:
		return va_arg(*ap, long);
	case LEN_SHORT:
		return (short)va_arg(*ap, int);
	case LEN_CHAR:
		return (signed char)va_arg(*ap, int);
	default:
		return va_arg(*ap, int);
	}
}

/* %pS and %pB: a code address as its symbol. */
static void put_symbol(struct out *o, char kind, unsigned long addr, const struct fmt_spec *f)
{
	char sym[128];

	if (kind == 'B')
		sprint_backtrace(sym, sizeof(sym), addr);
	else
		sprint_symbol(sym, sizeof(sym), addr);
	put_str(o, sym, f);
}

/*
 * %pa: a physical address, passed by reference as in Linux, printed in the
 * one style every physical address uses here: 0x and 16 hex digits, the
 * width of a 64-bit (PAE) address whatever phys_addr_t is in this build,
 * so a log reads the same with and without PAE.
 */
static void put_phys(struct out *o, const phys_addr_t *addr)
{
	struct fmt_spec f = { .zero = true, .width = 16, .precision = -1 };

	put(o, '0');
	put(o, 'x');
	put_num(o, (unsigned long long)*addr, false, 16, false, &f);
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
		case 'o':
			put_num(&o, get_unsigned(&f, &ap), false, 8, false, &f);
			break;
		case 'x':
		case 'X':
			put_num(&o, get_unsigned(&f, &ap), false, 16, *p == 'X', &f);
			break;
		case 'c': {
			char s[2] = { (char)va_arg(ap, int), 0 };

			put_str(&o, s, &f);
			break;
		}
		case 's':
			put_str(&o, va_arg(ap, const char *), &f);
			break;
		case 'p':
			if (p[1] == 'S' || p[1] == 'B') {
				p++;
				put_symbol(&o, *p, (unsigned long)va_arg(ap, void *), &f);
				break;
			}
			if (p[1] == 'a') {
				p++;
				put_phys(&o, va_arg(ap, const phys_addr_t *));
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
		default:
			/* Unknown (or a lone '%' at the end): stop, as Linux does. */
			goto out;
		}
	}
out:
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
