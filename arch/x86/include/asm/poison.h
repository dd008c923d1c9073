#ifndef _ASM_X86_POISON_H
#define _ASM_X86_POISON_H

/*
 * What free_initmem() fills freed .init pages with: int3, so a stale call
 * into boot code traps at once (Linux's POISON_FREE_INITMEM).
 */
#define POISON_FREE_INITMEM	0xcc

void poison_init_page(void *addr);
void poison_page_coarse_first(void *addr);

#endif
