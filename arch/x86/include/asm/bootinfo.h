#ifndef _ASM_X86_BOOTINFO_H
#define _ASM_X86_BOOTINFO_H

#include <linux/init.h>
#include <asm/e820.h>

/*
 * Everything the boot loader told us, copied into the kernel by
 * parse_multiboot() before anything else runs.  The copies are ours: the
 * loader's own blocks are only remembered as physical ranges, so bootmem
 * can keep them reserved (Gorman 5.2: whatever the loader handed over must
 * not be handed out again).
 */
#define MAX_BOOT_RANGES	32

struct boot_range {
	u64 start, end;		/* [start, end) physical */
	const char *what;
};

struct boot_info {
	const char *protocol;		/* "Multiboot" or "Multiboot2" */
	const char *map_source;		/* where the memory map came from */
	char cmdline[COMMAND_LINE_SIZE];
	char loader_name[64];
	struct e820map map;		/* raw, as the loader gave it */
	bool map_truncated;
	bool have_meminfo;
	u32 mem_lower, mem_upper;	/* KiB */
	int nr_ranges;
	struct boot_range ranges[MAX_BOOT_RANGES];
};

/*
 * Read len bytes of physical memory at src.  The kernel maps them through
 * a fixmap slot; the host tests read a simulated block and refuse anything
 * outside it, which is what lets a fuzzer prove the parser stays inside.
 */
int copy_from_phys(void *dst, u64 src, size_t len);

int parse_multiboot(struct boot_info *bi, u32 magic, u32 info_phys);
int boot_modules_changed(void);	/* after setup_arch; -1: no modules */

#endif
