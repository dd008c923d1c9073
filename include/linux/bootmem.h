#ifndef _LINUX_BOOTMEM_H
#define _LINUX_BOOTMEM_H

#include <linux/init.h>
#include <linux/mmzone.h>
#include <asm/cache.h>
#include <asm/dma.h>

/*
 * The boot memory allocator (Gorman chapter 5; Linux 2.4 mm/bootmem.c):
 * one bit per page frame of a node, set = reserved, first fit.
 */
typedef struct bootmem_data {
	phys_addr_t node_boot_start;	/* physical address of bit 0 */
	unsigned long node_low_pfn;	/* first pfn past the node's low memory */
	void *node_bootmem_map;		/* the bitmap; NULL once retired */
	unsigned long node_bootmap_pfn;	/* where the bitmap is (was, once retired) */
	bool map_borrowed;		/* the bitmap is on another node's memory */
	unsigned long last_offset;	/* end of the last allocation in its page */
	unsigned long last_pos;		/* pfn index of that page */
	bool retired;			/* free_all_bootmem_core() has run */
} bootmem_data_t;

extern unsigned long max_low_pfn, min_low_pfn, max_pfn;

enum bootmem_retire {
	BOOTMEM_RETIRE_BATCH,	/* maximal aligned blocks (memblock_free_all) */
	BOOTMEM_RETIRE_PAGE,	/* 2.4: one __free_page() per page */
};
extern enum bootmem_retire bootmem_retire_mode;

unsigned long bootmem_largest_free_run(const pg_data_t **where);

unsigned long init_bootmem(unsigned long start, unsigned long pages);
unsigned long init_bootmem_node(pg_data_t *pgdat, unsigned long freepfn,
				unsigned long startpfn, unsigned long endpfn);
void reserve_bootmem(phys_addr_t addr, unsigned long size);
void reserve_bootmem_node(pg_data_t *pgdat, phys_addr_t addr, unsigned long size);
void free_bootmem(phys_addr_t addr, unsigned long size);
void free_bootmem_node(pg_data_t *pgdat, phys_addr_t addr, unsigned long size);
unsigned long bootmem_bootmap_pages(unsigned long pages);
bool bootmem_page_reserved(unsigned long pfn);

/*
 * Allocating: one entry point, __bootmem_alloc_nid(), called as Linux's
 * memblock_alloc_try_nid() and its variants are (mm/memblock.c), so a
 * second boot allocator can stand beside this one under the same calls.
 * size bytes aligned to align (a power of two), zeroed; min_addr is 2.4's goal, a preference:
 * the search starts there and, finding nothing, starts again from the
 * node's first page, as memblock drops min_addr; nothing at or above
 * max_addr (BOOTMEM_ALLOC_ACCESSIBLE: no limit, bootmem holds only low
 * memory); node nid's memory first, then every node's in node order
 * (NUMA_NO_NODE: every node's).  No room is a panic naming the caller,
 * after 2.4's "bootmem alloc of N bytes failed!".  _raw: not zeroed, for
 * a caller that writes every byte (Linux's memblock_alloc_try_nid_raw(),
 * made for mem_map).  _exact_nid_raw: node nid only, not zeroed, NULL
 * when it is full (Linux 5.9's memblock_alloc_exact_nid_raw()), for a
 * caller with somewhere else to be.
 */
#define BOOTMEM_ALLOC_ACCESSIBLE	0
#define BOOTMEM_RAW		0x1	/* not zeroed */
#define BOOTMEM_EXACT_NID	0x2	/* node nid only, NULL when it is full */

void *__bootmem_alloc_nid(unsigned long size, unsigned long align, phys_addr_t min_addr,
			  u64 max_addr, int nid, unsigned int flags);

#define bootmem_alloc_try_nid(size, align, min_addr, max_addr, nid) \
	__bootmem_alloc_nid((size), (align), (min_addr), (max_addr), (nid), 0)
#define bootmem_alloc_try_nid_raw(size, align, min_addr, max_addr, nid) \
	__bootmem_alloc_nid((size), (align), (min_addr), (max_addr), (nid), BOOTMEM_RAW)
#define bootmem_alloc_exact_nid_raw(size, align, min_addr, max_addr, nid) \
	__bootmem_alloc_nid((size), (align), (min_addr), (max_addr), (nid), \
			    BOOTMEM_RAW | BOOTMEM_EXACT_NID)

/*
 * What stays reserved after the hand-over is named, the reason kept in
 * linux/reservations.h's record: a range reserved and named in one call
 * (reserve_bootmem_named), or an allocation never given back (page
 * tables, mem_map) named once made (boot_name_alloc(), linux/
 * boot_allocator.h, whichever allocator made it).  Plain reserve_bootmem()
 * is left for what free_all_bootmem() gives back, the bitmap itself.
 */
void reserve_bootmem_named(phys_addr_t addr, unsigned long size, const char *why);

/* The book's calls (Gorman 5.3, Linux 2.4's include/linux/bootmem.h), on the entry point. */
#define __alloc_bootmem(size, align, goal) \
	bootmem_alloc_try_nid((size), (align), (goal), BOOTMEM_ALLOC_ACCESSIBLE, NUMA_NO_NODE)
#define __alloc_bootmem_node(pgdat, size, align, goal) \
	bootmem_alloc_try_nid((size), (align), (goal), BOOTMEM_ALLOC_ACCESSIBLE, (pgdat)->node_id)
#define alloc_bootmem(x) \
	__alloc_bootmem((x), SMP_CACHE_BYTES, MAX_DMA_ADDRESS_PHYS)
#define alloc_bootmem_low(x) \
	__alloc_bootmem((x), SMP_CACHE_BYTES, 0)
#define alloc_bootmem_pages(x) \
	__alloc_bootmem((x), PAGE_SIZE, MAX_DMA_ADDRESS_PHYS)
#define alloc_bootmem_low_pages(x) \
	__alloc_bootmem((x), PAGE_SIZE, 0)
#define alloc_bootmem_node(pgdat, x) \
	__alloc_bootmem_node((pgdat), (x), SMP_CACHE_BYTES, MAX_DMA_ADDRESS_PHYS)
#define alloc_bootmem_pages_node(pgdat, x) \
	__alloc_bootmem_node((pgdat), (x), PAGE_SIZE, MAX_DMA_ADDRESS_PHYS)

/*
 * Retiring it (Gorman 5.5): every page bootmem does not hold to the buddy
 * allocator, then the bitmap; the returns are pages freed.
 * free_all_highmem_node(): a node's high memory, which bootmem never
 * held, in blocks (the batch hand-over; bootmem_retire=page frees it with
 * free_highmem_page()).  memmap_init_done(): the hand-over is over, every
 * struct page written.  free_bootmem_late(): the whole pages of a range
 * bootmem held, given straight to the buddy allocator once bootmem is
 * gone (Linux 2.6.28's name).  nr_handover_free_calls(): how many
 * __free_pages() calls the hand-over has made so far, for the
 * architecture's phase report (the count itself is mm's).
 */
unsigned long free_all_bootmem(void);
unsigned long free_all_bootmem_node(pg_data_t *pgdat);
unsigned long free_all_highmem_node(pg_data_t *pgdat);
void memmap_init_done(void);
void free_bootmem_late(phys_addr_t addr, unsigned long size);
unsigned long nr_handover_free_calls(void);
void nr_handover_free_orders(unsigned long orders[MAX_ORDER]);

#endif
