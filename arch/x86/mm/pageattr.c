/*
 * Permissions on the kernel's own pages (Linux's mark_rodata_ro(),
 * rodata_test() and, in the spirit of debug_pagealloc, initmem=unmap).
 *
 * After boot, .text and .rodata are mapped read-only and CR0.WP makes the
 * kernel honour that (Intel SDM vol. 3A 4.6: without WP, supervisor writes
 * ignore R/W).  The page under the boot stack is unmapped so an overflow
 * faults.  With initmem=unmap, freed .init pages are unmapped too, so a
 * stale call into boot code faults at once; a page of it that the buddy
 * allocator later hands out is mapped again first (arch_alloc_page()).
 */
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/pgalloc.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/sections.h>


bool initmem_unmap;
static bool initmem_unmapped;

/* initmem=poison|unmap; the last initmem= wins. */
static int __init initmem_setup(char *str)
{
	static const char *const ways[] __initconst = { "poison", "unmap", NULL };
	int i = get_choice_param("initmem", str, ways);

	if (i < 0)
		return -1;
	initmem_unmap = i == 1;
	return 0;
}
early_param("initmem", initmem_setup);

/*
 * The entry mapping vaddr in the kernel's page tables, or NULL where no
 * page table does (nothing mapped, or a large page).
 */
pte_t *lookup_kernel_pte(unsigned long vaddr)
{
	pmd_t *pmd = pmd_offset(pgd_offset_k(vaddr), vaddr);

	if (!pmd_present(*pmd) || pmd_large(*pmd))
		return NULL;
	return pte_offset_kernel(pmd, vaddr);
}

static pte_t *kernel_pte_or_bug(unsigned long vaddr)
{
	pte_t *pte = lookup_kernel_pte(vaddr);

	if (!pte)
		panic("no page table maps %08lx page by page", vaddr);
	return pte;
}

void set_kernel_page_present(unsigned long vaddr, bool present)
{
	pte_t *pte = kernel_pte_or_bug(vaddr);

	if (present)
		set_pte(pte, pfn_pte(PFN_DOWN(__pa(vaddr)), PAGE_KERNEL));
	else
		pte_clear(pte);
	__flush_tlb_one(vaddr);
}

void __init unmap_stack_guard(void)
{
	set_kernel_page_present((unsigned long)boot_stack_guard, false);
}

void mark_rodata_ro(void)
{
	unsigned long start = (unsigned long)_text, end = ALIGN((unsigned long)__end_rodata, PAGE_SIZE);

	for (unsigned long va = start; va < end; va += PAGE_SIZE) {
		pte_t *pte = kernel_pte_or_bug(va);

		set_pte(pte, pte_wrprotect(*pte));
	}
	write_cr0(read_cr0() | X86_CR0_WP);
	__flush_tlb();
	printk(KERN_INFO "Write protecting the kernel text and read-only data: %luk\n",
	       (end - start) >> 10);
}

/* Read through volatile, or the compiler folds the constant and the check. */
const u8 rodata_test_data = 0xc3;

/*
 * Linux's rodata_test(): a write to text or rodata must fault, a write to
 * data must not.  Each probe stores the byte that is already there, so a
 * kernel whose protection is broken reports it without being corrupted.
 */
bool rodata_test(void)
{
	static u8 writable;
	const volatile u8 *ro = &rodata_test_data;
	const volatile u8 *text = (const volatile u8 *)rodata_test;
	bool ok = true;

	if (!probe_kernel_write_byte((void *)ro, *ro)) {
		pr_err("rodata_test: test data was not read only\n");
		ok = false;
	}
	if (!probe_kernel_write_byte((void *)text, *text)) {
		pr_err("rodata_test: kernel text was not read only\n");
		ok = false;
	}
	if (probe_kernel_write_byte(&writable, 1) || READ_ONCE(writable) != 1) {
		pr_err("rodata_test: writable data could not be written\n");
		ok = false;
	}
	if (*ro != 0xc3) {
		pr_err("rodata_test: test data was changed\n");
		ok = false;
	}
	if (ok)
		pr_info("rodata_test: all tests were successful\n");
	return ok;
}

void unmap_initmem(void)
{
	for (char *addr = __init_begin; addr < __init_end; addr += PAGE_SIZE)
		set_kernel_page_present((unsigned long)addr, false);
	initmem_unmapped = true;
	pr_info("initmem=unmap: %luk of freed init memory unmapped\n",
		(unsigned long)(__init_end - __init_begin) >> 10);
}

/* Called by the buddy allocator for every block it hands out. */
void arch_alloc_page(struct page *page, unsigned int order)
{
	unsigned long first = PFN_DOWN(__pa(__init_begin)), last = PFN_DOWN(__pa(__init_end));
	unsigned long pfn = page_to_pfn(page);

	if (likely(!initmem_unmapped) || pfn >= last || pfn + (1UL << order) <= first)
		return;
	for (unsigned long p = max(pfn, first); p < min(pfn + (1UL << order), last); p++)
		set_kernel_page_present((unsigned long)__va(PFN_PHYS(p)), true);
}
