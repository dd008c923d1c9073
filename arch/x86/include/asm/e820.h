#ifndef _ASM_X86_E820_H
#define _ASM_X86_E820_H

#include <linux/types.h>
#include <asm/pgtable.h>

/*
 * The BIOS memory map, in the shape Linux keeps it (arch/i386/kernel/
 * setup.c).  2.4 held 32 entries; firmware today reports more, so the
 * table has room for 128 and says so when it must drop any.
 */
#define E820MAX		128
#define E820_RAM	1
#define E820_RESERVED	2
#define E820_ACPI	3
#define E820_NVS	4
#define E820_UNUSABLE	5

struct e820entry {
	u64 addr;
	u64 size;
	u32 type;
};

struct e820map {
	int nr_map;
	struct e820entry map[E820MAX];
};

extern struct e820map e820;

int sanitize_e820_map(struct e820entry *biosmap, int *pnr_map);
extern bool e820_table_full;
bool e820_add_region(struct e820map *m, u64 start, u64 size, u32 type);
void e820_clip_legacy_hole(struct e820map *m);
void print_memory_map(const struct e820map *m, const char *who);
const char *e820_type_name(u32 type, char *buf, size_t len);
void e820_from_meminfo(struct e820map *m, u32 mem_lower, u32 mem_upper);
bool e820_has_ram(const struct e820map *m);
void e820_limit_ram(struct e820map *m, u64 limit);
void e820_warn_ram_not_in_map(const struct e820entry *u);
bool e820_range_is_ram(u64 start, u64 end);
bool e820_ram_above_4g(void);
/*
 * The highest pfn + 1 this kernel uses RAM at: what its page-table
 * entries can name, 4 GiB without PAE, 64 GiB with (asm/pgtable-*level.h).
 */
#define E820_MAX_PFN	(1ULL << (MAX_PHYSMEM_BITS - PAGE_SHIFT))

bool e820_ram_pfns(const struct e820entry *e, unsigned long *start, unsigned long *end);
bool page_is_ram(unsigned long pfn);
bool e820_next_ram_range(unsigned long *pos, unsigned long end, unsigned long *rs,
			 unsigned long *re);
bool e820_next_unlisted_ram(const struct e820map *fw, unsigned long *pos, unsigned long end,
			    unsigned long *rs, unsigned long *re);
unsigned long e820_ram_pages(unsigned long start_pfn, unsigned long end_pfn);

#endif
