#ifndef _LINUX_MEMDUMP_H
#define _LINUX_MEMDUMP_H

#include <linux/types.h>

/*
 * `memdump` on the command line: the state of physical memory at four
 * moments of boot, printed in the format docs/memdump.md describes, for
 * `make report` to draw.  Not __init: the last dump comes after
 * free_initmem().
 */
enum memdump_stage {
	MEMDUMP_MAP,		/* the e820 map, sanitized */
	MEMDUMP_SETUP_ARCH,	/* the boot allocator holds low memory */
	MEMDUMP_MEM_INIT,	/* the buddy allocator owns memory */
	MEMDUMP_FREE_INITMEM,	/* the end of boot */
};

extern bool memdump_enabled;
void memdump(enum memdump_stage stage);

/* The architecture's part: its memory map, one `memdump: e820` line per entry. */
void arch_memdump_map(void);

#endif
