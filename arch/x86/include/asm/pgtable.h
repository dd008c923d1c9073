#ifndef _ASM_X86_PGTABLE_H
#define _ASM_X86_PGTABLE_H

/*
 * Page tables (Gorman chapter 3, Linux 2.4 include/asm-i386/pgtable.h).
 * Entries are the one-member structs pte_t, pmd_t and pgd_t, and code
 * reaches them only through the accessors below, so nothing outside the
 * pgtable headers knows how wide an entry is or how many levels there
 * are: the PAE build adds pgtable-3level.h and selects it here.
 */
#include <linux/types.h>
#include <asm/page.h>

#ifdef CONFIG_X86_PAE
#include <asm/pgtable-3level.h>
#else
#include <asm/pgtable-2level.h>
#endif

/* The span of one page table's entries, or of one large page. */
#define PMD_SIZE	(1UL << PMD_SHIFT)

/*
 * Entry bits (Intel SDM vol. 3A 4.3, Tables 4-4 to 4-6; PAE entries have
 * them in the same places).  Typed as entries, so that ~_PAGE_RW clears
 * one bit of an entry of any width.
 */
#define _PAGE_PRESENT	((pteval_t)0x001)
#define _PAGE_RW	((pteval_t)0x002)
#define _PAGE_PWT	((pteval_t)0x008)	/* write-through */
#define _PAGE_PCD	((pteval_t)0x010)	/* cache disabled: device registers */
#define _PAGE_ACCESSED	((pteval_t)0x020)	/* set by the CPU on use (SDM 4.8) */
#define _PAGE_DIRTY	((pteval_t)0x040)	/* set by the CPU on a write (SDM 4.8) */
#define _PAGE_PSE	((pteval_t)0x080)	/* in a pmd: one PMD_SIZE page, no table */
#define _PAGE_GLOBAL	((pteval_t)0x100)

/* A pmd that points to a kernel page table. */
#define _KERNPG_TABLE	(_PAGE_PRESENT | _PAGE_RW)

typedef pteval_t pgprotval_t;
typedef struct { pgprotval_t pgprot; } pgprot_t;

#define pgprot_val(x)	((x).pgprot)
#define __pgprot(x)	((pgprot_t) { (x) })

/*
 * Kernel mappings are supervisor-only (U/S clear), as head.asm makes the
 * first ones (entries 0x003).  2.4's PAGE_KERNEL also presets Accessed
 * and Dirty, sparing the CPU the locked update it does on first use (SDM
 * 4.8); here the CPU sets them, as it always has in this kernel.
 *
 * Only kernel text is executable once NX is on (the PAE build on a CPU
 * with NX, paging_init()): the other kinds carry _PAGE_NX, filtered
 * through __supported_pte_mask, which lets it through only while EFER.NXE
 * makes it mean something (Linux 2.6's mask of the same name).
 */
extern pteval_t __supported_pte_mask;

#define PAGE_KERNEL		__pgprot((_PAGE_PRESENT | _PAGE_RW | _PAGE_NX) & __supported_pte_mask)
#define PAGE_KERNEL_EXEC	__pgprot(_PAGE_PRESENT | _PAGE_RW)
#define PAGE_KERNEL_RO		__pgprot((_PAGE_PRESENT | _PAGE_NX) & __supported_pte_mask)
#define PAGE_KERNEL_RX		__pgprot(_PAGE_PRESENT)
#define PAGE_KERNEL_LARGE	__pgprot((_PAGE_PRESENT | _PAGE_RW | _PAGE_PSE | _PAGE_NX) & \
					 __supported_pte_mask)
#define PAGE_KERNEL_NOCACHE	__pgprot((_PAGE_PRESENT | _PAGE_RW | _PAGE_PCD | _PAGE_PWT | \
					  _PAGE_NX) & __supported_pte_mask)

static inline int pte_none(pte_t pte)
{
	return !pte_val(pte);
}

static inline int pte_present(pte_t pte)
{
	return !!(pte_val(pte) & _PAGE_PRESENT);
}

static inline int pte_write(pte_t pte)
{
	return !!(pte_val(pte) & _PAGE_RW);
}

static inline pte_t pte_wrprotect(pte_t pte)
{
	return __pte(pte_val(pte) & ~_PAGE_RW);
}

static inline pte_t pte_mkold(pte_t pte)
{
	return __pte(pte_val(pte) & ~_PAGE_ACCESSED);
}

static inline pte_t pte_mkclean(pte_t pte)
{
	return __pte(pte_val(pte) & ~_PAGE_DIRTY);
}

static inline unsigned long pte_pfn(pte_t pte)
{
	return (unsigned long)((pte_val(pte) & PTE_PFN_MASK) >> PAGE_SHIFT);
}

/* The frame number widens to an entry before the shift: PAE reaches past 4 GiB. */
static inline pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	return __pte(((pteval_t)pfn << PAGE_SHIFT) | pgprot_val(prot));
}

/* A pmd mapping PMD_SIZE from pfn directly: prot carries _PAGE_PSE. */
static inline pmd_t pfn_pmd(unsigned long pfn, pgprot_t prot)
{
	return __pmd(((pmdval_t)pfn << PAGE_SHIFT) | pgprot_val(prot));
}

/*
 * A macro, as in 2.4, so that this header does without linux/mm.h (in
 * Linux, mm.h includes it): struct page and page_to_pfn() are the
 * caller's.
 */
#define mk_pte(page, prot)	pfn_pte(page_to_pfn(page), (prot))

static inline int pmd_none(pmd_t pmd)
{
	return !pmd_val(pmd);
}

static inline int pmd_present(pmd_t pmd)
{
	return !!(pmd_val(pmd) & _PAGE_PRESENT);
}

/* A present pmd with PS set maps a large page, not a page table (SDM Table 4-4). */
static inline int pmd_large(pmd_t pmd)
{
	return (pmd_val(pmd) & (_PAGE_PSE | _PAGE_PRESENT)) == (_PAGE_PSE | _PAGE_PRESENT);
}

/* The kernel address of the page table a present, not large, pmd points to. */
static inline unsigned long pmd_page_kernel(pmd_t pmd)
{
	return (unsigned long)__va(pmd_val(pmd) & PTE_PFN_MASK);
}

#define pgd_index(address)	(((address) >> PGDIR_SHIFT) & (PTRS_PER_PGD - 1))
#define pte_index(address)	(((address) >> PAGE_SHIFT) & (PTRS_PER_PTE - 1))

/*
 * The kernel's page directory.  head.asm reserves it, and pg0 (its page
 * tables for the first 16 MiB, until paging_init() replaces them), in .bss.
 */
extern pgd_t swapper_pg_dir[PTRS_PER_PGD];
extern pte_t pg0[];

/* 2.4's pgd_offset_k(): the entry of swapper_pg_dir covering address. */
static inline pgd_t *pgd_offset_k(unsigned long address)
{
	return swapper_pg_dir + pgd_index(address);
}

static inline pte_t *pte_offset_kernel(pmd_t *pmd, unsigned long address)
{
	return (pte_t *)pmd_page_kernel(*pmd) + pte_index(address);
}

/*
 * Kernel virtual layout above PAGE_OFFSET (Gorman 4.1): low memory, an
 * 8 MiB gap, vmalloc space, then one page table each for the permanent
 * kmap window and, in the last one, the fixmaps (asm/fixmap.h).  The 128
 * MiB kept for vmalloc/kmap/fixmap is why low memory stops at 896 MiB.
 */
#define VMALLOC_RESERVE	(128UL << 20)
#define MAXMEM		(0UL - PAGE_OFFSET - VMALLOC_RESERVE)	/* 896 MiB */
#define MAXMEM_PFN	(MAXMEM >> PAGE_SHIFT)

/* What fixmap_pte maps (head.asm installs it): the last PMD_SIZE. */
#define FIXMAP_PTE_BASE	(0UL - PMD_SIZE)
#define FIXADDR_TOP	(0UL - PAGE_SIZE)

/* pkmap_page_table, the page table under fixmap_pte's (paging_init()). */
#define PKMAP_BASE	(FIXMAP_PTE_BASE - PMD_SIZE)

_Static_assert(LAST_PKMAP * PAGE_SIZE == PMD_SIZE,
	       "LAST_PKMAP must fill the one page table paging_init() gives PKMAP");

extern pte_t *pkmap_page_table;

void paging_init(void);

#endif
