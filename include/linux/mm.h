#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/types.h>
#include <asm/page.h>

/*
 * struct page: one per physical page frame, in mem_map (Gorman 2.4).
 * 20 bytes on i386 (limit 32), so mem_map for 4 GiB is 20 MiB of lowmem:
 *   flags  PG_* bits (2.4's numbering) and, in the top bits, the zone,
 *          so page_zone() needs no pointer (as Linux 2.6 does);
 *   count  the reference count: __free_pages frees at zero (2.4 semantics);
 *   lru    links the page into a free list while it heads a free block;
 *   private the order of the free block the page heads (PageBuddy).
 * 2.4's "virtual" field is gone: lowmem addresses are computed, highmem
 * pages have no permanent mapping (kmap gives one).
 */
#include <linux/list.h>

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

/* The zone number lives in the top two bits of flags. */
#define ZONES_SHIFT	(8 * sizeof(unsigned long) - 2)

#define PageReserved(p)		(((p)->flags >> PG_reserved) & 1)
#define SetPageReserved(p)	((p)->flags |= 1UL << PG_reserved)
#define ClearPageReserved(p)	((p)->flags &= ~(1UL << PG_reserved))
#define PageHighMem(p)		(((p)->flags >> PG_highmem) & 1)
#define SetPageHighMem(p)	((p)->flags |= 1UL << PG_highmem)
#define ClearPageHighMem(p)	((p)->flags &= ~(1UL << PG_highmem))
#define PageBuddy(p)		(((p)->flags >> PG_buddy) & 1)
#define set_page_count(p, v)	((p)->count = (v))
#define page_count(p)		((p)->count)

static inline unsigned int page_zonenum(const struct page *page)
{
	return (unsigned int)(page->flags >> ZONES_SHIFT);
}

static inline void set_page_zone(struct page *page, unsigned int zone)
{
	page->flags = (page->flags & ~(3UL << ZONES_SHIFT)) | ((unsigned long)zone << ZONES_SHIFT);
}

extern struct page *mem_map;
extern unsigned long max_mapnr;
extern unsigned long num_physpages;

/*
 * The kernel address of a page: computed for low memory, the kmap address
 * (or NULL when unmapped) for highmem, which has no permanent mapping.
 */
void *page_address(const struct page *page);
void *highmem_page_address(const struct page *page);

#define pfn_to_page(pfn)	(mem_map + (pfn))
#define page_to_pfn(page)	((unsigned long)((page) - mem_map))
#define virt_to_page(kaddr)	pfn_to_page(__pa(kaddr) >> PAGE_SHIFT)

#endif
