#ifndef _HOST_ASM_PAGE_H
#define _HOST_ASM_PAGE_H

/*
 * The host test build's view of "physical memory": one block of host
 * memory (sim_mem) stands for physical addresses 0 .. sim_mem_size, so
 * __va/__pa are offsets into it (as tools/testing/memblock simulates RAM).
 * Everything else matches arch/x86/include/asm/page.h.
 */
#include <linux/types.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_OFFSET	0xC0000000UL

extern unsigned char *sim_mem;
extern u64 sim_mem_size;

#define __va(x)		((void *)(sim_mem + (unsigned long)(x)))
#define __pa(x)		((phys_addr_t)((unsigned char *)(x) - sim_mem))

#define PFN_UP(x)	((unsigned long)(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT))
#define PFN_DOWN(x)	((unsigned long)((x) >> PAGE_SHIFT))
#define PFN_PHYS(x)	((phys_addr_t)(x) << PAGE_SHIFT)

#endif
