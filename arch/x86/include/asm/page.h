#ifndef _ASM_X86_PAGE_H
#define _ASM_X86_PAGE_H

#include <linux/types.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

/*
 * The 3 GiB/1 GiB split of Linux/i386: the kernel maps low memory 1:1 at
 * PAGE_OFFSET, so __va/__pa are additions (Gorman 4.2).
 */
#define PAGE_OFFSET	0xC0000000UL
#define __pa(x)		((phys_addr_t)((unsigned long)(x) - PAGE_OFFSET))
#define __va(x)		((void *)((unsigned long)(x) + PAGE_OFFSET))

#define HAVE_ARCH_ALLOC_PAGE	/* asm/pgalloc.h: initmem=unmap */

#define PFN_UP(x)	((unsigned long)(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT))
#define PFN_DOWN(x)	((unsigned long)((x) >> PAGE_SHIFT))
#define PFN_PHYS(x)	((phys_addr_t)(x) << PAGE_SHIFT)

#endif
