#ifndef _ASM_X86_SETUP_H
#define _ASM_X86_SETUP_H

#include <linux/types.h>

/* What head.asm maps at PAGE_OFFSET before paging_init(): the first 16 MiB. */
#define BOOT_MAPPED_END		(16ULL << 20)

/* Small hooks the generic kernel calls into the architecture for. */
void early_console_init(void);
void console_write(const char *s, size_t n);

void tsc_mark_boot(void);
bool tsc_init(void);
u64 tsc_clock_ns(void);
unsigned long tsc_khz_get(void);	/* 0 unless the TSC is the clock */

void time_init(void);			/* TSC if it calibrates, else PIT + IRQ0 */
u64 local_clock_ns(void);		/* ns since boot; 0 until time_init */
const char *clocksource_name(void);	/* "tsc", "pit" or "none" */

void trap_init(void);
void setup_arch(u32 magic, u32 info_phys);

/* isa-debug-exit (QEMU): status (v << 1) | 1, so 0x10 -> 33, 0x11 -> 35. */
#define EXIT_SUCCESS_CODE	0x10
#define EXIT_FAILURE_CODE	0x11
__attribute__((noreturn)) void machine_exit(u32 code);

#endif
