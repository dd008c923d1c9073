#ifndef _ASM_X86_FIXMAP_H
#define _ASM_X86_FIXMAP_H

#include <asm/page.h>

/*
 * Compile-time virtual addresses at the top of the address space, each one
 * page, counted down from FIXADDR_TOP (Linux's fixmap.h).  All of them sit
 * in the last 4 MiB, whose page table (fixmap_pte) head.asm installs before
 * paging is on, so they work from the first C instruction: setup_arch()
 * reads the boot loader's data through FIX_BTMAP long before bootmem
 * exists.  kmap_atomic() gets KM_TYPE_NR slots.
 */
#define FIXADDR_TOP	0xfffff000UL
#define KM_TYPE_NR	16

enum fixed_addresses {
	FIX_HOLE,
	FIX_BTMAP,
	FIX_KMAP_BEGIN,
	FIX_KMAP_END = FIX_KMAP_BEGIN + KM_TYPE_NR - 1,
	__end_of_fixed_addresses
};

#define FIXADDR_SIZE	(__end_of_fixed_addresses << PAGE_SHIFT)
#define FIXADDR_START	(FIXADDR_TOP - FIXADDR_SIZE)
#define __fix_to_virt(x) (FIXADDR_TOP - ((unsigned long)(x) << PAGE_SHIFT))

void set_fixmap(enum fixed_addresses idx, phys_addr_t phys);
void clear_fixmap(enum fixed_addresses idx);

#endif
