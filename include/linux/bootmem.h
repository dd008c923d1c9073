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
unsigned long free_all_bootmem(void);
unsigned long free_all_bootmem_node(pg_data_t *pgdat);

unsigned long init_bootmem(unsigned long start, unsigned long pages);
unsigned long init_bootmem_node(pg_data_t *pgdat, unsigned long freepfn,
				unsigned long startpfn, unsigned long endpfn);
void reserve_bootmem(phys_addr_t addr, unsigned long size);
void reserve_bootmem_node(pg_data_t *pgdat, phys_addr_t addr, unsigned long size);
void free_bootmem(phys_addr_t addr, unsigned long size);
void free_bootmem_node(pg_data_t *pgdat, phys_addr_t addr, unsigned long size);
void *__alloc_bootmem(unsigned long size, unsigned long align, phys_addr_t goal);
void *__alloc_bootmem_node(pg_data_t *pgdat, unsigned long size, unsigned long align,
			   phys_addr_t goal);
void *__alloc_bootmem_node_local(pg_data_t *pgdat, unsigned long size, unsigned long align,
				 phys_addr_t goal);
void *__alloc_bootmem_node_raw(pg_data_t *pgdat, unsigned long size, unsigned long align,
			       phys_addr_t goal);
unsigned long bootmem_bootmap_pages(unsigned long pages);
bool bootmem_page_reserved(unsigned long pfn);

/*
 * What stays reserved after the hand-over is reserved and named in one
 * call, the reason kept in linux/reservations.h's record: a range
 * (reserve_bootmem_named) or an allocation never given back (page tables,
 * mem_map).  Plain reserve_bootmem() is left for what free_all_bootmem()
 * gives back, the bitmap itself.
 */
void reserve_bootmem_named(phys_addr_t addr, unsigned long size, const char *why);
void *__alloc_bootmem_below_named(unsigned long size, unsigned long align, u64 limit,
				 const char *why);
void *__alloc_bootmem_named(unsigned long size, unsigned long align, phys_addr_t goal,
			    const char *why);
void *__alloc_bootmem_node_raw_named(pg_data_t *pgdat, unsigned long size, unsigned long align,
				     phys_addr_t goal, const char *why);

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
#define alloc_bootmem_low_pages_named(x, why) \
	__alloc_bootmem_named((x), PAGE_SIZE, 0, (why))
#define alloc_bootmem_node_raw_named(pgdat, x, why) \
	__alloc_bootmem_node_raw_named((pgdat), (x), SMP_CACHE_BYTES, MAX_DMA_ADDRESS_PHYS, (why))

#endif
