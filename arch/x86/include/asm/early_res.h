#ifndef _ASM_X86_EARLY_RES_H
#define _ASM_X86_EARLY_RES_H

#include <linux/types.h>

/*
 * Early reservations (Linux 2.6.2x arch/x86/kernel/e820.c, then
 * kernel/early_res.c, until memblock replaced them in 2.6.37): the memory
 * in use before any boot allocator exists -- page 0, the kernel image,
 * everything the boot loader left, and what setup_arch() places there
 * itself -- as a table of named ranges.  find_early_area() looks for room
 * in the e820 RAM that none of them covers; early_res_to_bootmem() hands
 * the whole record to the boot allocator once it is up.
 *
 * A reservation without a name is bootmem's own memory, which it gives
 * back itself: the bitmaps in free_all_bootmem(), a grown table in
 * early_res_discard() once the record has been taken.
 */
struct early_res {
	u64 start, end;		/* [start, end) physical */
	const char *name;	/* the reason the record of reservations keeps */
	unsigned long pages;	/* what it reserved in bootmem, once handed over */
};

/* What the table in the kernel image holds (Linux 2.6.34's MAX_EARLY_RES_X). */
#define EARLY_RES_STATIC	32

/* find_early_area()'s answer when nothing fits (Linux's -1ULL). */
#define EARLY_AREA_NONE		(~0ULL)

void reserve_early(u64 start, u64 end, const char *name);
void early_res_room(unsigned long more, const struct early_res *ahead, int nr);
u64 find_early_area(u64 start, u64 end, u64 size, u64 align);
void early_res_to_bootmem(u64 start, u64 end);
unsigned long early_res_pages(const char *name);
void early_res_discard(void);

#endif
