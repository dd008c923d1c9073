/*
 * printk: formats into a line buffer, drops messages above the console log
 * level, and writes each line to the console with Linux's
 * "[seconds.micros] " prefix so a serial log diffs against a real dmesg.
 */
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/setup.h>

int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
static bool line_open;		/* the last message did not end in '\n' */

/*
 * The log buffer, as 2.4's kernel/printk.c keeps log_buf and log_end: a
 * ring of LOG_BUF_LEN bytes holding what printk sent to the console, the
 * "[seconds.micros] " prefixes included, so it reads as the serial log
 * does.  log_end counts every byte ever logged: the text is the last
 * min(log_end, LOG_BUF_LEN) bytes, __log_buf[(log_end - n) & LOG_BUF_MASK]
 * onwards.  Nothing in the kernel reads it back; a debugger does
 * (scripts/gdb: hv-dmesg), so both are global, lest the compiler drop
 * stores that no C code reads.
 */
#define LOG_BUF_LEN	(1UL << 16)
#define LOG_BUF_MASK	(LOG_BUF_LEN - 1)
char __log_buf[LOG_BUF_LEN];
unsigned long log_end;

static void log_write(const char *s, size_t n)
{
	while (n--)
		__log_buf[log_end++ & LOG_BUF_MASK] = *s++;
}

/* Every console write of printk's goes through here, and into the log. */
static void printk_write(const char *s, size_t n)
{
	log_write(s, n);
	console_write(s, n);
}

/*
 * A bad value is refused (and keeps the old level): a level that wrapped
 * to 0 would silence the very panic that explains it.
 */
static int __init loglevel_setup(char *str)
{
	char *end;
	unsigned long long level;
	int err = parse_integer(str, 0, &end, &level);

	if (err || *end || level > INT32_MAX) {
		pr_err("loglevel=%s: %s\n", str, err == -ERANGE || (!err && !*end) ?
		       "larger than the largest level, 2147483647" : "not a number");
		return -1;
	}
	console_loglevel = (int)level;
	return 0;
}
early_param("loglevel", loglevel_setup);

/* A flag, as in Linux: "debug=0" would read as "off", so a value is refused. */
static int __init debug_setup(char *str)
{
	if (*str) {
		pr_err("debug=%s: debug takes no value (loglevel=N sets a level)\n", str);
		return -1;
	}
	console_loglevel = 10;
	return 0;
}
early_param("debug", debug_setup);

static void emit_prefix(void)
{
	char ts[32];
	u64 ns = local_clock_ns();
	unsigned long sec = (unsigned long)(ns / 1000000000ULL);
	unsigned long usec = (unsigned long)(ns % 1000000000ULL / 1000);
	int n = snprintf(ts, sizeof(ts), "[%5lu.%06lu] ", sec, usec);

	printk_write(ts, (size_t)n);
}

static void emit(const char *text, size_t len)
{
	while (len) {
		const char *nl = memchr(text, '\n', len);
		size_t chunk = nl ? (size_t)(nl - text) + 1 : len;

		if (!line_open)
			emit_prefix();
		printk_write(text, chunk);
		line_open = !nl;
		text += chunk;
		len -= chunk;
	}
}

int vprintk(const char *fmt, va_list args)
{
	/* A whole command line fits, with "Kernel command line: " before it. */
	static char buf[COMMAND_LINE_SIZE + 256];
	int level = MESSAGE_LOGLEVEL_DEFAULT;	/* no level given */
	int n;

	if (fmt[0] == KERN_SOH[0] && ((fmt[1] >= '0' && fmt[1] <= '7') || fmt[1] == 'c')) {
		level = fmt[1] == 'c' ? -2 : fmt[1] - '0';
		fmt += 2;
	}
	if (level >= console_loglevel)
		return 0;
	n = vsnprintf(buf, sizeof(buf), fmt, args);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	/* A new message (not KERN_CONT) starts on a new line. */
	if (level != -2 && line_open)
		emit("\n", 1);
	emit(buf, (size_t)n);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
