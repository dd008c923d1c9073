#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/types.h>
#include <asm/page.h>

/*
 * struct page: one per physical page frame, in mem_map (Gorman 2.4).
 * 20 bytes on i386 (limit 32), so mem_map for 4 GiB is 20 MiB of lowmem:
 *   flags  PG_* bits (2.4's numbering) and, in the top bits, the zone
 *          and the node, so page_zone() needs no pointer (as Linux 2.6);
 *   count  the reference count: __free_pages frees at zero (2.4 semantics);
 *   lru    links the page into a free list while it heads a free block;
 *   private the order of the free block the page heads (PageBuddy).
 * 2.4's "virtual" field is gone: lowmem addresses are computed, highmem
 * pages have no permanent mapping (kmap gives one).
 */
#include <linux/bitops.h>
#include <linux/list.h>
#include <linux/numa.h>

struct page {
	unsigned long flags;
	int count;
	unsigned long private;
	struct list_head lru;
};

/* Page flag bits, numbered as in 2.4's include/linux/mm.h where 2.4 has them. */
#define PG_buddy	9	/* heads a free block; 2.4 used the free-area bitmap */
#define PG_highmem	11
#define PG_reserved	14

/*
 * The top bits of flags say where the page lives: its zone in the top two
 * bits, its node in the NODES_SHIFT bits below, so page_zone() and
 * page_to_pfn() need no pointer in struct page (Linux 2.6's page-flags
 * layout; 2.4 kept a zone pointer instead).  PG_* bits stay far below.
 */
#define ZONES_WIDTH		2
#define NODES_WIDTH		NODES_SHIFT
#define ZONES_PGSHIFT		(BITS_PER_LONG - ZONES_WIDTH)
#define NODES_PGSHIFT		(ZONES_PGSHIFT - NODES_WIDTH)
#define ZONES_MASK		((1UL << ZONES_WIDTH) - 1)
#define NODES_MASK		((1UL << NODES_WIDTH) - 1)

#define PageReserved(p)		(((p)->flags >> PG_reserved) & 1)
#define SetPageReserved(p)	((p)->flags |= 1UL << PG_reserved)
#define ClearPageReserved(p)	((p)->flags &= ~(1UL << PG_reserved))
#define PageHighMem(p)		(((p)->flags >> PG_highmem) & 1)
#define SetPageHighMem(p)	((p)->flags |= 1UL << PG_highmem)
#define PageBuddy(p)		(((p)->flags >> PG_buddy) & 1)
#define set_page_count(p, v)	((p)->count = (v))
#define page_count(p)		((p)->count)

/* The flags of a page that starts life in zone of node nid. */
static inline unsigned long page_links(unsigned int zone, int nid)
{
	return ((unsigned long)zone << ZONES_PGSHIFT) | ((unsigned long)nid << NODES_PGSHIFT);
}

static inline unsigned int page_zonenum(const struct page *page)
{
	return (unsigned int)((page->flags >> ZONES_PGSHIFT) & ZONES_MASK);
}

static inline int page_to_nid(const struct page *page)
{
	return (int)((page->flags >> NODES_PGSHIFT) & NODES_MASK);
}

extern unsigned long max_mapnr;
extern unsigned long num_physpages;

/*
 * mem_map: the struct pages of node 0, which on a UMA machine are all of
 * them (2.4's name).  How a pfn finds its struct page on any machine is
 * the memory model in linux/mmzone.h.
 */
extern struct page *mem_map;

/*
 * The architecture's map of RAM, which mm/ asks and never parses (on x86
 * the e820 map): the next run of whole RAM pages [*rs, *re) in [*pos, end),
 * with *pos moved past it; false when there is none.
 */
bool next_ram_range(unsigned long *pos, unsigned long end, unsigned long *rs,
		    unsigned long *re);
unsigned long ram_pages(unsigned long start_pfn, unsigned long end_pfn);

/* The largest max_pfn whose mem_map fits in budget bytes of low memory. */
unsigned long memmap_fit_pfn(unsigned long max_pfn, unsigned long max_low_pfn, u64 budget);

/* mm/accounting.c: the pages mem_init() reports, and the census at the end of boot. */
unsigned long count_reserved_pages(unsigned long end_pfn);
bool memory_accounting_report(void);

/*
 * The kernel address of a page: computed for low memory, the kmap address
 * (or NULL when unmapped) for highmem, which has no permanent mapping.
 */
void *page_address(const struct page *page);
void *highmem_page_address(const struct page *page);

#endif
