#ifndef _ASM_X86_PGTABLE_3LEVEL_H
#define _ASM_X86_PGTABLE_3LEVEL_H

/*
 * PAE paging (Intel SDM vol. 3A 4.4, "PAE paging"; Linux 2.4
 * include/asm-i386/pgtable-3level.h, CONFIG_HIGHMEM64G): entries are 64
 * bits wide, so a 4 KiB table holds 512 of them and a 32-bit address
 * takes three levels -- a page-directory-pointer table of 4 entries
 * (each 1 GiB, the "pgd" here), page directories of 512 entries (each
 * 2 MiB, the pmd) and page tables of 512 entries.  An entry names a frame
 * up to bit 35 of the physical address on the CPUs 2.4 knew (SDM 4.4,
 * MAXPHYADDR 36), which is what lets a 32-bit kernel use 64 GiB of RAM.
 *
 * Include asm/pgtable.h, never this.  boot/head.asm builds the first
 * tables of this layout by hand before any C runs.
 */

typedef u64 pteval_t;
typedef u64 pmdval_t;
typedef u64 pgdval_t;

/*
 * As 2.4's pte_t of two longs, pte_low and pte_high: the halves are what
 * set_pte() below must store separately, in order, on a CPU whose widest
 * plain store is 32 bits.  The union gives the same 64-bit value to the
 * width-blind accessors in asm/pgtable.h.
 */
typedef union {
	struct { u32 pte_low, pte_high; };
	pteval_t pte;
} pte_t;
typedef union {
	struct { u32 pmd_low, pmd_high; };
	pmdval_t pmd;
} pmd_t;
typedef union {
	struct { u32 pgd_low, pgd_high; };
	pgdval_t pgd;
} pgd_t;

#define pte_val(x)	((x).pte)
#define pmd_val(x)	((x).pmd)
#define pgd_val(x)	((x).pgd)
#define __pte(x)	((pte_t) { .pte = (x) })
#define __pmd(x)	((pmd_t) { .pmd = (x) })
#define __pgd(x)	((pgd_t) { .pgd = (x) })

/*
 * The physical address bits 2.4 gives a PAE kernel: 36 (64 GiB).  e820.c
 * uses RAM only below 1 << MAX_PHYSMEM_BITS.  An entry's frame field is
 * bits 35:12 (SDM Tables 4-8 to 4-11 with MAXPHYADDR 36); the bits above
 * are reserved there and must stay clear.
 */
#define MAX_PHYSMEM_BITS	36
#define PTE_PFN_MASK	((((pteval_t)1 << MAX_PHYSMEM_BITS) - 1) & ~(pteval_t)(PAGE_SIZE - 1))

/*
 * Execute-disable (XD, SDM 4.6.2, Table 4-11): bit 63, honoured once
 * EFER.NXE is set -- until then it is a reserved bit, and paging_init()
 * sets it in entries only after turning NXE on (__supported_pte_mask).
 */
#define _PAGE_NX	((pteval_t)1 << 63)

#define PGDIR_SHIFT	30
#define PTRS_PER_PGD	4

#define PMD_SHIFT	21
#define PTRS_PER_PMD	512

#define PTRS_PER_PTE	512

/* The permanent kmap window is one page table (2.4: 512 with PAE). */
#define LAST_PKMAP	PTRS_PER_PTE

/*
 * A PDPTE may have only P, PWT, PCD and the address set: R/W, U/S and
 * the rest are reserved there, and CR3 loading faults on them (SDM 4.4.1,
 * Table 4-8).  2.4 writes "1 + __pa(pmd)" for the same reason.
 */
#define _PAGE_PDPT_PRESENT	((pgdval_t)0x001)

/*
 * The CPU reads an 8-byte entry as one access, but an i486-built kernel
 * writes it as two 4-byte stores.  A live entry must never be seen
 * present with a stale high half -- the page table walk would use a
 * frame that belongs to someone else -- so the high half goes first and
 * the low half, which holds the present bit, last (2.4's set_pte()).
 * The compiler barrier keeps the two stores in that order; x86 does not
 * reorder stores to memory (SDM vol. 3A 8.2.2).
 */
static inline void set_pte(pte_t *ptep, pte_t pte)
{
	ptep->pte_high = pte.pte_high;
	__asm__ __volatile__("" : : : "memory");
	ptep->pte_low = pte.pte_low;
}

/*
 * 2.4 writes pmds and pgds with one cmpxchg8b (set_64bit()), which the
 * i486 this kernel is built for lacks; the same order as set_pte() gives
 * the same guarantee.  A PDPTE is read only when CR3 is loaded (SDM
 * 4.4.1), so set_pgd() takes effect at the next __flush_tlb().
 */
static inline void set_pmd(pmd_t *pmdp, pmd_t pmd)
{
	pmdp->pmd_high = pmd.pmd_high;
	__asm__ __volatile__("" : : : "memory");
	pmdp->pmd_low = pmd.pmd_low;
}

static inline void set_pgd(pgd_t *pgdp, pgd_t pgd)
{
	pgdp->pgd_high = pgd.pgd_high;
	__asm__ __volatile__("" : : : "memory");
	pgdp->pgd_low = pgd.pgd_low;
}

/*
 * Clearing goes the other way: the low half, and with it the present
 * bit, first, so no walk sees the new high half under the old frame's
 * low bits (2.4's pte_clear() on three levels).
 */
static inline void pte_clear(pte_t *ptep)
{
	ptep->pte_low = 0;
	__asm__ __volatile__("" : : : "memory");
	ptep->pte_high = 0;
}

#define pmd_index(address)	(((address) >> PMD_SHIFT) & (PTRS_PER_PMD - 1))

/*
 * Every PDPTE of swapper_pg_dir points to a page directory from boot on
 * (head.asm), as 2.4 sets all four up in pagetable_init(), so a pgd
 * entry is never empty and the walk needs no check here.
 */
static inline pmd_t *pmd_offset(pgd_t *pgd, unsigned long address)
{
	return (pmd_t *)__va(pgd_val(*pgd) & PTE_PFN_MASK) + pmd_index(address);
}

#endif
