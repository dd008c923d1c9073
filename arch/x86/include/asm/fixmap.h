#ifndef _ASM_X86_FIXMAP_H
#define _ASM_X86_FIXMAP_H

#include <asm/pgtable.h>

/*
 * Compile-time virtual addresses at the top of the address space, each one
 * page, counted down from FIXADDR_TOP (Linux's fixmap.h).  All of them sit
 * in the last page table, fixmap_pte, which head.asm installs before
 * paging is on, so they work from the first C instruction: setup_arch()
 * reads the boot loader's data through FIX_BTMAP long before bootmem
 * exists.  kmap_atomic() gets KM_TYPE_NR slots.
 */
#define KM_TYPE_NR	16

enum fixed_addresses {
	FIX_HOLE,
	FIX_BTMAP,
	FIX_APIC_BASE,		/* the local APIC's registers, when time.c needs them */
	FIX_KMAP_BEGIN,
	FIX_KMAP_END = FIX_KMAP_BEGIN + KM_TYPE_NR - 1,
	__end_of_fixed_addresses
};

#define FIXADDR_SIZE	(__end_of_fixed_addresses << PAGE_SHIFT)
#define FIXADDR_START	(FIXADDR_TOP - FIXADDR_SIZE)
#define __fix_to_virt(x) (FIXADDR_TOP - ((unsigned long)(x) << PAGE_SHIFT))

/*
 * Linux's BUILD_BUG_ON()s for the layout: fixmap.c finds a slot's entry in
 * fixmap_pte with pte_index(), right only inside the last page table, and
 * the PKMAP window below must not reach into it.
 */
_Static_assert(FIXADDR_START >= FIXMAP_PTE_BASE,
	       "the fixmaps must fit in the last page table (fixmap_pte)");
_Static_assert(PKMAP_BASE + LAST_PKMAP * PAGE_SIZE <= FIXADDR_START,
	       "the PKMAP window must end below the fixmaps");

extern pte_t fixmap_pte[PTRS_PER_PTE];

void __set_fixmap(enum fixed_addresses idx, phys_addr_t phys, pgprot_t prot);
#define set_fixmap(idx, phys)	__set_fixmap(idx, phys, PAGE_KERNEL)
void clear_fixmap(enum fixed_addresses idx);

#endif
