#ifndef _HOST_H
#define _HOST_H

/*
 * Host-side support for running kernel code in a test process: printk
 * captured into a buffer the tests can search, panic()/BUG() that a test
 * can expect (they longjmp back instead of ending the process), and a
 * simulated physical memory.
 */
#include <setjmp.h>
#include <linux/types.h>
#include <kunit/test.h>

extern jmp_buf *host_panic_jmp;
extern char host_panic_msg[512];

/* Run stmt; true if it panicked or hit BUG(), with the message kept. */
#define HOST_PANICS(stmt) ({						\
	jmp_buf __jb, *__saved = host_panic_jmp;			\
	volatile bool __panicked = false;				\
	host_panic_jmp = &__jb;						\
	if (setjmp(__jb) == 0) {					\
		stmt;							\
	} else {							\
		__panicked = true;					\
	}								\
	host_panic_jmp = __saved;					\
	__panicked;							\
})

/*
 * While buf is set, KTAP lines go there (NUL-terminated, cut at size), not
 * to stdout: a test of the KUnit macros reads what a failing check prints
 * without failing the run.  NULL puts them back on stdout.
 */
void host_kunit_capture(char *buf, size_t size);

void host_log_clear(void);
bool host_log_contains(const char *needle);
const char *host_log(void);

/* Simulated physical memory of size bytes, zeroed; replaces any before. */
void sim_mem_init(u64 size);
void sim_mem_free(void);

#endif
