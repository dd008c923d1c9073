#ifndef _ASM_X86_MEMINIT_H
#define _ASM_X86_MEMINIT_H

#include <linux/mmzone.h>
#include <linux/types.h>

/* The hand-over, in the order start_kernel() calls it (Gorman 5.5-5.6). */
void zone_sizes_init(void);
unsigned long free_pages_init(void);	/* mem_init()'s hand-over, arch/x86/mm/mem_init.c */
unsigned long free_init_pages(void *begin, void *end, int poison);	/* mem_init.c */
void mem_init(void);
void mem_init_report(void);
void free_initmem(void);

extern unsigned long highstart_pfn, highend_pfn;
extern unsigned long totalram_pages, totalhigh_pages;
extern void *high_memory;

/* Phase timings printed after the Memory: line (and by `bench`). */
struct meminit_timing {
	u64 memmap_ns;
	u64 free_all_bootmem_ns;
	u64 highmem_ns;
	u64 free_initmem_ns;	/* the pages freed and poisoned, not the line saying so */
	/* __free_pages() calls and pages of each release phase */
	unsigned long lowmem_calls, lowmem_pages, highmem_calls;
	/* and those calls by order */
	unsigned long lowmem_orders[MAX_ORDER], highmem_orders[MAX_ORDER];
};
extern struct meminit_timing meminit_timing;

#endif
