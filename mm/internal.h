#ifndef _MM_INTERNAL_H
#define _MM_INTERNAL_H

#include <linux/mmzone.h>

/*
 * What mm/ shares only with itself (as Linux's mm/internal.h).  Naming a
 * reserved range is here, not in linux/reservations.h: only the calls that
 * reserve (mm/bootmem.c, and mm/boot_allocator.c for memblock) may name,
 * so nothing is named without being reserved.
 */
void note_reservation(unsigned long start_pfn, unsigned long end_pfn, const char *why);

/*
 * The hand-over's verbs below the public ones (free_reserved_page(),
 * free_highmem_page(), free_bootmem_late(), free_all_highmem_node()),
 * one per job.  caller is the address bad_page() names.
 */

/* page_alloc.c: a block whose pages are written free already: its head to the buddy allocator. */
void __free_pages_core(struct page *page, unsigned int order, bool to_tail, unsigned long caller);
/* page_alloc.c: the reserved pages of [start_pfn, end_pfn), each checked, in maximal blocks. */
unsigned long free_reserved_range(unsigned long start_pfn, unsigned long end_pfn,
				  unsigned long set_flags, bool to_tail, unsigned long caller);
/* mm_init.c: a run of free boot memory of zone to the buddy allocator, written first if need be. */
unsigned long __free_pages_memory(zone_t *zone, unsigned long start_pfn, unsigned long end_pfn);
/* mm_init.c: a run of zone that stays reserved, written so if not yet: it frees nothing. */
void reserve_bootmem_region(zone_t *zone, unsigned long start_pfn, unsigned long end_pfn);

/*
 * Deferred struct page init (mm/mm_init.c): true from free_area_init_core()
 * to memmap_init_done() when the batch hand-over writes the struct pages.
 */
extern bool memmap_deferred;
bool page_unwritten(const struct page *page);
bool pfn_unwritten(unsigned long pfn);

/* The largest naturally aligned block at pfn that ends by end_pfn (at most MAX_ORDER - 1). */
static inline unsigned int block_order(unsigned long pfn, unsigned long end_pfn)
{
	unsigned int order = MAX_ORDER - 1;

	if (pfn & ((1UL << order) - 1))
		order = (unsigned int)__builtin_ctzl(pfn);
	while (pfn + (1UL << order) > end_pfn)
		order--;
	return order;
}

/* memblock.c: the hand-over has begun; every later memblock call panics naming its caller. */
void memblock_mark_retired(void);

#endif
