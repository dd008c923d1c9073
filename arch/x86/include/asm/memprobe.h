#ifndef _ASM_X86_MEMPROBE_H
#define _ASM_X86_MEMPROBE_H

#include <linux/types.h>

/* The first word that did not read back what was written (arch/x86/mm/memprobe.c). */
struct ram_probe_failure {
	phys_addr_t addr;
	u32 wrote;
	u32 read;
};

bool probe_ram_range(unsigned long start_pfn, unsigned long end_pfn,
		     struct ram_probe_failure *bad);

#endif
