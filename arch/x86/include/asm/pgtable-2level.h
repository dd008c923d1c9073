#ifndef _ASM_X86_PGTABLE_2LEVEL_H
#define _ASM_X86_PGTABLE_2LEVEL_H

/*
 * Two-level i386 paging (Intel SDM vol. 3A 4.3, "32-bit paging"; Linux 2.4
 * include/asm-i386/pgtable-2level.h): a page directory of 1024 four-byte
 * entries, each mapping 4 MiB through a page table of 1024 four-byte
 * entries, or as one 4 MiB page when CR4.PSE is set (SDM 4.3, Table 4-4).
 *
 * This header holds what PAE changes (SDM 4.4): the width of an entry,
 * how many fit in a table, and the third level.  Include asm/pgtable.h,
 * never this: a PAE build selects pgtable-3level.h there in its place.
 * boot/head.asm builds the first page directory and page tables by hand
 * before any C runs, so its layout has to agree with this header.
 */

typedef unsigned long pteval_t;
typedef unsigned long pmdval_t;
typedef unsigned long pgdval_t;

/*
 * One-member structs, as 2.4's asm-i386/page.h has them: the compiler then
 * refuses an entry where an integer is expected and the reverse, and an
 * entry of one level where another's is expected.
 */
typedef struct { pteval_t pte; } pte_t;
typedef struct { pmdval_t pmd; } pmd_t;
typedef struct { pgdval_t pgd; } pgd_t;

#define pte_val(x)	((x).pte)
#define pmd_val(x)	((x).pmd)
#define pgd_val(x)	((x).pgd)
#define __pte(x)	((pte_t) { (x) })
#define __pmd(x)	((pmd_t) { (x) })
#define __pgd(x)	((pgd_t) { (x) })

/*
 * 32-bit entries name frames below 4 GiB only (2.4: "Warning only 4GB
 * will be used"); e820.c uses RAM only below 1 << MAX_PHYSMEM_BITS.
 */
#define MAX_PHYSMEM_BITS	32

/* Bits 31:12 of an entry that maps a page table or a 4 KiB page (SDM Tables 4-5, 4-6). */
#define PTE_PFN_MASK	((pteval_t)PAGE_MASK)

/* No execute-disable bit in a 32-bit entry (SDM Table 4-6): nothing to set. */
#define _PAGE_NX	((pteval_t)0)

#define PGDIR_SHIFT	22
#define PTRS_PER_PGD	1024

/*
 * The middle level is folded into the page directory, as in 2.4: each pgd
 * entry is its own single pmd (pmd_offset() below), so code written for
 * pgd -> pmd -> pte walks runs unchanged on two levels and on three.
 */
#define PMD_SHIFT	22
#define PTRS_PER_PMD	1

#define PTRS_PER_PTE	1024

/* The permanent kmap window is one page table (2.4: 1024, 512 with PAE). */
#define LAST_PKMAP	PTRS_PER_PTE

/*
 * A 4-byte entry is written with one aligned store, which the CPU never
 * sees half done (SDM vol. 3A 8.1.1); with PAE's 8-byte entries the order
 * of the two halves matters, which is why these belong to this header.
 */
static inline void set_pte(pte_t *ptep, pte_t pte)
{
	*ptep = pte;
}

static inline void set_pmd(pmd_t *pmdp, pmd_t pmd)
{
	*pmdp = pmd;
}

static inline void set_pgd(pgd_t *pgdp, pgd_t pgd)
{
	*pgdp = pgd;
}

static inline void pte_clear(pte_t *ptep)
{
	*ptep = __pte(0);
}

/* The folded pmd is the pgd entry itself (2.4's pmd_offset()). */
static inline pmd_t *pmd_offset(pgd_t *pgd, unsigned long address)
{
	(void)address;		/* one pmd per pgd entry: nothing to choose */
	return (pmd_t *)pgd;
}

#endif
