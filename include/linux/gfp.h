#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

#include <linux/mmzone.h>

/*
 * Allocation flags (Linux 2.4 include/linux/mm.h, Gorman 6.4).  The low
 * bits choose the zone list; the rest say how hard the allocator may try.
 * No reclaim exists here, so __GFP_WAIT only changes the watermark used.
 */
#define __GFP_DMA	0x01
#define __GFP_HIGHMEM	0x02
#define __GFP_WAIT	0x10	/* can wait: deeper reserves are not for us */
#define __GFP_HIGH	0x20	/* 2.4's "high priority"; no reserve here reads it */
#define __GFP_IO	0x40
#define __GFP_FS	0x80
#define GFP_ZONEMASK	0x0f

#define GFP_ATOMIC	(__GFP_HIGH)
#define GFP_KERNEL	(__GFP_HIGH | __GFP_WAIT | __GFP_IO | __GFP_FS)
#define GFP_USER	(__GFP_WAIT | __GFP_IO | __GFP_FS)
#define GFP_HIGHUSER	(GFP_USER | __GFP_HIGHMEM)
#define GFP_DMA		__GFP_DMA

/*
 * A hook for the architecture on every block handed out (Linux's
 * arch_alloc_page()): x86 maps back pages that initmem=unmap took away.
 */
#ifdef HAVE_ARCH_ALLOC_PAGE
void arch_alloc_page(struct page *page, unsigned int order);
#else
static inline void arch_alloc_page(struct page *page, unsigned int order)
{
	(void)page;
	(void)order;
}
#endif

struct page *__alloc_pages(unsigned int gfp_mask, unsigned int order, zonelist_t *zonelist);
struct page *alloc_pages_node(int nid, unsigned int gfp_mask, unsigned int order);

static inline struct page *alloc_pages(unsigned int gfp_mask, unsigned int order)
{
	return alloc_pages_node(0, gfp_mask, order);
}

#define alloc_page(gfp_mask)		alloc_pages(gfp_mask, 0)

unsigned long __get_free_pages(unsigned int gfp_mask, unsigned int order);
unsigned long get_zeroed_page(unsigned int gfp_mask);
#define __get_free_page(gfp_mask)	__get_free_pages((gfp_mask), 0)

void __free_pages(struct page *page, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);
#define __free_page(page)		__free_pages((page), 0)
#define free_page(addr)			free_pages((addr), 0)

/*
 * Reserved pages to the buddy allocator, one at a time (Linux's names);
 * ranges and the rest of the hand-over are in linux/bootmem.h.
 */
void free_reserved_page(struct page *page);
void free_highmem_page(struct page *page);
extern unsigned long totalram_pages, totalhigh_pages;
unsigned long nr_free_pages(void);
unsigned long nr_free_highpages(void);
void show_free_areas(void);
void show_buddyinfo(void);
void show_free_lists(void);
void show_zoneinfo(void);

#endif
