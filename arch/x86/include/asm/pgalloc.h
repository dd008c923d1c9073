#ifndef _ASM_X86_PGALLOC_H
#define _ASM_X86_PGALLOC_H

#include <linux/types.h>
#include <asm/pgtable.h>

/*
 * Changing the kernel's own mapping, page by page, where the pmd has a
 * page table (those holding the kernel image always do).
 */
pte_t *lookup_kernel_pte(unsigned long vaddr);
void set_kernel_page_present(unsigned long vaddr, bool present);
void mark_rodata_ro(void);
bool rodata_test(void);
void unmap_stack_guard(void);
int probe_kernel_write_byte(void *addr, u8 value);

extern bool initmem_unmap;
void unmap_initmem(void);

#endif
