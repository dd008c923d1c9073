#ifndef _ASM_X86_BOOTINFO_H
#define _ASM_X86_BOOTINFO_H

#include <linux/init.h>
#include <asm/e820.h>

/*
 * Everything the boot loader told us, taken in by parse_multiboot() before
 * anything else runs.  The loader's own blocks are only remembered as
 * physical ranges, so bootmem can keep them reserved (Gorman 5.2: whatever
 * the loader handed over must not be handed out again).
 *
 * The blocks that describe the boot are few and fixed by the protocol: the
 * info block, the command line, the loader's name, the memory map and the
 * module list (Multiboot 1 spec 0.6.96 section 3.3); Multiboot 2 keeps all
 * of them inside its one info block (spec 2.0 section 3.6).  The modules
 * are as many as the loader was given: they are counted here and read
 * again with next_boot_module() when setup_arch() has a table for them.
 */
#define MAX_LOADER_BLOCKS	5

/*
 * QEMU's -kernel loader puts the image's file name (a host path: at most
 * PATH_MAX, 4096 bytes) and a blank before the arguments, so the copy has
 * room for both; setup_arch() drops the name.
 */
#define BOOT_CMDLINE_SIZE	(COMMAND_LINE_SIZE + 4096)

/* No loader string is longer; looking for a NUL stops here. */
#define MB_STRING_MAX		(64 * 1024)

/* The kinds of block; boot_range_names[] (multiboot.c) says each in messages. */
enum boot_range_type {
	BOOT_RANGE_MB_INFO,		/* the Multiboot 1 info block */
	BOOT_RANGE_MB2_INFO,		/* the Multiboot 2 info block, every tag in it */
	BOOT_RANGE_MMAP,		/* Multiboot 1's memory map */
	BOOT_RANGE_MODULE_LIST,		/* Multiboot 1's module list */
	BOOT_RANGE_CMDLINE,		/* Multiboot 1's command line */
	BOOT_RANGE_LOADER_NAME,		/* Multiboot 1's boot loader name */
	NR_BOOT_RANGE_TYPES
};

extern const char *const boot_range_names[NR_BOOT_RANGE_TYPES];

struct boot_range {
	u64 start, end;		/* [start, end) physical */
	enum boot_range_type type;
};

/*
 * One boot module: where the loader put it, its command line (Multiboot 1;
 * in Multiboot 2 the string is inside the module tag, so inside the info
 * block) and, once setup_arch() has taken it, the Adler-32 of its contents.
 */
struct boot_module {
	u32 start, end;			/* [start, end) */
	u32 string, string_len;		/* its command line, NUL included */
	u32 adler32;
};

/* Where next_boot_module() goes on: an entry of the list, a tag offset. */
struct boot_module_cursor {
	u64 pos;
};

struct boot_info {
	const char *protocol;		/* "Multiboot" or "Multiboot2" */
	const char *map_source;		/* where the memory map came from */
	int version;			/* 1 or 2 */
	char cmdline[BOOT_CMDLINE_SIZE];	/* the loader's string, cut to fit */
	u32 cmdline_len;		/* its real length (MB_STRING_MAX if no end found) */
	bool cmdline_whole;		/* its end was found */
	char loader_name[64];
	struct e820map map;		/* raw, as the loader gave it */
	bool map_truncated;
	bool have_meminfo;
	u32 mem_lower, mem_upper;	/* KiB */
	int nr_ranges;
	struct boot_range ranges[MAX_LOADER_BLOCKS];
	u32 nr_modules;			/* entries next_boot_module() will give */
	u32 mods_addr;			/* MB1: the module list; MB2: the info block */
	u32 mods_size;			/* MB1: readable entries; MB2: total_size */
};

/*
 * Read len bytes of physical memory at src.  The kernel maps them through
 * a fixmap slot; the host tests read a simulated block and refuse anything
 * outside it, which is what lets a fuzzer prove the parser stays inside.
 */
int copy_from_phys(void *dst, u64 src, size_t len);

int parse_multiboot(struct boot_info *bi, u32 magic, u32 info_phys);
bool next_boot_module(const struct boot_info *bi, struct boot_module_cursor *c,
		      struct boot_module *m);

/* boot_modules.c: the table of modules setup_arch() keeps during boot. */
const struct boot_module *boot_module_table(u32 *nr);
unsigned long free_boot_module_table(void);

/* bootinfo.c: each module's Adler-32, taken by setup_arch, checked by the self-tests. */
void sum_boot_modules(struct boot_module *m, u32 nr);
int boot_modules_changed(const struct boot_module *m, u32 nr);	/* -1: no modules */

#endif
