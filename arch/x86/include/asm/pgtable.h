#ifndef _ASM_X86_PGTABLE_H
#define _ASM_X86_PGTABLE_H

#include <asm/fixmap.h>

/* Two-level i386 paging (Intel SDM vol. 3A 4.3). */
#define PGDIR_SHIFT	22
#define PTRS_PER_PGD	1024
#define PTRS_PER_PTE	1024
#define _PAGE_PRESENT	0x001
#define _PAGE_RW	0x002
#define _PAGE_PSE	0x080
#define _PAGE_GLOBAL	0x100
#define _KERNPG_TABLE	(_PAGE_PRESENT | _PAGE_RW)

/*
 * Kernel virtual layout above PAGE_OFFSET (Gorman 4.1): low memory, an
 * 8 MiB gap, vmalloc space, then the permanent kmap window (one page
 * table, LAST_PKMAP pages) and the fixmaps in the top 4 MiB.  The 128 MiB
 * kept for vmalloc/kmap/fixmap is why low memory stops at 896 MiB.
 */
#define VMALLOC_RESERVE	(128UL << 20)
#define MAXMEM		(0UL - PAGE_OFFSET - VMALLOC_RESERVE)	/* 896 MiB */
#define MAXMEM_PFN	(MAXMEM >> PAGE_SHIFT)
#define LAST_PKMAP	1024
#define PKMAP_BASE	0xff800000UL

extern unsigned long swapper_pg_dir[PTRS_PER_PGD];

void paging_init(void);

#endif
