/*
 * The host test program: kernel code (mm/, the e820 and Multiboot code,
 * vsnprintf, the KTAP runner) linked with these few stand-ins for the
 * kernel around it, run under AddressSanitizer and UBSan.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/kernel.h>
#include <linux/kallsyms.h>
#include <linux/mm.h>
#include <asm/page.h>
#include <asm/bootinfo.h>
#include <asm/setup.h>
#include "host.h"

unsigned char *sim_mem;
u64 sim_mem_size;
jmp_buf *host_panic_jmp;
char host_panic_msg[512];
int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;

static char log_buf[1 << 16];
static size_t log_len;

void host_log_clear(void)
{
	log_len = 0;
	log_buf[0] = '\0';
}

bool host_log_contains(const char *needle)
{
	return strstr(log_buf, needle) != NULL;
}

const char *host_log(void)
{
	return log_buf;
}

int vprintk(const char *fmt, va_list ap)
{
	char line[1024];
	int n;

	if (fmt[0] == KERN_SOH[0] && fmt[1])
		fmt += 2;
	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (log_len + strlen(line) + 1 >= sizeof(log_buf))
		log_len = 0;	/* a long test: keep the newest messages */
	strcpy(log_buf + log_len, line);
	log_len += strlen(line);
	if (getenv("HOST_VERBOSE"))
		fputs(line, stderr);
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

static char *kunit_capture_buf;
static size_t kunit_capture_size;

void host_kunit_capture(char *buf, size_t size)
{
	kunit_capture_buf = buf;
	kunit_capture_size = size;
	if (buf && size)
		buf[0] = '\0';
}

void kunit_printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (kunit_capture_buf) {
		size_t len = strlen(kunit_capture_buf);

		vsnprintf(kunit_capture_buf + len, kunit_capture_size - len, fmt, ap);
	} else {
		vprintf(fmt, ap);
	}
	va_end(ap);
	fflush(stdout);
}

static __noreturn void host_stop(const char *msg)
{
	snprintf(host_panic_msg, sizeof(host_panic_msg), "%s", msg);
	printk("%s\n", msg);
	if (host_panic_jmp)
		longjmp(*host_panic_jmp, 1);
	fprintf(stderr, "unexpected kernel stop on the host: %s\n", msg);
	abort();
}

void panic(const char *fmt, ...)
{
	char msg[400], line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "Kernel panic - not syncing: %s", msg);
	host_stop(line);
}

void __bug(const char *file, int line, const char *msg)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "kernel BUG at %s:%d! %s", file, line, msg ? msg : "");
	host_stop(buf);
}

void __warn(const char *file, int line, const char *msg)
{
	printk("WARNING: %s at %s:%d\n", msg, file, line);
}

/* The host has no kallsyms table: addresses print as numbers. */
int sprint_symbol(char *buf, size_t size, unsigned long addr)
{
	return snprintf(buf, size, "0x%lx", addr);
}

int sprint_backtrace(char *buf, size_t size, unsigned long ret)
{
	return snprintf(buf, size, "0x%lx", ret);
}

/* The clock the hand-over's phases are timed by (meminit_timing): the host's. */
u64 local_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

/* The host has no page tables, so no highmem page is ever mapped. */
void *highmem_page_address(const struct page *page)
{
	(void)page;
	return NULL;
}

void sim_mem_init(u64 size)
{
	/* Page aligned, so page_address() results are aligned as in the kernel. */
	free(sim_mem);
	sim_mem = aligned_alloc(PAGE_SIZE, (size_t)ALIGN(size, (u64)PAGE_SIZE));
	if (sim_mem)
		memset(sim_mem, 0, (size_t)size);
	if (!sim_mem) {
		perror("sim_mem_init");
		exit(2);
	}
	sim_mem_size = size;
}

void sim_mem_free(void)
{
	free(sim_mem);
	sim_mem = NULL;
	sim_mem_size = 0;
}

/* Reads of "physical memory" outside the simulated block are refused. */
int copy_from_phys(void *dst, u64 src, size_t len)
{
	if (src > sim_mem_size || len > sim_mem_size - src)
		return -1;
	memcpy(dst, sim_mem + src, len);
	return 0;
}
